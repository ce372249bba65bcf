"""The shape of an ASCII string: one `translate` to classes of characters, on which every digit
entity's gate is a few substring tests.

The gates in front of the recognizers were regular expressions that can start at any digit; on
arithmetic (`82/1 = <<42/1=73>>67`, a number every few characters) each tries all its branches at
every digit, ~10 microseconds a string for the screen and as much again for each entity. Here
the string is mapped once, at C speed, to a *shape*: `0` for a digit, `A` and `a` for upper- and
lower-case letters, the space, `-` and `.` as themselves, `s` for the other characters a phone
number's digits may be split by, `x` for anything else. Each gate is then a handful of `in`
tests on the shape (C's fast substring search), each the exact equivalent of the regular
expression named beside it on ASCII text; the tests compare them on random strings. Text with
other characters keeps the regular expressions (digits of other scripts count there).
"""

from __future__ import annotations

import re

# What a phone number's digits may be split by in the screen's pattern (`screen._DIGIT_ENTITY`),
# read from the pattern's own character class: ASCII whitespace (as `\s` takes it), - . ( ) / + ~.
PHONE_SEPARATOR = re.compile(r"[\s\-.()/+~\u2010-\u2015]")


def _table(classes: dict[int, bytes]) -> bytes:
    return bytes(classes.get(b, b"x")[0] for b in range(256))


def _shape_class(byte: int) -> bytes:
    char = chr(byte)
    if "0" <= char <= "9":
        return b"0"
    if "A" <= char <= "Z":
        return b"A"
    if "a" <= char <= "z":
        return b"a"
    if char in " -.":
        return char.encode()
    return b"s" if PHONE_SEPARATOR.fullmatch(char) else b"x"


_SHAPE = _table({b: _shape_class(b) for b in range(128)})
# The shape as the phone gate reads it: digits, separators (all one), anything else.
_PHONE_VIEW = _table({ord("0"): b"0", ord(" "): b" ", ord("-"): b" ", ord("."): b" ", ord("s"): b" "})
_PHONE_SEPARATORS = b" -.s"
_ALNUM_VIEW = _table({ord("0"): b"w", ord("A"): b"w", ord("a"): b"w"})


def shape_of(text: str) -> bytes | None:
    """The shape of `text` (see the module's docstring), or None when it is not ASCII."""
    if not text.isascii():
        return None
    return text.encode("ascii").translate(_SHAPE)


def digit_count(shape: bytes) -> int:
    return shape.count(b"0")


def phone_run(shape: bytes, length: int) -> bool:
    r"""`[0-9](?:[\s\-.()/+~]{0,3}[0-9]){length - 1}`: `length` digits, at most three separators
    between one and the next."""
    run = b"0" * length
    if run not in shape.translate(None, _PHONE_SEPARATORS):
        return False  # not even with any number of separators between the digits (most text)
    # A gap of four separators or more breaks a run: it becomes an `x`; the shorter gaps then go.
    view = shape.translate(_PHONE_VIEW).replace(b"    ", b"x").replace(b" ", b"")
    return run in view


# On the shape, each pattern is a plain one (a `0` is any digit), searched only where a cheap
# `in` test says it may be.
_SSN_SHAPE = re.compile(rb"000[- .]00[- .]0000")
_QUAD_SHAPE = re.compile(rb"0\.0{1,3}\.0{1,3}\.0")
_ONE_CASE = bytes(b"a"[0] if b == b"A"[0] else b for b in range(256))
_CARD_VIEW = _table({ord("0"): b"0"})


def card_start(shape: bytes) -> bool:
    r"""`\d{4}[- ]?\d{3}`: the first two groups of presidio's card pattern."""
    return b"0000" in shape and (b"0000000" in shape or b"0000-000" in shape or b"0000 000" in shape)


def ssn(shape: bytes) -> bool:
    """`[0-9]{3}[- .][0-9]{2}[- .][0-9]{4}`: the one SSN pattern that scores enough."""
    return b"0000" in shape and _SSN_SHAPE.search(shape) is not None


def dotted_quad(shape: bytes) -> bool:
    r"""`[0-9]\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]`: an IPv4 address's four numbers and three dots."""
    # Decimals are common and dotted quads rare: most text stops at the first test.
    return b"0.0" in shape and _QUAD_SHAPE.search(shape) is not None


def letters_then_digits(shape: bytes) -> bool:
    """`(?<=[A-Za-z]{2})[0-9]{2}`: an IBAN's country and check digits (any case)."""
    # One case for letters, then a substring test: the search of `[Aa]{2}00` cost ten times more.
    return b"00" in shape and b"aa00" in shape.translate(_ONE_CASE)


def card_run(shape: bytes) -> bool:
    r"""`\d[\d -]{12,}` holding 13 digits: a run of digits, spaces and dashes (where `find` looks
    for a card number, `scanner._card_zones`)."""
    return b"0" * 13 in shape.translate(_CARD_VIEW, b" -")


def upper_letters_then_digits(shape: bytes) -> bool:
    """`(?<=[A-Z]{2})[0-9]{2}`: an IBAN's country and check digits (upper case)."""
    return b"AA00" in shape


def alnum_run(shape: bytes, length: int) -> bool:
    """`[0-9A-Za-z]{length}`: a run of letters and digits (a wallet's)."""
    return b"w" * length in shape.translate(_ALNUM_VIEW)
