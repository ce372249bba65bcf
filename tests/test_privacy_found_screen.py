"""The PI gate's screen of a string (`text_may_be_found`) rejects only what `find` finds nothing in.

It is `text_may_hold_pii` and stricter: a string whose only digits that could make an entity are
arithmetic or bare runs (GSM8K's answers: `122 - 63 - 81 - 92 = $<<202-33-90-47=1>>5`) is not
scanned. Here, on the privacy corpora, the real files and random text mixing arithmetic with
phone numbers, every string it rejects is one in which `find` finds nothing, and every string
`text_may_hold_pii` rejects it rejects too; and its pieces are each what they replace: the
written-out gates are `find`'s recognizers' gates, the zones are the reference implementation's,
and a zone of sums skipped whole holds no number the PI rules could report.
"""

from __future__ import annotations

import random

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ftlint.privacy import detect, digit_shape, phones, scanner, screen
from ftlint.privacy.presidio import PATTERN_ENTITIES
from ftlint.privacy.scanner import find
from ftlint.privacy.screen import text_may_be_found, text_may_hold_pii
from tests import phones_reference as reference
from tests.test_privacy import corpus, real_texts
from tests.test_privacy_phones_equal import _arithmetic, _written_number
from tests.test_privacy_precision import PRECISION, RECALL

_WORDS = st.sampled_from(["the phone ", "call me ", "my number ", "so ", "He earns ", "cell ", "\n", "tel ", "Total ",
                          "IBAN de89 ", "card 4111 1111 1111 1111 ", "ip 81.2.69.160 ", "a@b.com ", "fe80::1 ",
                          "seed ", "#### ", "(", ") ", "= ", " x ", "\u00d7 ", "ext. 12 ", "Order #"])
_ARITHMETIC_TEXT = st.lists(st.one_of(_arithmetic(), _written_number(), _WORDS), min_size=1, max_size=7).map("".join)


def _assert_sound(text: str) -> bool:
    """Asserts what the gate's answer on `text` must satisfy; returns the answer."""
    found = text_may_be_found(text)
    if not text_may_hold_pii(text):
        assert not found, text
    if not found:
        assert find(text) == [], text
    return found


def _gsm8k_like(count: int, seed: int) -> list[str]:
    """Answers as GSM8K writes them, with a phone number or a card now and then."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 5)):
            a, b, c, d = (rng.randrange(1, 10**rng.randint(1, 4)) for _ in range(4))
            parts.append(rng.choice([
                f"She sold {a} - {b} - {c} - {d} = $<<{a}-{b}-{c}-{d}={a - b - c - d}>>{a - b - c - d}.",
                f"{a} + {b} + {c} = <<{a}+{b}+{c}={a + b + c}>>{a + b + c} pages",
                f"{a}*{b} = {a * b} and {a * b}/{c} = {a * b // c}",
                f"He has {a},{b:03d}-{c} = ${a * 1000 + b - c}",
                f"#### {a}{b}{c}",
                f"call {rng.randrange(201, 999)}-{rng.randrange(200, 999)}-{rng.randrange(10**4):04d}",
                f"({rng.randrange(201, 999)}) {rng.randrange(200, 999)}-{rng.randrange(10**4):04d} is Bob's",
                f"= {rng.randrange(201, 999)}-{rng.randrange(200, 999)}-{rng.randrange(10**4):04d}",
                f"Total: {a}.{b} {c}.{d}",
            ]))
        texts.append("\n".join(parts))
    return texts


def test_the_gate_is_sound_on_the_corpora_and_the_real_files() -> None:
    texts = corpus() + real_texts() + PRECISION + RECALL + _gsm8k_like(600, seed=3)
    passed = [_assert_sound(text) for text in texts]
    # Not vacuous: it lets through the strings with personal data, and turns away arithmetic
    # that `text_may_hold_pii` let through.
    assert all(text_may_be_found(text) for text in RECALL)
    sums = [text for text in _gsm8k_like(300, seed=5) if text_may_hold_pii(text) and not find(text)]
    assert sum(not text_may_be_found(text) for text in sums) > len(sums) * 0.8
    assert any(passed)


@settings(max_examples=300, deadline=None, derandomize=True)
@example(text="Betty needs 122 - 63 - 81 - 92 = $<<202-33-90-47=1>>5")
@example(text="phone 122 - 63 - 81 - 92 = 5")
@example(text="(415) 867-5309 = 12")
@example(text="x <<12 (415) 867-5309")
@given(text=_ARITHMETIC_TEXT)
def test_the_gate_is_sound_on_arithmetic_with_phone_numbers(text: str) -> None:
    _assert_sound(text)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(text=st.one_of(_ARITHMETIC_TEXT, st.text(alphabet=st.characters(max_codepoint=127), max_size=60)))
def test_the_zones_are_the_reference_implementations(text: str) -> None:
    assert list(phones._zones(text)) == list(reference._zones(text)), text


@settings(max_examples=300, deadline=None, derandomize=True)
@example(text="s 122 - 63 - 81 - 92 = ")
@example(text="5790 + 8957 / 1 = 7765 + 4677 = ")
@given(text=_ARITHMETIC_TEXT)
def test_a_zone_of_sums_skipped_holds_no_number_the_rules_could_report(text: str) -> None:
    for zone_start, zone_end in phones._zones(text):
        if detect.arithmetic_not_said_phone(text, zone_start, zone_end):
            for start, end in phones._candidates_in(text, zone_start, zone_end):
                assert not reference._could_be_reported(text, start, end), text[start:end]


def test_sums_up_to_an_equals_sign_are_skipped_and_little_else() -> None:
    assert detect.arithmetic_not_said_phone("s 122 - 63 - 81 - 92 = ", 0, 23)
    text = "Call 122 - 63 - 81 - 92 = "
    assert not detect.arithmetic_not_said_phone(text, 4, len(text))  # a phone word near
    assert not detect.arithmetic_not_said_phone("(415) 867-5309 x", 0, 16)
    assert not detect.arithmetic_not_said_phone("806,310-3918=", 0, 13)  # `806,` is not a term


_GATE_PIECES = st.one_of(
    st.from_regex(r"[0-9]{1,5}", fullmatch=True),
    st.sampled_from([" ", "-", ".", ":", "::", "@", "://", "ab", "AB", "de", "x", "/", " - "]),
    st.from_regex(r"[A-Za-z0-9]{20,30}", fullmatch=True),
)


@settings(max_examples=800, deadline=None, derandomize=True)
@example(text="4111 1111 1111 1111")
@example(text="4111-111")
@example(text="fe80:ab:1")
@given(text=st.lists(_GATE_PIECES, max_size=12).map("".join))
def test_the_written_out_gates_are_finds_own(text: str) -> None:
    shape = digit_shape.shape_of(text)
    assert shape is not None
    digits = digit_shape.digit_count(shape)
    expected = any((digits >= fewest or (r.entity == "IP_ADDRESS" and ":" in text)) and r.may_match(text, shape)
                   and (r.entity != "CREDIT_CARD" or scanner._card_zones(text))
                   for r, fewest in scanner._recognizers_of(PATTERN_ENTITIES))
    assert screen._gates_let_in(text, shape, digits) == expected, text
    assert digit_shape.card_run(shape) == bool(scanner._card_zones(text)), text


def test_phone_spans_reuse_the_gates_candidates_only_for_the_same_string() -> None:
    number, sums = "Call me on (415) 867-5309 today", "so 122 - 63 - 81 - 92 = $<<202-33-90-47=1>>5"
    assert phones.may_report_a_number(number) and not phones.may_report_a_number(sums)
    assert phones.phone_spans(number) == reference.phone_spans(number) != []  # asked after another string
    assert phones.may_report_a_number(number)
    assert phones.phone_spans(number) == reference.phone_spans(number)
    copy = "".join(list(number))  # equal, but another object: its candidates are found again
    assert phones.phone_spans(copy) == reference.phone_spans(copy)
