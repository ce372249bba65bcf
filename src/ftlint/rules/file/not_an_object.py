"""FL006 not-an-object."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.edits import DeleteLine
from ftlint.core.findings import Applicability, Fix, Severity, Violation
from ftlint.core.formats.validate import describe
from ftlint.core.records import Line
from ftlint.core.rule import FixAvailability, LineRule


class NotAnObject(LineRule):
    """Line is valid JSON but not a JSON object.

    ## What it does
    Reports lines that parse to an array, a string, a number, `true`, `false` or `null` instead
    of an object with the format's keys.

    ## Why it matters
    Every training example must be one JSON object; providers reject the file with "line N is
    not a dictionary".

    ## Example
    `[{"role": "user", "content": "hi"}]` (a bare list of messages without `{"messages": ...}`).

    ## Fix
    Wrap the value in the object the format expects, e.g. `{"messages": [...]}`;
    `ftlint fix --unsafe-fixes` moves the line to the rejects file.

    ## Options
    None.
    """

    code = "FL006"
    name = "not-an-object"
    default_severity = Severity.ERROR
    fix_availability = FixAvailability.ALWAYS

    def check_line(self, line: Line) -> Iterable[Violation]:
        if not line.parsed or isinstance(line.value, dict):
            return ()
        return (Violation(f"line is {describe(line.value)}, not a JSON object; each line must be one record",
                          fix=Fix("move the line to the rejects file", Applicability.UNSAFE,
                                  (DeleteLine("not a JSON object"),))),)
