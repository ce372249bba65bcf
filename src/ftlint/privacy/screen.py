"""The fast screen in front of presidio: which lines, then which strings, could hold personal data.

Presidio reads ~1,000 strings a second; a check reads ~100,000 records. The screen lets through
every string in which one of presidio's recognizers could match, and almost nothing else: every
entity needs an `@` (e-mail, URL with credentials), a `::` or seven colons (IPv6), or digits
(phone, card, SSN, IBAN, IPv4: four digits at least; a wallet: a `1` or `3` and 25 letters and
digits). A line is screened on its raw bytes with C-speed operations only (one `translate` keeps
the few bytes that matter), ~2.5 us a line; only the strings of the lines that pass go through
one regular expression that can only start at a digit, and only those that pass it reach presidio.
The tests prove on a corpus that presidio finds nothing in what the screen rejects.

The PI rules' gate screens each string with `text_may_be_found`, stricter: of the strings the
screen lets through, only those in which `find` could find something (arithmetic, a third of
GSM8K's answers, passes the screen but holds no phone number the rules could report). With
google-re2 installed, `native_screen` answers the strings' screens in one automaton pass (the same
answers: a test compares them); the Python here answers without it.
"""

from __future__ import annotations

import re

from ftlint.privacy import digit_shape, native_screen
from ftlint.privacy.phones import may_report_a_number
from ftlint.privacy.scanner import _TWO_COLONS, _card_zones, _recognizers

_ASCII_DIGITS = b"0123456789"
_ASCII = bytes(range(128))
# Every byte that can matter to the line screen: digits, `@`, `:`, the quote (so the JSON's own
# `"key":"value"` leaves no `::`), and the bytes of non-ASCII characters. Deleting the rest leaves ~5% of a line,
# in which each test below is nearly free; deleting can only join what was apart, so a test true
# of the line is true of what is left.
_NOT_SCREENED = bytes(b for b in range(128) if chr(b) not in '0123456789@:"')
# All but the first bytes of the characters that can be digits in other scripts (UTF-8 leads D9 DB
# DF E0 E1 EA EF F0: Arabic, Indic, Thai, fullwidth, ...): Latin, Greek, Cyrillic and CJK text
# never needs decoding.
_NOT_DIGIT_LEADS = bytes(b for b in range(256) if b not in b"\xd9\xdb\xdf\xe0\xe1\xea\xef\xf0")
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
    kept = raw.translate(None, _NOT_SCREENED)
    # An IPv6 address has a digit, or only letters between its colons: then `::` is left of it.
    if b"@" in kept or b"::" in kept:
        return True
    # Four digits at least make an IPv4 address, and more a phone, card, SSN or IBAN; with fewer,
    # only a wallet address (`1` or `3` and 25 more letters and digits) is possible.
    digits = len(kept) - len(kept.translate(None, _ASCII_DIGITS))
    if digits >= 4 or (digits and _wallet_start(raw)):
        return True
    if kept.isascii():
        # An escaped character (`\u0663`) may be a digit; only an ASCII-only line escapes its text.
        return _ESCAPED_CHARACTER(raw) is not None
    if not kept.translate(None, _NOT_DIGIT_LEADS):
        return False
    rest = kept.translate(None, _ASCII).decode("utf-8", "ignore")
    return _ANY_DIGIT.search(rest) is not None


def _wallet_start(raw: bytes) -> bool:
    for digit in (b"1", b"3"):
        at = raw.find(digit)
        while at >= 0:
            if at + 26 <= len(raw) and raw[at + 1:at + 26].isalnum():
                return True
            at = raw.find(digit, at + 1)
    return False


def text_may_hold_pii(text: str) -> bool:
    """False when presidio would find no entity in `text`."""
    if "@" in text or "::" in text or text.count(":") >= 7:
        return True
    shape = digit_shape.shape_of(text)
    if shape is not None:
        return _digit_entity_in_shape(text, shape, digit_shape.digit_count(shape))
    return _non_ascii_may_hold_pii(text)


def text_may_be_found(text: str) -> bool:
    """`text_may_hold_pii`, and stricter where that cannot cost a finding: False also when `find`
    would find nothing in `text`, because none of its recognizers' own gates lets the text in and
    no phone number in it could be reported (the digits are arithmetic or bare runs:
    `122 - 63 - 81 - 92 = $<<202-33-90-47=1>>5`). A third of GSM8K's answers pass
    `text_may_hold_pii` for such sums, and `find` cost ~130 us each.
    """
    if "@" in text:
        return True  # an e-mail address, as `find` and `text_may_hold_pii` both say
    answer = native_screen.screen_text(text)
    if answer is not None:  # RE2's answer, the same as the Python below (a test compares)
        if not answer & native_screen.HOLD:
            return False
        return bool(answer & native_screen.GATES) or may_report_a_number(text)
    shape = digit_shape.shape_of(text)
    if shape is None:
        if not _non_ascii_may_hold_pii(text) and "::" not in text and text.count(":") < 7:
            return False
        return _may_be_found(text, None, None)
    digits = digit_shape.digit_count(shape)
    if not _digit_entity_in_shape(text, shape, digits) and "::" not in text and text.count(":") < 7:
        return False
    return _may_be_found(text, shape, digits)


def _may_be_found(text: str, shape: bytes | None, digits: int | None) -> bool:
    """Whether `find(text)` could find anything: one of its recognizers' gates lets the text in,
    or a phone number in it could be reported."""
    return _gates_let_in(text, shape, digits) or may_report_a_number(text)


def _gates_let_in(text: str, shape: bytes | None, digits: int | None) -> bool:
    """Whether one of `find`'s recognizers (all but the phone numbers') would search `text`: its
    gate, as `find` asks it, lets the text in, and for a card, the text has a run of 13 digits
    (`scanner._card_zones`: `find` searches a card's pattern only there)."""
    if shape is None or digits is None:
        # Text in other scripts may write digits that are not ASCII ones: `find` counts none there.
        return any(r.may_match(text, shape) and (r.entity != "CREDIT_CARD" or _card_zones(text))
                   for r in _recognizers())
    # On ASCII text, the same gates written out, the cheapest first (a test compares them).
    return ("@" in text  # e-mail address, URL with credentials
            or (":" in text and _TWO_COLONS.search(text) is not None)  # IPv6
            or (digits >= 4 and digit_shape.dotted_quad(shape))  # IPv4
            or (digits >= 13 and digit_shape.card_start(shape) and digit_shape.card_run(shape))
            or (digits >= 9 and digit_shape.ssn(shape))
            or (digits >= 2 and digit_shape.letters_then_digits(shape))  # IBAN
            or (digits >= 1 and digit_shape.alnum_run(shape, 26)))  # wallet


_ESCAPED_CHARACTER = re.compile(rb"\\u").search  # a quarter of the cost of `in` on a long line


def _non_ascii_may_hold_pii(text: str) -> bool:
    if _DIGIT_ENTITY.search(text):
        return True
    rest = text.encode("utf-8", "surrogatepass").translate(None, _ASCII).decode("utf-8", "ignore")
    return _ANY_DIGIT.search(rest) is not None


_WALLET_START = re.compile(r"[13][a-zA-HJ-NP-Z0-9]{25}")  # `_DIGIT_ENTITY`'s wallet branch


_SPARSE_DIGITS = 16  # measured on GSM8K-like text: the shape wins from about here


def _digit_entity_in_shape(text: str, shape: bytes, digits: int) -> bool:
    """`_DIGIT_ENTITY.search(text)` on ASCII text (with `digits` digits), branch by branch, on the
    text's shape."""
    if digits < _SPARSE_DIGITS:
        # The expression skips from digit to digit at C speed: with few digits it is the cheaper.
        return digits > 0 and _DIGIT_ENTITY.search(text) is not None
    if digits >= 2 and digit_shape.upper_letters_then_digits(shape):
        return True
    if digits >= 4 and digit_shape.dotted_quad(shape):
        return True
    if digits >= 6 and digit_shape.phone_run(shape, 6):
        return True
    return digits >= 1 and digit_shape.alnum_run(shape, 26) and _WALLET_START.search(text) is not None
