"""Numbers written with their country code (`+1 (415) 555-2671`, `+44 20 7946 0958`), judged in a few
microseconds from python-phonenumbers' own metadata, where that is provably the matcher's judgement.

`phones._international` runs python-phonenumbers' matcher in no region ("ZZ") over a candidate that
starts with a plus sign (about 235 microseconds a number: the matcher's checks, `parse`,
`is_valid_number`), and when it finds nothing, asks `is_possible_number` of the candidate. For the
shapes people write (a plus sign, then digits with spaces, dots, hyphens and brackets between them)
the answer is decided here:

- the matcher's first candidate in the window is ours (same start, same end) and holds no slash
  (no second number, no date) and no letter (no extension): the text `parse` reads is the
  candidate itself, which passes `parse`'s viability test (a test checks the shapes);
- `parse` takes the shortest prefix of one to three digits that is a country code, and the rest is
  the national significant number as written when the country's national prefix pattern does not
  match it (nothing stripped) and it has 2 to 17 digits (else `parse` fails: left to the matcher);
- when the whole candidate is no valid number, the matcher tries parts of it; in no region it
  parses only those with the plus sign, each cut before a separator; when each has fewer than
  seven digits it skips them unparsed (`phones.number_digits`) and finds nothing;
- so the matcher finds the whole candidate when `is_valid_number` takes it and its checks (the
  character after it, brackets, time stamps, publication pages) pass; else `is_possible_number`
  takes the whole candidate or nothing. A valid number always has a length its country's main
  region calls possible (`_country` checks this from the metadata of each country code, and leaves
  a country code where it fails to the matcher), so the answer is `is_possible_number`'s alone:
  whether the main region's lengths (`_test_number_length`) take the national number's length.

Anything else (`None`) goes to the matcher, unchanged. `tests/test_privacy_international.py`
compares the answers with the matcher's on every NANP area code, every country's example numbers
written in many ways, and random text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

# The shapes judged here: a plus sign, then digits with spaces, dots, hyphens and brackets between
# them, ending with a digit (as every candidate without an extension does).
_PLAIN = re.compile(r"\+[0-9][0-9 .()-]*")
_MIN_DIGITS = 7  # phones.MIN_DIGITS: a part with fewer is not parsed by the matcher
_MIN_NSN, _MAX_NSN = 2, 17  # phonenumberutil._MIN_LENGTH_FOR_NSN, _MAX_LENGTH_FOR_NSN
_MAX_INPUT = 250  # phonenumberutil._MAX_INPUT_STRING_LENGTH
Numbers = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class _Country:
    """What `parse` and `is_possible_number` read of a country code's main region."""

    national_prefix: re.Pattern[str] | None
    possible_lengths: frozenset[int]


def _lengths_taken(desc: Any) -> set[int]:
    """The lengths a PhoneNumberDesc can take (`_is_number_matching_desc`: none listed, any)."""
    if desc is None or not desc.national_number_pattern:
        return set()
    return set(desc.possible_length) if desc.possible_length else set(range(_MIN_NSN, _MAX_NSN + 1))


def _valid_lengths(metadata: Any) -> set[int]:
    """The lengths a number valid in this region can have: those of its general description that one
    of its number types also takes (`_number_type_helper`)."""
    types = (metadata.premium_rate, metadata.toll_free, metadata.shared_cost, metadata.voip, metadata.personal_number,
             metadata.pager, metadata.uan, metadata.voicemail, metadata.fixed_line, metadata.mobile)
    return _lengths_taken(metadata.general_desc) & set().union(*map(_lengths_taken, types))


@cache
def _country(country_code: int) -> _Country | None:
    """The country code's main region, read once (on its first number); None when a number valid in
    one of its regions could have a length the main region does not call possible (no country in
    python-phonenumbers 9.0: a test checks), as `judged` relies on that."""
    from phonenumbers import PhoneMetadata
    from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE, ValidationResult, _test_number_length

    codes = COUNTRY_CODE_TO_REGION_CODE[country_code]
    main = PhoneMetadata.metadata_for_region_or_calling_code(country_code, codes[0])
    regions = [PhoneMetadata.metadata_for_region_or_calling_code(country_code, code) for code in codes]
    if main is None or None in regions:
        return None
    possible = (ValidationResult.IS_POSSIBLE, ValidationResult.IS_POSSIBLE_LOCAL_ONLY)
    # `_test_number_length` reads only the number's length.
    possible_lengths = frozenset(length for length in range(_MAX_NSN + 1)
                                 if _test_number_length("5" * length, main) in possible)
    if not set().union(*map(_valid_lengths, regions)) <= possible_lengths:
        return None
    prefix = main.national_prefix_for_parsing
    return _Country(re.compile(prefix) if prefix else None, possible_lengths)


@cache
def _library() -> tuple[re.Pattern[str], frozenset[str]]:
    """The matcher's candidate pattern and the country codes (python-phonenumbers is imported on the
    first number written with a country code)."""
    from phonenumbers.phonenumbermatcher import _PATTERN
    from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE

    return _PATTERN, frozenset(str(code) for code in COUNTRY_CODE_TO_REGION_CODE)


_SEPARATORS = str.maketrans("", "", "+ .()-")


def judged(window: str, start: int, end: int) -> Numbers | None:
    """The numbers `phones._international(window, start, end)` returns, or None when the number is
    not of a shape judged here (the caller then runs the matcher)."""
    candidate = window[start:end]
    if len(candidate) > _MAX_INPUT or _PLAIN.fullmatch(candidate) is None:
        return None
    candidate_pattern, country_codes = _library()
    first = candidate_pattern.search(window)  # the matcher's first candidate must be this one
    if first is None or first.span() != (start, end):
        return None
    digits = candidate.translate(_SEPARATORS)
    if len(digits) < _MIN_DIGITS:  # neither it nor a part of it is parsed; not reported by `_international`
        return ()
    # `_extract_country_code`: the shortest prefix of one to three digits that is a country code
    # (none starts with 0). With none, `parse` fails: the matcher's way is kept for that.
    code = next((digits[:n] for n in (1, 2, 3) if digits[:n] in country_codes), None)
    country = _country(int(code)) if code is not None else None
    if country is None:
        return None
    nsn = digits[len(code):]
    if not _MIN_NSN <= len(nsn) <= _MAX_NSN or (country.national_prefix and country.national_prefix.match(nsn)):
        return None
    if _digits_of_longest_part(candidate) >= _MIN_DIGITS:
        return None
    return ((start, end),) if len(nsn) in country.possible_lengths else ()


def _digits_of_longest_part(candidate: str) -> int:
    """The digits of the longest part of `candidate` that starts with its plus sign and that the
    matcher tries when the whole is no number (`_extract_inner_match`): the text before the first
    match of each of its `_INNER_MATCHES`. In these shapes (spaces, dots, hyphens and brackets) they
    match at the first `(` (a bracket), the first space beside a hyphen, the first dot and the first
    space (a test compares with the patterns); no slash nor wide hyphen is here."""
    cut = max(candidate.find("("), candidate.find(" -"), candidate.find("- "), candidate.find("."),
              candidate.find(" "))
    return sum(ch.isdigit() for ch in candidate[:cut]) if cut > 0 else 0
