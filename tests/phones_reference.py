"""The implementation before issue 14's speed work (commit 686e6f7), kept unchanged as the
reference `test_privacy_phones_equal` compares the faster one with.

Phone numbers as presidio's PhoneRecognizer finds them, for the numbers the PI rules could report.

presidio runs python-phonenumbers' matcher over the whole string once per region (eight of them):
about half a millisecond per candidate and region, paid by every digit in every string. Here the
matcher runs only around candidates that could become a finding:

- a candidate is a match of the matcher's own pattern (`phonenumbermatcher._PATTERN`), and every
  number the matcher returns lies inside one: the matcher's searches start at a candidate or after
  one and never cross a character its pattern does not take;
- a number the matcher returns is made of whole runs of the candidate's digits (it cuts candidates
  at punctuation, never inside a run), so before paying for the matcher we ask the PI rules'
  judgement (`plausible_phone`) of every such run of runs: when none could be reported (fewer than
  seven digits, a bare run of digits or arithmetic with no phone word before it), the candidate is
  skipped;
- the matcher then reads the candidate with the character before it and three after it (all it
  looks at: the neighbours, and a `:MM` that makes a time stamp), region by region until one finds
  the whole candidate (a number the others find in it would go as a duplicate); and it parses
  no part of a candidate with fewer than seven digits, which could not be reported;
- a number written with its country code (`+44 20 7946 0958`) is judged as that country's number
  alone (`_international`): one parse, where presidio's regions each parse what follows the code.

The one place this differs from presidio is that last one, on purpose: `+1 (338) 298-5726` (an
American number with an area code not given out) is reported whole, as a number of the length
American numbers have, where presidio reported `(338) 298-5726` if some other country took it.

The tests compare the numbers found with presidio's on corpora of real and generated text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import Any

from ftlint.privacy import _presidio_patterns as presidio_tables
from ftlint.privacy.presidio import Span

MIN_DIGITS = 7  # the fewest digits of a number the PI rules report: the shortest anyone dials with an area code
# What the matcher's pattern takes between digits (its punctuation) and before them (brackets and
# plus signs).
_PUNCTUATION = ("-x\u2010-\u2015\u2212\u30fc\uff0d-\uff0f \u00a0\u00ad\u200b\u2060\u3000()\uff08\uff09\uff3b\uff3d"
                ".\\[\\]/~\u2053\u223c\uff5e+\uff0b")
# An extension's label, as the matcher takes it (`ext. 12`, `x12`, `#12`). The digits after it are
# not counted among a number's seven: an extension is not the number.
EXTENSION = (r"[ \u00a0\t,]*(?:;ext=|e?xt(?:ensi(?:o\u0301?|\u00f3))?n?|\uff45?\uff58\uff54\uff4e?|\u0434\u043e\u0431"
              r"|anexo|[x\uff58#\uff03~\uff5e]|int|\uff49\uff4e\uff54)[:.\uff0e]?[ \u00a0\t,-]*")
_EXTENSION_LABEL = re.compile(EXTENSION, re.IGNORECASE)
# Seven digits with only that punctuation between them. A regular expression finds them where
# counting the digits of every run (`12 + 60`, `<<58+36=22>>` in arithmetic) cost more than all the rest.
_SEVEN_DIGITS = re.compile(rf"\d(?:[{_PUNCTUATION}]*+\d){{{MIN_DIGITS - 1}}}", re.IGNORECASE)
# Every character a candidate can hold: digits, the punctuation, the leading brackets and plus
# signs, and the letters and signs of an extension's label. A candidate never holds any other, so
# the matcher's candidates are found zone by zone, and only in zones with seven digits.
_ZONE_CLASS = (rf"[{_PUNCTUATION}\d\t,;=:\uff0e#\uff03~\uff5eextnsioa\u00f3\u0301\uff45\uff58\uff54\uff4e"
               r"\uff49\u0434\u043e\u0431]")
_ZONE = re.compile(rf"{_ZONE_CLASS}{{{MIN_DIGITS},}}", re.IGNORECASE)
_ZONE_CHARS = re.compile(rf"{_ZONE_CLASS}*", re.IGNORECASE)
_ZONE_LOOK_BACK = 64
_DIGIT_RUN = re.compile(r"\d+")
_LEADS = "+\uff0b(\uff08[\uff3b"
_OPENING = "(\uff08[\uff3b"
_COUNTRY_CODE = re.compile(r"[+\uff0b]\d")  # a dialling plus is written against its digits (`+ 150` is a sum)
_NOT_DIGIT_END = " \t\u00a0-./()[]~\uff08\uff09\uff3b\uff3d"  # what `rstrip` takes off a number's end
_AFTER = 3  # characters after a candidate the matcher reads (`:MM` after a time stamp)


# python-phonenumbers' candidate pattern (`phonenumbermatcher._PATTERN`), copied so that a text with no
# number that could be reported never imports python-phonenumbers (a quarter of a second); a test
# fails when the copy and the installed library differ.
_CANDIDATE = ("(?:[(\\[\uff08\uff3b+\uff0b][-x\u2010-\u2015\u2212\u30fc\uff0d-\uff0f \xa0\xad\u200b\u2060\u3000()"
              "\uff08\uff09\uff3b\uff3d.\\[\\]/~\u2053\u223c\uff5e]{0,4}){0,2}\\d{1,20}(?:[-x\u2010-\u2015\u2212"
              "\u30fc\uff0d-\uff0f \xa0\xad\u200b\u2060\u3000()\uff08\uff09\uff3b\uff3d.\\[\\]/~\u2053\u223c\uff5e]"
              "{0,4}\\d{1,20}){0,20}(?:;ext=(\\d{1,20})|[ \xa0\\t,]*(?:e?xt(?:ensi(?:o\u0301?|\xf3))?n?|"
              "\uff45?\uff58\uff54\uff4e?|\u0434\u043e\u0431|anexo)[:\\.\uff0e]?[ \xa0\\t,-]*(\\d{1,20})#?|"
              "[ \xa0\\t,]*(?:[x\uff58#\uff03~\uff5e]|int|\uff49\uff4e\uff54)[:\\.\uff0e]?[ \xa0\\t,-]*"
              "(\\d{1,9})#?|[- ]+(\\d{1,6})#)?")
_CANDIDATE_FLAGS = re.IGNORECASE | re.UNICODE


@cache
def _candidate_pattern() -> re.Pattern[str]:
    return re.compile(_CANDIDATE, _CANDIDATE_FLAGS)


@cache
def _matcher() -> tuple[Any, Any, int]:
    """The matcher for presidio's regions, the matcher for numbers written with their country code
    (no region), and presidio's leniency."""
    from phonenumbers import NumberParseException
    from phonenumbers.phonenumbermatcher import Leniency, PhoneNumberMatcher
    from phonenumbers.phonenumberutil import _build_national_number_for_parsing, _check_region_for_parsing

    class ShortSkippingMatcher(PhoneNumberMatcher):  # type: ignore[misc]
        """The matcher, but a candidate with fewer than seven digits (before an extension) is not
        parsed: the PI rules would not report it, and parsing is what costs (a test compares)."""

        def _parse_and_verify(self, candidate: str, offset: int) -> Any:
            if number_digits(candidate) < MIN_DIGITS:
                return None
            return super()._parse_and_verify(candidate, offset)

    class NoRegionMatcher(ShortSkippingMatcher):
        """The matcher in no region ("ZZ"), where `parse` takes only a number that starts with a
        plus sign: a part of a candidate that does not (`(338) 298-5726` in `+1 (338) 298-5726`) is
        not parsed. `parse` would raise for it after the same two steps, which decide it here."""

        def _parse_and_verify(self, candidate: str, offset: int) -> Any:
            try:
                number = _build_national_number_for_parsing(candidate)
            except NumberParseException:
                return None
            if not _check_region_for_parsing(number, "ZZ"):
                return None
            return super()._parse_and_verify(candidate, offset)

    return ShortSkippingMatcher, NoRegionMatcher, getattr(Leniency, presidio_tables.PHONE_LENIENCY)


def in_arithmetic_not_said_phone(text: str, start: int, end: int) -> bool:
    """Whether text[start:end], a run without `<` or `>`, is inside a calculator annotation
    (`<<202-33-90-47=1>>`) and no phone word is near (the skip of this implementation; `phones`
    now skips sums up to an equals sign too, `detect.arithmetic_not_said_phone`)."""
    from ftlint.privacy.detect import _says_phone_near

    opened = text.rfind("<<", 0, start)
    return opened != -1 and text.find(">>", opened, start) == -1 and not _says_phone_near(text, start, end)


def phone_spans(text: str) -> list[Span]:
    """presidio's phone numbers in `text`, but for those the PI rules would never report."""
    found: list[Span] = []
    for zone_start, zone_end in _zones(text):
        # A zone inside a calculator annotation (`<<9771-398-190=626>>`) is skipped whole: most
        # digits of arithmetic text are there, and none can be reported (`_could_be_reported`).
        if in_arithmetic_not_said_phone(text, zone_start, zone_end):
            continue
        for start, end in _candidates_in(text, zone_start, zone_end):
            if _could_be_reported(text, start, end):
                found += _matched(text, start, end)
    return found


def candidates(text: str) -> Iterator[tuple[int, int]]:
    """The matcher's candidates in `text` that can hold seven digits: searched only in the zones
    around runs of seven digits (a candidate never crosses a zone's edge)."""
    for zone_start, zone_end in _zones(text):
        yield from _candidates_in(text, zone_start, zone_end)


def _zones(text: str) -> Iterator[tuple[int, int]]:
    """The zones (runs of the characters a candidate can hold) that hold seven digits with only
    the matcher's punctuation between them."""
    searched = 0
    while (run := _SEVEN_DIGITS.search(text, searched)) is not None:
        # The run starts at the first digit of its run of digits and punctuation (one with seven
        # digits has none before it): the zone around it is found from there.
        zone_start, searched = _zone_around(text, run.start(), run.end())
        yield zone_start, searched


def _candidates_in(text: str, zone_start: int, zone_end: int) -> Iterator[tuple[int, int]]:
    for candidate in _candidate_pattern().finditer(text, zone_start, zone_end):
        if candidate.end() - candidate.start() >= MIN_DIGITS:
            yield candidate.span()


def _zone_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The zone (a run of characters a candidate can hold) around text[start:end]."""
    # The zone's characters before `start`, read backwards: a regular expression has no backward
    # search, and a forward one from each position before `start` cost more than the rest.
    look_back = max(0, start - _ZONE_LOOK_BACK)
    before = _ZONE_CHARS.match(text[look_back:start][::-1])
    zone_start = start - (before.end() if before is not None else 0)
    if zone_start == start - _ZONE_LOOK_BACK:  # longer than the look back: find it from the start
        zone_start = next(z.start() for z in _ZONE.finditer(text) if z.start() <= start < z.end())
    after = _ZONE_CHARS.match(text, end)
    return zone_start, after.end() if after is not None else end


def number_digits(value: str) -> int:
    """The digits of a phone number before its extension's label, if it has one."""
    label = _EXTENSION_LABEL.search(value)
    if label is not None and label.start() > 0 and label.group().strip():
        value = value[:label.start()]
    return sum(ch.isdigit() for ch in value)


def _could_be_reported(text: str, start: int, end: int) -> bool:
    from ftlint.privacy.detect import plausible_phone  # detect uses this module's scan

    runs = [run.span() for run in _DIGIT_RUN.finditer(text, start, end)]
    for first in range(len(runs)):
        digits = 0
        begin = runs[first][0]
        lead = begin
        while lead > start and text[lead - 1] in _LEADS:
            lead -= 1
        for last in range(first, len(runs)):
            digits += runs[last][1] - runs[last][0]
            if digits < MIN_DIGITS:
                continue
            stop = runs[last][1]
            if plausible_phone(text, begin, stop) or (lead < begin and plausible_phone(text, lead, stop)):
                return True
    return False


def _matched(text: str, start: int, end: int) -> list[Span]:
    window_start = max(0, start - 1)
    window = text[window_start:min(len(text), end + _AFTER)]
    return [Span("PHONE_NUMBER", window_start + s, window_start + e, presidio_tables.PHONE_SCORE)
            for s, e in _numbers_in(window, start - window_start, end - window_start)]


@lru_cache(maxsize=4096)  # a support line or a signature repeats in thousands of records
def _numbers_in(window: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """The numbers the matcher finds in `window` that start inside window[start:end], in any region."""
    if _COUNTRY_CODE.match(window[start:end].lstrip(_OPENING)):
        return _international(window, start, end)
    matcher, _, leniency = _matcher()
    found: set[tuple[int, int]] = set()
    for region in presidio_tables.PHONE_REGIONS:
        numbers = [(m.start, m.end) for m in matcher(window, region, leniency=leniency) if start <= m.start < end]
        found.update(numbers)
        if (start, end) in numbers:
            break  # the whole candidate: what other regions find in it is inside it and goes (same score)
    return tuple(sorted(found))


def _international(window: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """A number written with its country code is that country's number: the matcher's, in no region
    of its own; and when it is no valid number there, still one written to be dialled if it has
    the length of that country's numbers (`is_possible_number`): `+1 (338) 298-5726`, with an
    area code not yet given out. (presidio's eight regions would each read what follows the
    country code as a national number of their own, and report that part when one takes it.)"""
    import phonenumbers
    from phonenumbers.phonenumberutil import _SECOND_NUMBER_START_PATTERN

    numbers = _numbers_in_no_region(window, start, end)
    if numbers:
        return numbers
    candidate = window[start:end]
    second = _SECOND_NUMBER_START_PATTERN.search(candidate)
    candidate = candidate[:second.start()] if second is not None else candidate
    for number in dict.fromkeys((candidate, candidate.split("/")[0])):  # `+1 415 555 2671 / 72`: the first
        number = number.rstrip(_NOT_DIGIT_END)
        try:
            possible = phonenumbers.is_possible_number(phonenumbers.parse(number, None))
        except phonenumbers.NumberParseException:
            continue
        if possible and number_digits(number) >= MIN_DIGITS:
            return ((start, start + len(number)),)
    return ()


def _numbers_in_no_region(window: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """The numbers the matcher finds in no region ("ZZ") in `window` that start inside
    window[start:end], without its search of the window when the candidate is the first thing
    the search would find. The matcher then judges that candidate (`_extract_match`: the whole,
    else its parts), and what it finds next starts after it: the one number, or none, is what
    `_extract_match` returns. (Any later number in the candidate would need a plus sign of its
    own, and a candidate has them only before its first digit.)"""
    from phonenumbers.phonenumberutil import _SECOND_NUMBER_START_PATTERN

    _, no_region, leniency = _matcher()
    matcher = no_region(window, "ZZ", leniency=leniency)
    first = _candidate_pattern().search(window)
    candidate = window[start:end]
    if first is None or first.span() != (start, end) or _SECOND_NUMBER_START_PATTERN.search(candidate):
        return tuple((m.start, m.end) for m in matcher if start <= m.start < end)
    match = matcher._extract_match(candidate, start)
    return ((match.start, match.end),) if match is not None else ()
