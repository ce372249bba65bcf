"""FL001 invalid-utf8."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.edits import DeleteLine
from ftlint.core.findings import Applicability, Fix, Severity, Violation
from ftlint.core.records import Line
from ftlint.core.rule import FixAvailability, LineRule


class InvalidUtf8(LineRule):
    """Line contains bytes that are not valid UTF-8.

    ## What it does
    Finds lines whose bytes do not decode as UTF-8 and reports the first bad byte's offset in the
    file and its column in the line.

    ## Why it matters
    Providers read training files as UTF-8 and reject the file (or the example) at the first bad
    byte. Such bytes usually come from a file saved as Latin-1 or Windows-1252.

    ## Example
    A line holding `{"prompt": "caf\\xe9"}` where `\\xe9` is a Latin-1 byte.

    ## Fix
    Re-save the file as UTF-8, e.g. `iconv -f latin1 -t utf-8 in.jsonl > out.jsonl`;
    `ftlint fix --unsafe-fixes` moves the line to the rejects file (its bytes kept in base64).

    ## Options
    None.
    """

    code = "FL001"
    name = "invalid-utf8"
    default_severity = Severity.ERROR
    fix_availability = FixAvailability.ALWAYS

    def check_line(self, line: Line) -> Iterable[Violation]:
        error = line.error
        if error is None or error.kind != "utf8":
            return ()
        return (
            Violation(
                f"bytes at offset {error.byte_offset} (column {error.column}) are not valid UTF-8; "
                "re-save the file as UTF-8",
                fix=Fix("move the line to the rejects file", Applicability.UNSAFE, (DeleteLine("invalid UTF-8"),)),
                # The first bad byte's column in the line (the valid characters before it, plus one).
                column=error.column,
            ),
        )
