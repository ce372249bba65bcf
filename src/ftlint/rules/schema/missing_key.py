"""SC001 missing-key."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule
from ftlint.rules.schema._issues import issues_of_kind


class MissingKey(RecordRule):
    """Record lacks a key its format requires.

    ## What it does
    Validates each record against its format's typed view (see `rules/schemas/`) and reports
    every required key that is absent, with a pointer to where it belongs.

    ## Why it matters
    The provider rejects a record without, say, `messages` or a message without `role`.

    ## Example
    `{"messages": [{"content": "hi"}]}`: the message has no `role`.

    ## Fix
    Add the key.

    ## Options
    None.
    """

    code = "SC001"
    name = "missing-key"
    default_severity = Severity.ERROR
    when = "issues"

    def check_record(self, record: Record) -> Iterable[Violation]:
        return issues_of_kind(record, "missing")
