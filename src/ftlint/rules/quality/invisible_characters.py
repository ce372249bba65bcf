"""DQ008 invisible-characters."""

from __future__ import annotations

import re
import unicodedata

from ftlint.core.edits import SetValue
from ftlint.core.findings import Applicability, Fix, Severity, Violation
from ftlint.core.rule import FixAvailability
from ftlint.rules._texts import TextRule
from ftlint.rules.quality._odd_text import INVISIBLE_RANGES, may_hold_odd_text

# C0 controls but tab, line feed and carriage return; DEL and the C1 controls; zero-width space,
# word joiner and a byte-order mark inside text; the bidirectional embeddings, overrides and isolates.
INVISIBLE = re.compile("[" + "".join(f"\\U{first:08x}-\\U{last:08x}" for first, last in INVISIBLE_RANGES) + "]")


class InvisibleCharacters(TextRule):
    """Text holds control, zero-width or bidirectional-control characters.

    ## What it does
    Looks through every string of the record for characters that show as nothing: control
    characters other than tab, line feed and carriage return (C0, DEL, C1), the zero-width space
    U+200B, the word joiner U+2060, a byte-order mark U+FEFF inside text, and the bidirectional
    embeddings, overrides and isolates U+202A-U+202E and U+2066-U+2069. The zero-width joiner and
    non-joiner (U+200D, U+200C), which emoji and several scripts need, and the left-to-right and
    right-to-left marks are not reported.

    A cheap look at the raw line, shared with DQ009 and DQ010, passes over the records that
    cannot hold such a character, so the rule costs the check almost nothing.

    ## Why it matters
    They come from copy and paste, PDF extraction and scraped pages. The model learns to emit
    them, they split tokens in odd places, and a bidirectional override makes text display
    differently from what it says.

    ## Example
    `"content": "Reset your pass\\u200bword"`.

    ## Fix
    Unsafe: `ftlint fix --unsafe-fixes` removes them (a bidirectional control can be meant, in
    right-to-left text).

    ## Options
    None.
    """

    code = "DQ008"
    name = "invisible-characters"
    default_severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS
    gate = staticmethod(may_hold_odd_text)

    def check_text(self, text: str, at: str) -> Violation | None:
        hits = INVISIBLE.findall(text)
        if not hits:
            return None
        first = INVISIBLE.search(text)
        assert first is not None
        kinds = sorted(set(hits), key=hits.index)
        named = ", ".join(_describe(ch) for ch in kinds[:3]) + (", ..." if len(kinds) > 3 else "")
        count = f"{len(hits)} invisible characters" if len(hits) > 1 else "an invisible character"
        fix = Fix("remove the invisible characters", Applicability.UNSAFE,
                  (SetValue(at, INVISIBLE.sub("", text), only_if=text),))
        return Violation(f"text has {count} ({named}), the first at character {first.start() + 1}", pointer=at,
                         fix=fix)


def _describe(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'control character').lower()}"
