"""FL010 cr-line-ends."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.edits import FileChange, RewriteFile
from ftlint.core.findings import Applicability, Fix, Severity, Violation
from ftlint.core.records import FileFacts
from ftlint.core.rule import FileRule, FixAvailability


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
    `ftlint fix` ends every line with LF (safe). By hand: `mac2unix data.jsonl`.

    ## Options
    None.
    """

    code = "FL010"
    name = "cr-line-ends"
    default_severity = Severity.ERROR
    fix_availability = FixAvailability.ALWAYS

    def check_file(self, facts: FileFacts) -> Iterable[Violation]:
        if facts.line_ending != "cr":
            return ()
        return (Violation("file ends lines with a bare CR (\\r); readers will see one long line",
                          fix=Fix("end every line with LF", Applicability.SAFE,
                                  (RewriteFile(FileChange.LF_LINE_ENDS),))),)
