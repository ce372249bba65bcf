"""DQ009 mojibake."""

from __future__ import annotations

import re

from ftlint.core.edits import SetValue
from ftlint.core.findings import Applicability, Fix, Severity, Violation
from ftlint.core.rule import FixAvailability
from ftlint.rules._texts import TextRule
from ftlint.rules.quality._odd_text import MOJIBAKE_CONTINUATIONS, MOJIBAKE_LEADS, as_cp1252, may_hold_odd_text

_BYTE_OF = {as_cp1252(byte): byte for byte in range(0x80, 0x100)}
# A UTF-8 lead byte and its continuation bytes, each shown as its Windows-1252 character.
_RUN = re.compile(f"[{re.escape(MOJIBAKE_LEADS)}][{re.escape(MOJIBAKE_CONTINUATIONS)}]+")


def repairs(text: str) -> list[tuple[int, str, str]]:
    """(position, garbled, intended) of every run in `text` that is UTF-8 read as Windows-1252."""
    if text.isascii():
        return []  # constant time: a str knows whether it is ASCII
    found = []
    for match in _RUN.finditer(text):
        try:
            intended = bytes(_BYTE_OF[char] for char in match.group()).decode("utf-8")
        except UnicodeDecodeError:
            continue  # not a whole UTF-8 sequence: real text such as "é…"
        found.append((match.start(), match.group(), intended))
    return found


class Mojibake(TextRule):
    """Text is UTF-8 that was read as Windows-1252 (`Ã©` for `é`, `â€™` for `'`).

    ## What it does
    Looks in every string for runs of characters that are the Windows-1252 view of the bytes of a
    UTF-8 character (Latin-1 gives the same view of most of them), and reports them when those
    bytes do decode as UTF-8: `Ã©` is `é`, `â€™` is a right quote, `Â ` is a no-break space. Text
    such as `é…` that only looks alike is not reported. Where a Latin-1 decoder made control
    characters of the bytes instead (`â\x80\x94` for an em dash), DQ008 reports those.

    A cheap look at the raw line, shared with DQ008 and DQ010, passes over the records that
    cannot hold such a run, so the rule costs the check almost nothing.

    ## Why it matters
    The model learns to write garbled text. It is the mark of a pipeline step that decoded
    bytes with the wrong encoding, so more of the data is usually affected.

    ## Example
    `"content": "CafÃ© au lait"`.

    ## Fix
    Unsafe: `ftlint fix --unsafe-fixes` writes the intended characters (text garbled twice is
    mended over two passes). Better: find the step that decoded with the wrong encoding.

    ## Options
    None.
    """

    code = "DQ009"
    name = "mojibake"
    default_severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS
    gate = staticmethod(may_hold_odd_text)

    def check_text(self, text: str, at: str) -> Violation | None:
        runs = repairs(text)
        if not runs:
            return None
        _, garbled, intended = runs[0]
        more = f" and {len(runs) - 1} more" if len(runs) > 1 else ""
        fix = Fix("write the intended characters", Applicability.UNSAFE,
                  (SetValue(at, _repaired(text, runs), only_if=text),))
        return Violation(f"text looks like UTF-8 read as Windows-1252: `{garbled}` for `{intended}`{more}",
                         pointer=at, fix=fix)


def _repaired(text: str, runs: list[tuple[int, str, str]]) -> str:
    parts, end = [], 0
    for start, garbled, intended in runs:
        parts += [text[end:start], intended]
        end = start + len(garbled)
    return "".join([*parts, text[end:]])
