r"""Where presidio's e-mail pattern can match, and what it matches in a plain address, cheaply.

presidio's e-mail pattern (`_presidio_patterns`, in the `regex` module, IGNORECASE) is

    \b(  [S]  |  [S][S.]*[S]  )[@] \w+(?:-+\w+)*(?:\.\w+(?:-+\w+)*)+ \b

with S the local part's signs and word characters (`!#$%&'*+-/=?^_`{|}~` and `\w`). It takes no
character outside S, `.` and `@`, so the scanner searches it only in the *zones*: the runs of those
characters that hold an `@` (`zones`). Slow on prose, it is also slow on a zone (tens of
microseconds: each start backtracks over the run, and a timeout is armed per call), and most
zones are a plain address (`Name.1234@domain.com`, maybe in quotes or before a full stop), in
which what it matches can be read off directly (`plain_match`).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import regex

# presidio's pattern, the one `plain_match` reads (a test checks that it is still presidio's only one).
PATTERN = (r"\b((([!#$%&'*+\-/=?^_`{|}~\w])|([!#$%&'*+\-/=?^_`{|}~\w][!#$%&'*+\-/=?^_`{|}~\.\w]{0,}"
           r"[!#$%&'*+\-/=?^_`{|}~\w]))[@]\w+(?:-+\w+)*(?:\.\w+(?:-+\w+)*)+)\b")

# The ASCII characters a zone holds: S, `.` and `@` (on ASCII text `regex`'s `\w` is [A-Za-z0-9_]).
_SIGNS = "!#$%&'*+-/=?^_`{|}~."
_ZONE_CHARS = frozenset(_SIGNS + "@0123456789_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# Each ASCII byte as a zone reads it: `@`, `c` for the zone's other characters, a space for the rest.
_ZONE_VIEW = bytes((b"@" if chr(b) == "@" else b"c" if chr(b) in _ZONE_CHARS else b" ")[0] for b in range(256))


def zones(text: str) -> list[tuple[int, int]]:
    """The runs of characters an address can hold (presidio's pattern takes no other) around each
    `@`: the pattern is searched there only, not along the whole text."""
    if not text.isascii():
        return _unicode_zones(text)
    # One `translate` at C speed, then each run's ends are the nearest spaces of the view.
    view = text.encode("ascii").translate(_ZONE_VIEW)
    found: list[tuple[int, int]] = []
    at = view.find(b"@")
    while at != -1:
        end = view.find(b" ", at)
        if end == -1:
            end = len(view)
        found.append((view.rfind(b" ", 0, at) + 1, end))
        at = view.find(b"@", end)
    return found


def _unicode_zones(text: str) -> list[tuple[int, int]]:
    email_char, email_run = _email_characters()
    found: list[tuple[int, int]] = []
    at = text.find("@")
    while at != -1:
        start = at
        while start > 0 and email_char.match(text, start - 1):
            start -= 1
        end = email_run.match(text, at).end()
        found.append((start, end))  # a run ends at a character no run takes: the next one starts after it
        at = text.find("@", end)
    return found


@cache
def _email_characters() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    r"""What presidio's e-mail pattern takes: its local part's signs, word characters (as `regex`
    reads them: marks and joiners too, which the standard library's `\w` leaves out), dots, `@`."""
    import regex

    one = r"[!#$%&'*+\-/=?^_`{|}~\w.@]"
    return regex.compile(one), regex.compile(one + "*")


# A plain address in an ASCII zone: signs and dots before its first word character (a quote, a
# bracket's `{`), a local part from a word character to a word character right before the one `@`,
# a dotted domain of word characters and inner hyphens, and no word character after it.
_WORD = "[A-Za-z0-9_]"
_NOT_WORD = "[^A-Za-z0-9_@]"
_DOMAIN = rf"{_WORD}+(?:-+{_WORD}+)*(?:\.{_WORD}+(?:-+{_WORD}+)*)+"
_PLAIN = re.compile(rf"{_NOT_WORD}*({_WORD}(?:[^@]*{_WORD})?@{_DOMAIN}){_NOT_WORD}*")
# The longest address the standards allow; a longer zone is rare, and the pattern (with its
# timeout, as presidio's) decides it. On a plain zone the pattern runs in linear time, far from it.
PLAIN_LONGEST = 254


def plain_match(text: str, start: int, end: int) -> tuple[int, int] | None:
    r"""What presidio's pattern matches in the zone text[start:end] when the zone is a plain
    address (then it matches once, there); None when the zone is not plain.

    Why (on ASCII, where `regex`'s `\w`, case folded or not, is [A-Za-z0-9_]): in the zone, the
    pattern's leading `\b` holds first before the first word character (the characters just
    outside the zone are ones the pattern does not take, so not word characters); from there,
    its local part runs to the `@` (no part takes an `@`; it must end with S, and a word
    character is one). Each greedy part of the domain then takes a whole run (a label, the
    hyphens in it, a dot and the next label), and no part can go on into what follows: it needs
    a word character there. So the first try of the pattern's backtracking is the whole domain,
    and the closing `\b` holds after its last word character. The next search, after the
    match, finds no `@`.
    """
    if end - start > PLAIN_LONGEST or not (text.isascii() or text[start:end].isascii()):
        return None
    plain = _PLAIN.fullmatch(text, start, end)
    return None if plain is None else plain.span(1)
