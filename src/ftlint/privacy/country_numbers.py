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
  takes the whole candidate or nothing. So a number of a length the main region calls possible
  (`_test_number_length`) is found whole, whatever its digits; one of another length is found
  only if valid, which no number is when no region of its country code has a valid number of that
  length (`_valid_lengths`: with python-phonenumbers 9.0, no country's valid numbers have a length
  not possible, a test checks); else the matcher judges it.

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


@cache
def _country(country_code: int) -> _Country | None:
    """The country code's main region, read once (on its first number)."""
    from phonenumbers import PhoneMetadata
    from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE, ValidationResult, _test_number_length

    main = PhoneMetadata.metadata_for_region_or_calling_code(country_code, COUNTRY_CODE_TO_REGION_CODE[country_code][0])
    if main is None:
        return None
    possible = (ValidationResult.IS_POSSIBLE, ValidationResult.IS_POSSIBLE_LOCAL_ONLY)
    prefix = main.national_prefix_for_parsing
    return _Country(
        national_prefix=re.compile(prefix) if prefix else None,
        # `_test_number_length` reads only the number's length.
        possible_lengths=frozenset(length for length in range(_MAX_NSN + 1)
                                   if _test_number_length("5" * length, main) in possible))


@cache
def _valid_lengths(country_code: int) -> frozenset[int] | None:
    """The lengths a number valid in one of the country code's regions can have: those of a region's
    general description that one of its number types also takes (`_number_type_helper`); None when
    a region has no metadata. Read only for a number of a length the main region does not call
    possible (the 25 regions of +1 cost 8 ms to load)."""
    from phonenumbers import PhoneMetadata
    from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE

    lengths: set[int] = set()
    for code in COUNTRY_CODE_TO_REGION_CODE[country_code]:
        metadata = PhoneMetadata.metadata_for_region_or_calling_code(country_code, code)
        if metadata is None:
            return None
        types = (metadata.premium_rate, metadata.toll_free, metadata.shared_cost, metadata.voip,
                 metadata.personal_number, metadata.pager, metadata.uan, metadata.voicemail, metadata.fixed_line,
                 metadata.mobile)
        lengths |= _lengths_taken(metadata.general_desc) & set().union(*map(_lengths_taken, types))
    return frozenset(lengths)


def _lengths_taken(desc: Any) -> set[int]:
    """The lengths a PhoneNumberDesc can take (`_is_number_matching_desc`: none listed, any)."""
    if desc is None or not desc.national_number_pattern:
        return set()
    return set(desc.possible_length) if desc.possible_length else set(range(_MIN_NSN, _MAX_NSN + 1))


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
    code = (digits[:1] if digits[:1] in country_codes else digits[:2] if digits[:2] in country_codes
            else digits[:3] if digits[:3] in country_codes else None)
    country = _country(int(code)) if code is not None else None
    if country is None:
        return None
    nsn = digits[len(code):]
    if not _MIN_NSN <= len(nsn) <= _MAX_NSN or (country.national_prefix and country.national_prefix.match(nsn)):
        return None
    if _a_part_has_seven_digits(candidate):
        return None
    if len(nsn) in country.possible_lengths:
        return ((start, end),)
    valid_lengths = _valid_lengths(int(code))
    if valid_lengths is None or len(nsn) in valid_lengths:  # it might be valid: the matcher would take it
        return None
    return ()


def _a_part_has_seven_digits(candidate: str) -> bool:
    """Whether a part of `candidate` that starts with its plus sign, one the matcher tries when the
    whole is no number (`_extract_inner_match`), has seven digits: the text before the first match
    of one of its `_INNER_MATCHES`. In these shapes (spaces, dots, hyphens and brackets) they match
    at the first `(` (a bracket), the first space beside a hyphen, the first dot and the first
    space (a test compares with the patterns); no slash nor wide hyphen is here."""
    cut = max(candidate.find("("), candidate.find(" -"), candidate.find("- "), candidate.find("."),
              candidate.find(" "))
    # The part is the plus sign, digits and separators: seven digits take more than seven characters.
    return cut > _MIN_DIGITS and len(candidate[:cut].translate(_SEPARATORS)) >= _MIN_DIGITS
