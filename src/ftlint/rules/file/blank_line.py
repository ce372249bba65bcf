"""FL004 blank-line."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.edits import DeleteLine
from ftlint.core.findings import Applicability, Fix, Severity, Violation
from ftlint.core.records import Line
from ftlint.core.rule import FixAvailability, LineRule


class BlankLine(LineRule):
    """Line is empty or holds only whitespace.

    ## What it does
    Reports every line with no content between records (a missing newline at the very end of the
    file is fine and is not reported).

    ## Why it matters
    In JSONL every line is one record. An empty line is not valid JSON: strict readers stop there,
    others count it as a malformed example.

    ## Example
    Two records separated by an empty line, or a file ending in `\\n\\n`.

    ## Fix
    `ftlint fix` deletes blank lines (safe: they hold no data).

    ## Options
    None.
    """

    code = "FL004"
    name = "blank-line"
    default_severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS

    def check_line(self, line: Line) -> Iterable[Violation]:
        if not line.blank:
            return ()
        what = "empty line" if not line.raw else "line holds only whitespace"
        return (Violation(f"{what}; every line of a JSONL file must be one record",
                          fix=Fix("delete the line", Applicability.SAFE, (DeleteLine("blank", reject=False),))),)
