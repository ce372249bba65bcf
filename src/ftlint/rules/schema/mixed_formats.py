"""SC004 mixed-formats."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation
from ftlint.core.formats import FORMAT_BY_NAME
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule


class MixedFormats(RecordRule):
    """Record is in a different format from the rest of its file.

    ## What it does
    Compares each record's shape with the file's format (the majority of its first records, or
    `--input-format`) and reports records that differ, e.g. a prompt/completion record in a chat
    file. The record is still checked as what it is.

    ## Why it matters
    A training file has one format; providers reject files that mix them, and a mixed file is
    usually two datasets concatenated by mistake.

    ## Example
    `{"prompt": "a", "completion": "b"}` in a file of `{"messages": [...]}` records.

    ## Fix
    Rewrite the odd records in the file's format, or move them to their own file (each
    format's file can then be checked for a target that trains on it).

    ## Options
    None.
    """

    code = "SC004"
    name = "mixed-formats"
    default_severity = Severity.ERROR

    def check_record(self, record: Record) -> Iterable[Violation]:
        if record.file_format is None or record.format == record.file_format:
            return ()
        mine, theirs = FORMAT_BY_NAME[record.format].title, FORMAT_BY_NAME[record.file_format].title  # type: ignore[index]
        return (Violation(f"record is {mine} but the file is {theirs}"),)
