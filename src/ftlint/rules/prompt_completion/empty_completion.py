"""PC009 empty-completion."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.edits import DeleteLine
from ftlint.core.findings import Applicability, Fix, Severity, Violation
from ftlint.core.records import Record
from ftlint.core.rule import FixAvailability, RecordRule
from ftlint.rules.prompt_completion._stats import PcRule

_FIX = Fix("move the record to the rejects file", Applicability.UNSAFE, (DeleteLine("empty completion"),))


class EmptyCompletion(PcRule, RecordRule):
    """Completion is empty or only whitespace.

    ## What it does
    Reports records whose completion has no text.

    ## Why it matters
    The model is trained on the completion only: an empty one teaches it to stop at once, and
    OpenAI's legacy tool removed such rows as a necessary fix.

    ## Example
    `{"prompt": "Summarise: ...", "completion": ""}`.

    ## Fix
    Write the completion, or `ftlint fix --unsafe-fixes` moves the record to the rejects file.

    ## Options
    None.
    """

    code = "PC009"
    name = "empty-completion"
    default_severity = Severity.ERROR
    fix_availability = FixAvailability.ALWAYS
    when = "valid"

    def check_record(self, record: Record) -> Iterable[Violation]:
        completion = record.view.get("completion") if record.view else None  # type: ignore[union-attr]
        if not isinstance(completion, str) or completion.strip():
            return ()
        what = "empty" if not completion else "only whitespace"
        return (Violation(f"completion is {what}; there is nothing to learn", pointer="/completion", fix=_FIX),)
