"""SC002 wrong-type."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule
from ftlint.rules.schema._issues import issues_of_kind


class WrongType(RecordRule):
    """A value in the record has the wrong JSON type.

    ## What it does
    Reports every value whose type differs from the format's, with a pointer to it: a number
    where a string belongs, a string where a list belongs, and so on. Values are never coerced.

    ## Why it matters
    The provider rejects the example; training libraries may crash mid-run or, worse, turn
    `5` into `"5"` silently.

    ## Example
    `{"messages": [{"role": "user", "content": 42}]}`.

    ## Fix
    Write the value with the expected type.

    ## Options
    None.
    """

    code = "SC002"
    name = "wrong-type"
    default_severity = Severity.ERROR
    when = "issues"

    def check_record(self, record: Record) -> Iterable[Violation]:
        return issues_of_kind(record, "type")
