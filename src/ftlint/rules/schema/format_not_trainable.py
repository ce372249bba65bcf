"""SC006 format-not-trainable."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation
from ftlint.core.formats import FORMAT_BY_NAME
from ftlint.core.formats.trainers import profiles_advice
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
        formats = self.target.formats & frozenset(self.target.model.formats)
        if facts.format is None or facts.format in formats:
            return ()
        title = FORMAT_BY_NAME[facts.format].title
        wanted = " or ".join(sorted(FORMAT_BY_NAME[f].title for f in formats))
        advice = profiles_advice(facts.format, self.target.profile)
        return (
            Violation(
                f"{title} records cannot be trained on by {self.target.model.name} with profile "
                f"`{self.target.profile}`, which takes {wanted}" + (f"; {advice}" if advice else ""),
                line=facts.first_record_line or 1,
            ),
        )
