"""The fast screen in front of presidio: which lines, then which strings, could hold personal data.

Presidio reads ~1,000 strings a second; a check reads ~100,000 records. The screen lets through
every string in which one of presidio's recognizers could match, and almost nothing else: every
entity needs an `@` (e-mail, URL with credentials), a `::` or seven colons (IPv6), or digits
(phone, card, SSN, IBAN, IPv4, wallet). A line is screened on its raw bytes with C-speed
operations only, so the ~90% of lines without digits cost a few hundred nanoseconds; the strings
of the other lines go through one regular expression that can only start at a digit.
The tests prove on a corpus that presidio finds nothing in what the screen rejects.
"""

from __future__ import annotations

import re

_ASCII_DIGITS = b"0123456789"
_ASCII = bytes(range(128))
# A decimal digit of any script (presidio's phone and card checks read Arabic-Indic or fullwidth
# digits too); searched only in the non-ASCII part of a line, which is usually short.
_ANY_DIGIT = re.compile(r"\d")
# Where a digit-bearing entity could start. Every branch starts at an ASCII digit, so the search
# skips to digits at C speed: six digits with separators (phone, card, SSN), dotted IPv4, a wallet
# (`1`, `3` or `bc1` and 25 base58 characters), and the check digits of an IBAN after its country.
_DIGIT_ENTITY = re.compile(
    r"[0-9](?:"
    r"(?:[\s\-.()/+~\u2010-\u2015]{0,3}[0-9]){5}"
    r"|[0-9]{0,2}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]"
    r"|(?<=[13])[a-zA-HJ-NP-Z0-9]{25}"
    r"|(?<=[A-Z][A-Z][0-9])[0-9]"
    r")"
)


def line_may_hold_pii(raw: bytes) -> bool:
    """False when no string of this JSON line can hold an entity presidio would find."""
    if b"@" in raw or b"::" in raw or b"\\u" in raw:  # \u: an escaped character may be a digit
        return True
    if len(raw.translate(None, _ASCII_DIGITS)) != len(raw):
        return True
    # A full IPv6 address has seven colons; those of the JSON itself follow a key's closing quote.
    if raw.count(b":") - raw.count(b'":') >= 7:
        return True
    return not raw.isascii() and _ANY_DIGIT.search(raw.translate(None, _ASCII).decode("utf-8", "ignore")) is not None


def text_may_hold_pii(text: str) -> bool:
    """False when presidio would find no entity in `text`."""
    if "@" in text or "::" in text or text.count(":") >= 7 or _DIGIT_ENTITY.search(text):
        return True
    if text.isascii():
        return False
    rest = text.encode("utf-8", "surrogatepass").translate(None, _ASCII).decode("utf-8", "ignore")
    return _ANY_DIGIT.search(rest) is not None
