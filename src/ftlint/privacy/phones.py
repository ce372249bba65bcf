"""Phone numbers as presidio's PhoneRecognizer finds them, for the numbers the PI rules could report.

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
  looks at: the neighbours, and a `:MM` that makes a time stamp), once per region; a number written
  with its country code (`+44 ...`) parses the same in every region, so one region settles it.

The tests compare the numbers found with presidio's on corpora of real and generated text.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from ftlint.privacy import _presidio_patterns as presidio_tables
from ftlint.privacy.presidio import Span

MIN_DIGITS = 7  # the fewest digits of a number the PI rules report (`detect.MIN_PHONE_DIGITS`)
# Seven digits joined by what the matcher's pattern takes between digits (its punctuation, at most
# four in a row, and the brackets and plus signs that lead a number): the cheap test first.
_PUNCTUATION = ("-x\u2010-\u2015\u2212\u30fc\uff0d-\uff0f \u00a0\u00ad\u200b\u2060\u3000()\uff08\uff09\uff3b\uff3d"
                ".\\[\\]/~\u2053\u223c\uff5e+\uff0b")
# An extension's label, as the matcher takes it (`ext. 12`, `x12`, `#12`): its digits count.
EXTENSION = (r"[ \u00a0\t,]*(?:;ext=|e?xt(?:ensi(?:o\u0301?|\u00f3))?n?|\uff45?\uff58\uff54\uff4e?|\u0434\u043e\u0431"
              r"|anexo|[x\uff58#\uff03~\uff5e]|int|\uff49\uff4e\uff54)[:.\uff0e]?[ \u00a0\t,-]*")
_SEVEN_DIGITS = re.compile(rf"\d(?:(?:[{_PUNCTUATION}]{{0,4}}|{EXTENSION})\d){{{MIN_DIGITS - 1}}}", re.IGNORECASE)
_DIGIT_RUN = re.compile(r"\d+")
_LEADS = "+\uff0b(\uff08[\uff3b"
_AFTER = 3  # characters after a candidate the matcher reads (`:MM` after a time stamp)


@cache
def _matcher() -> tuple[Any, Any, int]:
    import phonenumbers
    from phonenumbers.phonenumbermatcher import _PATTERN, Leniency  # the matcher's own candidate pattern

    return phonenumbers.PhoneNumberMatcher, _PATTERN, getattr(Leniency, presidio_tables.PHONE_LENIENCY)


def phone_spans(text: str) -> list[Span]:
    """presidio's phone numbers in `text`, but for those the PI rules would never report."""
    if _SEVEN_DIGITS.search(text) is None:
        return []
    _, pattern, _ = _matcher()
    spans: list[Span] = []
    for candidate in pattern.finditer(text):
        start, end = candidate.span()
        if _could_be_reported(text, start, end):
            spans += _matched(text, start, end)
    return spans


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
    matcher, _, leniency = _matcher()
    found: set[tuple[int, int]] = set()
    for region in presidio_tables.PHONE_REGIONS:
        numbers = [(m.start, m.end) for m in matcher(window, region, leniency=leniency) if start <= m.start < end]
        found.update(numbers)
        if numbers == [(start, end)] and window[start] in "+\uff0b":
            break  # the whole candidate, with its country code: every region reads it the same
    return tuple(sorted(found))
