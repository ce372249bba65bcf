"""Numbers written with their country code are judged from python-phonenumbers' metadata
(`ftlint.privacy.country_numbers`) exactly as the matcher judged them: the numbers `_numbers_in`
finds are those of the implementation before (kept here as the oracle), on every NANP area code in
the shapes people write, every country's example numbers, and random text; and the common shapes
never run the matcher."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ftlint.privacy import _presidio_patterns as presidio_tables
from ftlint.privacy import country_numbers, phones

Numbers = tuple[tuple[int, int], ...]


def _oracle_numbers_in(window: str, start: int, end: int) -> Numbers:
    """`phones._numbers_in` before `country_numbers` (commit 3623bee), without its cache."""
    if phones._COUNTRY_CODE.match(window[start:end].lstrip(phones._OPENING)):
        return _oracle_international(window, start, end)
    matcher, _, leniency = phones._matcher()
    found: set[tuple[int, int]] = set()
    for region in presidio_tables.PHONE_REGIONS:
        numbers = [(m.start, m.end) for m in matcher(window, region, leniency=leniency) if start <= m.start < end]
        found.update(numbers)
        if (start, end) in numbers:
            break
    return tuple(sorted(found))


def _oracle_international(window: str, start: int, end: int) -> Numbers:
    """`phones._international` before `country_numbers` (commit 3623bee): the matcher in no region,
    then `is_possible_number`, which is what `_international` still runs where the shortcut is unsure."""
    return phones.by_the_matcher(window, start, end)


def _windows(text: str) -> Iterator[tuple[str, int, int]]:
    """The windows `phones._matched` gives `_numbers_in` for the candidates of `text`."""
    for start, end in phones.candidates(text):
        window_start = max(0, start - 1)
        yield text[window_start:end + phones._AFTER], start - window_start, end - window_start


def _judged_as_before(text: str) -> int:
    """Compare every window of `text`; the number of windows the metadata judged."""
    judged = 0
    for window, start, end in _windows(text):
        assert phones._numbers_in.__wrapped__(window, start, end) == _oracle_numbers_in(window, start, end), (
            window, start, end)
        judged += country_numbers.judged(window, start, end) is not None
    return judged


_SHAPES = ["+1 ({a}) {e}-{s}", "+1 {a}-{e}-{s}", "+1 {a} {e} {s}", "+1.{a}.{e}.{s}", "+1{a}{e}{s}", "+1-{a}-{e}-{s}",
           "+1 {a}.{e}.{s}", "+1({a}){e}-{s}"]
_BEFORE = ["", "Call ", "tel:", "x ", "(", "1", "+", "\u00e9"]
_AFTER = ["", ".", ",", "!", ")", "abc", "9", ":30", " today", "%", "$", "\u00e9", " / 72", " ext. 12", "-3",
          " 123", ".5"]
_EXCHANGES = ["555", "234", "100", "911", "867", "021", "200", "999"]


def test_every_nanp_area_code_in_every_shape_is_judged_as_before() -> None:
    judged = 0
    windows = 0
    for index, area in enumerate(range(200, 1000)):
        for shape, exchange in zip(_SHAPES, itertools.cycle(_EXCHANGES[index % 8:] + _EXCHANGES[:index % 8])):
            number = shape.format(a=area, e=exchange, s=f"{(area * 7919) % 10000:04d}")
            before = _BEFORE[(index + len(shape)) % len(_BEFORE)]
            after = _AFTER[(index + int(exchange)) % len(_AFTER)]
            judged += _judged_as_before(f"{before}{number}{after}")
            windows += 1
    # The matcher still judges the numbers with `(`, `+` or a digit before them, or a slash, an
    # extension or a digit after them (a third of these windows).
    assert judged > windows * 0.45


@pytest.mark.parametrize("after", _AFTER)
def test_every_neighbour_of_a_nanp_number_is_judged_as_before(after: str) -> None:
    for area, exchange in [("415", "555"), ("338", "298"), ("212", "100"), ("800", "234"), ("264", "497"),
                           ("555", "555"), ("199", "555"), ("415", "055")]:
        for index, shape in enumerate(_SHAPES):
            for before in _BEFORE[index % 2::2]:
                _judged_as_before(before + shape.format(a=area, e=exchange, s="2671") + after)


@cache
def _example_numbers() -> tuple[Any, ...]:
    """Every region's and every non-geographic country code's example number of every type."""
    import phonenumbers
    from phonenumbers import PhoneNumberType

    kinds = [value for name, value in vars(PhoneNumberType).items() if name.isupper() and isinstance(value, int)]
    numbers = [phonenumbers.example_number_for_type(region, kind)
               for region in sorted(phonenumbers.SUPPORTED_REGIONS) for kind in kinds]
    numbers += [phonenumbers.example_number_for_non_geo_entity(code)
                for code in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS)]
    return tuple({phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164): n
                  for n in numbers if n is not None}.values())


def _written(number: Any) -> list[str]:
    """An example number as people write it: international format, and with its groups joined by
    other separators, its first group in brackets, and no separator at all."""
    import phonenumbers

    international = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    groups = re.split(r"[ -]", international)
    code, rest = groups[0], groups[1:] or [""]
    return [international, " ".join(groups), "-".join(groups), ".".join(groups), "".join(groups),
            f"{code} ({rest[0]}) {' '.join(rest[1:])}".rstrip(), f"{code} {'-'.join(rest)}"]


def test_every_country_codes_example_numbers_are_judged_as_before() -> None:
    numbers = _example_numbers()
    country_codes = {number.country_code for number in numbers}
    assert len(country_codes) > 200
    judged = 0
    for index, number in enumerate(numbers):
        for written in _written(number):
            judged += _judged_as_before(f"{_BEFORE[index % 4]}{written}{_AFTER[index % 6]}")
    assert judged > len(numbers) * 4


_PIECES = st.sampled_from(["+", "+1", "+44", "+1 ", " ", "-", ".", "(", ")", "/", "x", "ext ", ":", "a", "%",
                           "$", "#", "\u00a0", "\u2013", ",", "tel ", "2012-01-02 08", ":30", "0", "00"])


@settings(max_examples=300, deadline=None, derandomize=True)
@example(pieces=["+1 2012-01-02 08", ":30"])
@example(pieces=["+1 211-227 (2003)"])
@example(pieces=["+44 20 7946 0958", "/", "+44 20 7946 0959"])
@example(pieces=["+1 (338) 298-5726", "abc"])
@example(pieces=["+1-415-555 2671"])
@example(pieces=["+14155552671 123"])  # the whole is too long; the matcher finds its part before the space
@given(pieces=st.lists(st.one_of(_PIECES, st.from_regex(r"[0-9]{1,11}", fullmatch=True)), min_size=1, max_size=9))
def test_random_windows_are_judged_as_before(pieces: list[str]) -> None:
    _judged_as_before("".join(pieces))


def test_the_common_shapes_never_run_the_matcher(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["Call +1 (415) 555-2671.", "+1 415-555-2671!", "+1 415 555 2671, ok", "+1.415.555.2671 x",
             "at +14155552671)", "+44 20 7946 0958", "+1 (338) 298-5726", "+33 1 23 45 67 89.", "+49 30 123456",
             "+91 98765 43210", "+1-800-555-0199", "+61 2 9374 4000", "+1 (212) 100-2671"]
    expected = [[window[s:e] for window, start, end in _windows(text)
                 for s, e in _oracle_numbers_in(window, start, end)] for text in texts]
    assert expected[:3] == [["+1 (415) 555-2671"], ["+1 415-555-2671"], ["+1 415 555 2671"]]

    def no_matcher() -> None:
        raise AssertionError("the matcher ran")

    monkeypatch.setattr(phones, "_matcher", no_matcher)
    for text, numbers in zip(texts, expected, strict=True):
        found = [window[s:e] for window, start, end in _windows(text)
                 for s, e in phones._numbers_in.__wrapped__(window, start, end)]
        assert found == numbers, text


@settings(max_examples=300, deadline=None, derandomize=True)
@given(text=st.from_regex(r"\+[0-9][0-9 .()-]*[0-9]", fullmatch=True))
def test_the_parts_tried_are_those_of_the_matchers_patterns(text: str) -> None:
    from phonenumbers.phonenumbermatcher import _INNER_MATCHES
    from phonenumbers.phonenumberutil import _VALID_PHONE_NUMBER_PATTERN

    cuts = [m.start() for m in (pattern.search(text) for pattern in _INNER_MATCHES) if m is not None]
    longest = max((sum(ch.isdigit() for ch in text[:cut]) for cut in cuts), default=0)
    assert country_numbers._a_part_has_seven_digits(text) == (longest >= phones.MIN_DIGITS)
    # Why `judged` does not ask `parse`'s viability test: every such shape with three digits passes it.
    if sum(ch.isdigit() for ch in text) >= 3:
        assert _VALID_PHONE_NUMBER_PATTERN.fullmatch(text)


def test_every_valid_length_is_a_possible_length() -> None:
    # `judged` leaves a number to the matcher when its length is not possible in its country but a
    # valid number's could be; with the installed python-phonenumbers that never happens.
    from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE

    for code in COUNTRY_CODE_TO_REGION_CODE:
        country = country_numbers._country(code)
        valid_lengths = country_numbers._valid_lengths(code)
        assert country is not None and valid_lengths is not None, code
        assert valid_lengths <= country.possible_lengths, code


def test_a_number_of_a_length_a_valid_number_has_but_not_possible_is_left_to_the_matcher() -> None:
    from phonenumbers import PhoneMetadata

    us = PhoneMetadata.metadata_for_region("US")
    original = us.general_desc.possible_length
    country_numbers._country.cache_clear()
    try:
        # Pretend the US metadata called only 11 digits possible: its valid numbers have 10.
        object.__setattr__(us.general_desc, "possible_length", (11,))  # the metadata is immutable
        assert country_numbers.judged(" +1 (415) 555-2671.", 1, 18) is None
    finally:
        object.__setattr__(us.general_desc, "possible_length", original)
        country_numbers._country.cache_clear()
    assert country_numbers.judged(" +1 (415) 555-2671.", 1, 18) == ((1, 18),)
    assert country_numbers.judged(" +1 (415) 555-267.", 1, 17) == ()  # 9 digits: neither possible nor valid
