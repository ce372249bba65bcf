"""FL010 cr-line-ends."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation
from ftlint.core.records import FileFacts
from ftlint.core.rule import FileRule


class CrLineEnds(FileRule):
    """File separates lines with a bare carriage return (classic Mac OS line ends).

    ## What it does
    Reports a file whose lines end in `\\r` alone. ftlint splits it on `\\r` to check the
    records, so line numbers are the ones an editor shows.

    ## Why it matters
    Line-based readers, and every provider, see the whole file as one line holding many
    records, and reject it.

    ## Example
    A file exported by an old Mac spreadsheet.

    ## Fix
    Convert the line ends, e.g. `mac2unix data.jsonl` or `tr '\\r' '\\n'`.

    ## Options
    None.
    """

    code = "FL010"
    name = "cr-line-ends"
    default_severity = Severity.ERROR

    def check_file(self, facts: FileFacts) -> Iterable[Violation]:
        if facts.line_ending != "cr":
            return ()
        return (Violation("file ends lines with a bare CR (\\r); readers will see one long line"),)
