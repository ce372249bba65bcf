"""FL005 invalid-json."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.edits import DeleteLine
from ftlint.core.findings import Applicability, Fix, Severity, Violation
from ftlint.core.records import Line
from ftlint.core.rule import FixAvailability, LineRule

_HINTS = {
    "trailing comma is not allowed": "remove the comma before the closing bracket",
    "unexpected content after document": "a line must hold exactly one JSON value; split it into lines",
    "unexpected end of data": "the record is cut short; is a string or bracket left open?",
    # orjson's words for a `\\ud800`-style escape without its other half: text cut mid-emoji, or
    # written by a tool that splits UTF-16 pairs. It is no character at all.
    "no low surrogate": "an unpaired UTF-16 surrogate escape is not a character; remove it or complete the pair",
    "invalid high surrogate": "an unpaired UTF-16 surrogate escape is not a character; remove it or complete the pair",
    "invalid low surrogate": "an unpaired UTF-16 surrogate escape is not a character; remove it or complete the pair",
}


class InvalidJson(LineRule):
    """Line is not valid JSON.

    ## What it does
    Parses every line and reports where parsing failed, with the column and the byte offset in
    the file. `NaN` and `Infinity`, which Python's `json` writes but JSON forbids, and nesting
    deeper than 1,024 levels get messages of their own (pointing at the bracket that opens the
    1,025th level; in a pretty-printed record, with its line); an unpaired surrogate escape
    (`\\ud83d` alone, half an emoji) is named as such.

    ## Why it matters
    The provider rejects the whole file: "Example N cannot be parsed".

    ## Example
    `{"prompt": "hi", "completion": "there",}` (a trailing comma).

    ## Fix
    Correct the JSON by hand; `ftlint fix --unsafe-fixes` moves the line to the rejects file
    (unsafe: the record leaves the dataset).

    ## Options
    None.
    """

    code = "FL005"
    name = "invalid-json"
    default_severity = Severity.ERROR
    fix_availability = FixAvailability.ALWAYS

    def check_line(self, line: Line) -> Iterable[Violation]:
        error = line.error
        if error is None or error.kind == "utf8":
            return ()
        where = (f"at line {error.line}, " if error.line else "at ") + f"column {error.column}"
        where += f" (byte {error.byte_offset})" if error.byte_offset >= 0 else ""
        if error.kind == "nan":
            text = f"`{error.message}` {where} is not valid JSON; write null or a string instead"
        elif error.kind == "depth":
            text = f"nesting is deeper than the 1,024 levels a JSON parser accepts {where}"
        else:
            hint = next((h for key, h in _HINTS.items() if error.message.startswith(key)), "")
            text = f"invalid JSON {where}: {error.message}" + (f"; {hint}" if hint else "")
        # The finding is at the record's first line: the column is given only when the error is on that
        # line too. In a pretty-printed record whose error is further down, a column would point into
        # the wrong line (the message names the error's own line and column instead).
        column = error.column if error.line in (0, line.number) else 0
        return (Violation(text, fix=Fix("move the line to the rejects file", Applicability.UNSAFE,
                                        (DeleteLine("invalid JSON"),)), column=column),)
