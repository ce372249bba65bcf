"""The strings' screen (`screen.text_may_hold_pii`) asked of all the strings of a record at once, in one
pass of RE2 (google-re2, in the `fast` extra) when it is installed.

Python's screen costs a few microseconds a string, most of them passes over its text; arithmetic
(GSM8K: digits in every string) passes the line's screen, so every string of such a record paid
them, ~25 us a record. RE2 runs the screen's expressions as one automaton over the record's
strings joined by NUL, ~3 us: no expression's run can go through a NUL (none of their classes
holds it), so the joined text matches when one of its strings does, and only then.

Python's classes are written out for RE2: its `\\s` as the characters it takes, and a digit of another
script as RE2's `\\p{Nd}` (its Unicode tables are as new as Python's or newer: a digit Python knows,
RE2 knows; one RE2 knows besides can only let a string through). Where the answer cannot be
read this way (a string holding a NUL itself, or an unpaired surrogate) it is "may", and the
caller's screen of each string decides; so it does without RE2. A test compares the two screens.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

# `screen._DIGIT_ENTITY` and the tests around it in `text_may_hold_pii`, each branch written without
# the look-behinds RE2 does not have (as a yes-or-no test, the same thing): a phone run (six ASCII
# digits, at most three separators between), an IPv4 address's dotted quad, a wallet (`1` or `3` and
# 25 base58 characters), an IBAN's country and check digits; an `@`; the two colons of an IPv6
# address, or seven colons in one string; a digit of another script.
_SPACE = (r"\t\n\x0b\x0c\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}"
          r"\x{3000}")  # Python's `\s` (a test compares)
_SCREEN = (
    r"@|::|:(?:[^\x00]*:){6}"
    r"|[0-9](?:[" + _SPACE + r"\-.()/+~\x{2010}-\x{2015}]{0,3}[0-9]){5}"
    r"|[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]"
    r"|[13][a-zA-HJ-NP-Z0-9]{25}"
    r"|[A-Z][A-Z][0-9][0-9]"
    r"|[^\P{Nd}0-9]"
)
SEPARATOR = "\x00"
# `screen._gates_let_in` on ASCII text (the gates of `find`'s recognizers), each the expression its
# shape test in `digit_shape` stands for: an e-mail's `@`, IPv6's two colons, an IPv4 dotted quad, an
# SSN, an IBAN's letters and digits (any case); a card needs both a start and a run of 13 digits, a
# wallet's run of 26 letters and digits a digit somewhere in the text.
_GATES = (r"@|:[0-9A-Fa-f]{0,4}:|[0-9]\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]|[0-9]{3}[- .][0-9]{2}[- .][0-9]{4}"
          r"|[A-Za-z]{2}[0-9]{2}")
_CARD_START, _CARD_RUN = r"[0-9]{4}[- ]?[0-9]{3}", r"[0-9](?:[ -]*[0-9]){12}"
_ALNUM_RUN, _DIGIT = r"[0-9A-Za-z]{26}", r"[0-9]"
HOLD, GATES = 1, 2  # the answers of `screen_text`


def strings_may_hold_pii(texts: list[str]) -> bool:
    """False when `screen.text_may_hold_pii` is False for every string of `texts`; True when it may
    be True for one (or when RE2 is not installed, or cannot read the strings: then ask each one)."""
    if not texts:
        return False
    search = _search()
    if search is None:
        return True
    joined = SEPARATOR.join(texts)
    if joined.count(SEPARATOR) != len(texts) - 1:
        return True  # a string holds a NUL of its own
    try:
        data = joined.encode("utf-8")
    except UnicodeEncodeError:
        return True  # an unpaired surrogate, which RE2 would not read as a character
    return search(data)


def screen_text(text: str) -> int | None:
    """For ASCII `text`: HOLD when `screen.text_may_hold_pii(text)`, and GATES when one of `find`'s
    recognizers' gates lets it in (`screen._gates_let_in`), in one pass; None when RE2 is not installed
    or the text is not ASCII (then Python's screens answer)."""
    if not text.isascii():
        return None
    match = _text_match()
    if match is None:
        return None
    found = match(text.encode("ascii"))
    if not found:
        return 0
    answer = HOLD if 0 in found else 0
    if 1 in found or (2 in found and 3 in found) or (4 in found and 5 in found):
        answer |= GATES
    return answer


@cache
def _text_match() -> Callable[[bytes], list[int] | None] | None:
    """The indices of the patterns found in the bytes (the screen's, then the gates'), or None without
    google-re2."""
    try:
        import re2
    except ImportError:
        return None
    patterns = re2.Set.SearchSet(re2.Options())
    for pattern in (_SCREEN, _GATES, _CARD_START, _CARD_RUN, _ALNUM_RUN, _DIGIT):
        patterns.Add(pattern.encode())
    patterns.Compile()
    return patterns._set.Match  # type: ignore[no-any-return]  # (as in `_search`)


@cache
def _search() -> Callable[[bytes], bool] | None:
    """Whether the screen matches somewhere in the bytes, or None without google-re2."""
    try:
        import re2  # ~10 ms: imported when the first record passes the line's screen
    except ImportError:
        return None
    screen = re2.Set.SearchSet(re2.Options())  # UTF-8
    screen.Add(_SCREEN.encode())
    screen.Compile()
    match = screen._set.Match  # the compiled set's own: its wrapper only turns [] into None
    return lambda data: bool(match(data))
