"""The faster phone scan (`ftlint.privacy.phones`) finds exactly the numbers the previous one found
(`tests/phones_reference.py`, kept as it was): on every region's example numbers in the ways people
write them, inside sentences and arithmetic; and the shortcuts it takes are sound on their own."""

from __future__ import annotations

import re
import subprocess
import sys
from functools import cache

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ftlint.privacy import detect, phones
from tests import phones_reference as reference


@cache
def _example_numbers() -> tuple[str, ...]:
    """Every region's example number of every type, as written nationally and internationally."""
    import phonenumbers
    from phonenumbers import PhoneNumberFormat, PhoneNumberType

    kinds = [value for name, value in vars(PhoneNumberType).items() if name.isupper() and isinstance(value, int)]
    written: dict[str, None] = {}
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in kinds:
            number = phonenumbers.example_number_for_type(region, kind)
            if number is not None:
                for style in (PhoneNumberFormat.NATIONAL, PhoneNumberFormat.INTERNATIONAL, PhoneNumberFormat.E164):
                    written[phonenumbers.format_number(number, style)] = None
    return tuple(written)


_SEPARATORS = [" ", "-", ".", "", "/", " - ", "  ", "\u00a0", "\u2013", ")(", "(", ")"]
_BEFORE = ["", "Call me on ", "phone: ", "My number is ", "Total: ", "= ", "$", "<<", "id ", "abc", "Tel.", "+",
           "(", "00", "0", "x ", "12 + ", "Order #", "version ", "5 * ", "call ", "2024-01-15 "]
_AFTER = ["", ".", " ", ">>", "=", "abc", ":30", " / 72", " ext. 12", " x 5", "#3", ";ext=9", " today", ",", " - 3",
          "/1", ")", "5", " (2 copies)", " = 40"]


@st.composite
def _written_number(draw: st.DrawFn) -> str:
    """An example number with its spaces and hyphens replaced, and text around it."""
    number = draw(st.sampled_from(_example_numbers()))
    number = re.sub(r"[ -]", lambda _: draw(st.sampled_from(_SEPARATORS)), number)
    return draw(st.sampled_from(_BEFORE)) + number + draw(st.sampled_from(_AFTER))


_OPERATORS = [" + ", "-", " - ", "*", " x ", "/", " / ", "+", " = ", "=", ".", ",", " "]


@st.composite
def _arithmetic(draw: st.DrawFn) -> str:
    """GSM8K's arithmetic: sums, decimals, and calculator annotations (`<<6000-2000=4000>>`)."""
    terms = draw(st.lists(st.from_regex(r"[0-9]{1,7}(\.[0-9]{1,2})?", fullmatch=True), min_size=2, max_size=5))
    expression = terms[0] + "".join(draw(st.sampled_from(_OPERATORS)) + term for term in terms[1:])
    result = draw(st.from_regex(r"[0-9]{1,8}", fullmatch=True))
    shape = draw(st.sampled_from(["{e} = <<{e}={r}>>{r}", "<<{e}={r}>>", "{e} = ${r}", "{e}", "$<<{e}={r}>>{r}."]))
    return shape.format(e=expression, r=result)


_WORDS = st.sampled_from(["the phone ", "call me ", "my number ", "so ", "He earns ", "cell ", "\n", "tel ", "Total "])


def _same(text: str) -> None:
    assert phones.phone_spans(text) == reference.phone_spans(text), text
    assert list(phones.candidates(text)) == list(reference.candidates(text)), text


@settings(max_examples=200, deadline=None, derandomize=True)
@example(pieces=["Call ", "+1 (338) 298-5726."])  # an area code not given out: judged whole
@example(pieces=["+44 20 7946 0958", "/", "+44 20 7946 0959"])
@example(pieces=["x +1 (338) 298-5726 / 123"])
@example(pieces=["(+44) 20 7946 0958"])
@example(pieces=["+1 415 867 5309 ", "2012-01-02 08", ":00"])
@given(pieces=st.lists(st.one_of(_written_number(), _arithmetic(), _WORDS), min_size=1, max_size=4))
def test_the_numbers_found_are_the_reference_implementations(pieces: list[str]) -> None:
    _same("".join(pieces))


@settings(max_examples=150, deadline=None, derandomize=True)
@given(pieces=st.lists(st.one_of(_arithmetic(), _WORDS, st.sampled_from([" ", ". ", "\n#### "])), min_size=1,
                       max_size=8))
def test_arithmetic_is_judged_as_the_reference_judges_it(pieces: list[str]) -> None:
    _same("".join(pieces))


def test_every_region_example_number_is_found_as_before() -> None:
    numbers = _example_numbers()
    assert len(numbers) > 2000
    for number in numbers:
        _same(f"Call me on {number} today")


def test_the_candidate_pattern_is_python_phonenumbers() -> None:
    from phonenumbers.phonenumbermatcher import _PATTERN

    assert phones._candidate_pattern().pattern == _PATTERN.pattern
    assert phones._candidate_pattern().flags == _PATTERN.flags


_CONTEXT_PIECES = ["phone", "Phone ", "tel:", "TEL ", "mobile", "cell", "contact", "fax", "dial", "whatsapp", "sms",
                   "text me", "reach", "my number ", "their number,", "call", "called us", "Call: ", "calling back",
                   "call me", " ", ":", "(", "+", "x", "1234567", "telephone", "\u017fms", "number", "CALL"]


@settings(max_examples=150, deadline=None, derandomize=True)
@given(pieces=st.lists(st.sampled_from(_CONTEXT_PIECES), min_size=1, max_size=5))
def test_every_phone_context_holds_a_phone_word(pieces: list[str]) -> None:
    # `arithmetic_not_said_phone` skips a zone where no phone word is near: sound only if every
    # context `plausible_phone` accepts holds one.
    text = "".join(pieces)
    if detect._PHONE_CONTEXT.search(text):
        assert detect._PHONE_WORD.search(text)


def test_text_with_no_reportable_number_never_imports_python_phonenumbers() -> None:
    code = ("import sys\nfrom ftlint.privacy.phones import phone_spans\n"
            "found = phone_spans('Natalia sold 48/2 = <<48/2=24>>24 clips. 122 - 63 - 81 - 92 = $<<202-33-90-47=32>>32'"
            " ' and 34500-33000 = 1500; seed(1724813583)')\n"
            "print(found, 'phonenumbers' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split() == ["[]", "False"]


def test_the_ascii_gate_finds_what_the_gate_finds_in_ascii_text() -> None:
    for c in map(chr, range(128)):
        for text in (f"123{c}4567", f"1{c}{c}2345{c}67", f"{c}1234567{c}", f"12{c}34{c}{c}{c}{c}{c}567"):
            ascii_run = phones._SEVEN_ASCII_DIGITS.search(text)
            run = phones._SEVEN_DIGITS.search(text)
            assert (ascii_run and ascii_run.span()) == (run and run.span()), repr(text)
