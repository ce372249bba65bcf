"""FL002 utf8-bom."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.edits import FileChange, RewriteFile
from ftlint.core.findings import Applicability, Fix, Severity, Violation
from ftlint.core.records import FileFacts
from ftlint.core.rule import FileRule, FixAvailability


class Utf8Bom(FileRule):
    """File starts with a UTF-8 byte order mark.

    ## What it does
    Reports a file whose first bytes are the UTF-8 byte order mark (`EF BB BF`). ftlint skips the
    mark and checks the records after it.

    ## Why it matters
    JSON forbids a byte order mark, so a strict reader sees garbage before the first `{`: OpenAI
    answers that line 1 "is not a dictionary". Windows editors add the mark silently.

    ## Example
    A file saved by Notepad as "UTF-8 with BOM".

    ## Fix
    `ftlint fix` removes the BOM (safe). By hand: save as "UTF-8", not "UTF-8 with BOM".

    ## Options
    None.
    """

    code = "FL002"
    name = "utf8-bom"
    default_severity = Severity.ERROR
    fix_availability = FixAvailability.ALWAYS

    def check_file(self, facts: FileFacts) -> Iterable[Violation]:
        if facts.encoding != "utf-8-sig":
            return ()
        return (Violation("file starts with a UTF-8 byte order mark, which JSON does not allow",
                          fix=Fix("remove the byte order mark", Applicability.SAFE,
                                  (RewriteFile(FileChange.STRIP_BOM),))),)
