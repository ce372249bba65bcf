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
    `ftlint convert` turns the records into the target's format; or choose another target with
    `--profile` or `--model`.

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
        return (
            Violation(
                f"{title} records cannot be trained on by {target.trainer} with profile "
                f"`{target.profile}`, which takes {wanted}; `ftlint convert` will turn them into "
                "the target's format",
                line=facts.first_record_line or 1,
            ),
        )
