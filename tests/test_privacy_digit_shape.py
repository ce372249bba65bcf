"""The digit gates on an ASCII string's shape are the regular expressions they replaced, exactly.

Each gate of the screen (`text_may_hold_pii`) and of the scanner's recognizers reads the text's
shape (`ftlint.privacy.digit_shape`) when the text is ASCII. Here each is compared with its regular
expression on random strings built of the pieces that make the patterns match (digit runs,
separators, letters, dots, colons), and the screen with the full scan: whatever `find` finds, the
screen lets through.
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ftlint.privacy import digit_shape, scanner, screen
from ftlint.privacy.scanner import find
from ftlint.privacy.screen import text_may_hold_pii

PIECES = st.one_of(
    st.from_regex(r"[0-9]{1,5}", fullmatch=True),
    st.sampled_from([" ", "  ", "   ", "    ", "-", ".", "(", ")", "/", "+", "~", "\t", "\n", "\x1c", " - ", ". ",
                     "=", "<<", ">>", "*", "$", ":", "::", "@", "_", ",", "x", "AB", "ab", "aB", "GB", "I", "O", "#"]),
    st.from_regex(r"[A-Za-z0-9]{20,30}", fullmatch=True),
)
PIECED = st.lists(PIECES, max_size=14).map("".join)
ASCII = st.text(alphabet=st.characters(max_codepoint=127), max_size=60)
TEXTS = st.one_of(PIECED, ASCII)

# The screen as it was: one regular expression (still the one for text in other scripts).
OLD_SCREEN = re.compile(screen._DIGIT_ENTITY.pattern)
SHAPE_TESTS = [
    (scanner._CARD, digit_shape.card_start),
    (scanner._SSN, digit_shape.ssn),
    (scanner._IBAN_START, digit_shape.letters_then_digits),
    (re.compile(r"(?<=[A-Z]{2})[0-9]{2}"), digit_shape.upper_letters_then_digits),
    (scanner._DOTTED_QUAD, digit_shape.dotted_quad),
    (scanner._WALLET, lambda shape: digit_shape.alnum_run(shape, 26)),
    (re.compile(r"[0-9](?:[\s\-.()/+~]{0,3}[0-9]){5}"), lambda shape: digit_shape.phone_run(shape, 6)),
    (re.compile(r"[0-9](?:[\s\-.()/+~]{0,3}[0-9]){6}"), lambda shape: digit_shape.phone_run(shape, 7)),
]


@given(TEXTS)
@settings(max_examples=1500)
@example("Call 212 - 736   1234")
@example("1.2.3.4")
@example("12345.1.1.1")
@example("1.1234.1.1")
@example("GB82WEST")
@example("536-80-4398")
@example("4539 1488")
@example("1BoatSLRHtKNngkdXEeobR76b53LETtpyT")
@example("1 2 3    4 5 6")
@example("1\x1c2\x1c3\x1c4\x1c5\x1c6")
def test_each_shape_test_is_its_regular_expression(text: str) -> None:
    shape = digit_shape.shape_of(text)
    assert shape is not None
    for pattern, test in SHAPE_TESTS:
        assert test(shape) == (pattern.search(text) is not None), (pattern.pattern, text)
    digits = digit_shape.digit_count(shape)
    assert screen._digit_entity_in_shape(text, shape, digits) == (OLD_SCREEN.search(text) is not None), text


def test_the_shape_tests_see_what_they_are_for() -> None:
    # Not vacuous: each test says yes to its entity's shape and no to text without it.
    cases = [(digit_shape.card_start, "4539 1488 0343 6467"), (digit_shape.ssn, "536 80 4398"),
             (digit_shape.letters_then_digits, "de89 3704"), (digit_shape.upper_letters_then_digits, "GB82 WEST"),
             (digit_shape.dotted_quad, "ip 81.2.69.160"), (lambda shape: digit_shape.alnum_run(shape, 26),
                                                          "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"),
             (lambda shape: digit_shape.phone_run(shape, 6), "(212) 736-1234")]
    for test, text in cases:
        shape = digit_shape.shape_of(text)
        assert shape is not None and test(shape), text
        assert not test(digit_shape.shape_of("Natalia sold 82/1 = <<42/1=73>>67 clips in May.") or b""), text
    assert digit_shape.shape_of("Straße 12") is None  # not ASCII: the regular expressions judge it


@given(TEXTS)
@settings(max_examples=400, deadline=None)
@example("Call +1 (415) 736-2671 or 81.2.69.160, jane@acme-mail.io")
@example("SSN 536-80-4398; card 4539148803436467; IBAN GB82 WEST 1234 5698 7654 32")
def test_the_screen_lets_through_everything_the_scan_finds(text: str) -> None:
    if find(text):
        assert text_may_hold_pii(text), (text, find(text))


OTHER_SCRIPTS = st.sampled_from(["٤١٥", "\uff14\uff12", "é", "\u2010", "İ"])


@given(st.lists(st.one_of(PIECES, OTHER_SCRIPTS), max_size=10).map("".join))
@settings(max_examples=300, deadline=None)
def test_text_in_other_scripts_takes_the_regular_expressions(text: str) -> None:
    if find(text):
        assert text_may_hold_pii(text), (text, find(text))
