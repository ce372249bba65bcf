"""SC003 unknown-key."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule
from ftlint.rules.schema._issues import issues_of_kind


class UnknownKey(RecordRule):
    """Record or message has a key its format does not define.

    ## What it does
    Reports keys that are not part of the format, at the record's top level and inside
    messages, content parts and tool calls.

    ## Why it matters
    OpenAI rejects examples with keys it does not know ("contains an extra ..."); other trainers
    drop them silently, so metadata you meant to keep is lost, or a misspelt key (`contnet`) means
    a field is missing.

    ## Example
    `{"messages": [...], "source": "crawl-3"}`.

    ## Fix
    Remove the key, or keep metadata in a separate file keyed by line.

    ## Options
    None.
    """

    code = "SC003"
    name = "unknown-key"
    default_severity = Severity.WARNING
    when = "issues"

    def check_record(self, record: Record) -> Iterable[Violation]:
        return issues_of_kind(record, "unknown")
