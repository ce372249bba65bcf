"""SC006 format-not-trainable."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation
from ftlint.core.formats import FORMAT_BY_NAME
from ftlint.core.records import FileFacts
from ftlint.core.rule import FileRule


class FormatNotTrainable(FileRule):
    """The file's format is not one the target model trains on.

    ## What it does
    Compares the file's format with the formats of the chosen profile and model (from
    `rules/models.toml`), e.g. alpaca records for an OpenAI chat model, or prompt/completion for
    `gpt-4o-mini`.

    ## Why it matters
    The provider rejects the whole file, after the upload.

    ## Example
    `{"instruction": "...", "output": "..."}` checked with the default `openai` profile.

    ## Fix
    Choose a target that trains on the file's format: the message names the profiles that do
    (e.g. `axolotl` or `llamafactory` for alpaca and ShareGPT records), for `--profile`, or a
    model of the same provider for `--model`. Or rewrite the records in the target's format.

    ## Options
    None.
    """

    code = "SC006"
    name = "format-not-trainable"
    default_severity = Severity.ERROR

    def check_file(self, facts: FileFacts) -> Iterable[Violation]:
        target = self.target
        formats = {f for f in target.formats if target.model.trains_on(f)}
        if facts.format is None or facts.format in formats:
            return ()
        title = FORMAT_BY_NAME[facts.format].title
        wanted = " or ".join(sorted(FORMAT_BY_NAME[f].title for f in formats))
        advice = _advice(self.target.trained_by.get(facts.format, ()), target.profile)
        return (
            Violation(
                f"{title} records cannot be trained on by {target.trainer} with profile "
                f"`{target.profile}`, which takes {wanted}" + (f"; {advice}" if advice else ""),
                line=facts.first_record_line or 1,
            ),
        )


def _advice(trained_by: tuple[str, ...], current_profile: str) -> str:
    """E.g. "profiles that train on them: `axolotl`, `llamafactory` (choose one with --profile)": the
    current profile left out; when it is one of them, the advice is one of its models that does."""
    others = [profile for profile in trained_by if profile != current_profile]
    parts = []
    if others:
        names = ", ".join(f"`{profile}`" for profile in others)
        parts.append(f"profiles that train on them: {names} (choose one with --profile)")
    if current_profile in trained_by:
        parts.append(f"a model of `{current_profile}` that takes them (--model)")
    return ", or ".join(parts)
