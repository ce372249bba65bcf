"""The scanner before the e-mail scan's speed work (commit 3623bee), kept unchanged as the reference
`test_privacy_scanner_equal` compares the faster one with.

presidio's `AnalyzerEngine.analyze` costs milliseconds a string (it resolves its recognizers, runs
every one, builds result objects and explanations) and importing it costs seconds (it imports
spaCy). This module runs the same recognizers' regular expressions (`_presidio_patterns`, a copy
generated from the installed presidio), with the same regex engine and flags, the same validators
(`validators`, each tested against presidio's own) and the same rules for scores and duplicates;
phone numbers are python-phonenumbers' matcher around each candidate (`phones`). Each recognizer
runs only on strings that have what its patterns need (an `@` for an e-mail address, digits for a
card), so a string costs a few microseconds unless it holds something.

The tests compare `find` with presidio's `analyze` on corpora of real and generated text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from ftlint.privacy import _presidio_patterns as presidio_tables
from ftlint.privacy import digit_shape, validators
from ftlint.privacy.phones import phone_spans
from ftlint.privacy.presidio import BASE_SCORE, PATTERN_ENTITIES, Span, settle

if TYPE_CHECKING:
    import regex

_TIMEOUT = 1.0  # seconds a pattern may take on one string (presidio's REGEX_TIMEOUT_SECONDS)


@dataclass(frozen=True, slots=True)
class _Recognizer:
    """One presidio pattern recognizer: its patterns and how it judges a match."""

    entity: str
    may_match: Callable[[str, bytes | None], bool]  # False when no pattern can match the text (of this shape)
    validate: Callable[[str], bool | None] | None = None  # True: score 1.0; False: dropped
    invalidate: Callable[[str], bool] | None = None  # True: dropped


# What each recognizer's patterns need at least, in the standard library's engine (faster than
# `regex` at a search that fails); each takes at least what its patterns take (`\d` is any
# script's digit in both; the letters that fold to ASCII ones under presidio's IGNORECASE are
# listed: a test checks them).
_FOLDING = "\u0130\u0131\u017f\u212a"
_CARD = re.compile(r"\d{4}[- ]?\d{3}")  # the card pattern's first two groups
_SSN = re.compile(r"[0-9]{3}[- .][0-9]{2}[- .][0-9]{4}")  # the one SSN pattern that scores enough
_IBAN_START = re.compile(rf"(?<=[A-Za-z{_FOLDING}]{{2}})[0-9]{{2}}")
_WALLET = re.compile(rf"[0-9A-Za-z{_FOLDING}]{{26}}")
_DOTTED_QUAD = re.compile(r"[0-9]\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]")  # IPv4: four numbers, three dots
_TWO_COLONS = re.compile(r":[0-9A-Fa-f]{0,4}:")  # every IPv6 pattern has two, hex digits between


# The digits each entity needs at least: in ASCII text, counted before any other test. Text in
# other scripts may write digits that are not ASCII ones, so there every search runs.
_FEWEST_DIGITS = {"CREDIT_CARD": 13, "US_SSN": 9, "IBAN_CODE": 2, "IP_ADDRESS": 4, "CRYPTO": 1}


def _too_few_digits(entity: str, digits: int | None, text: str) -> bool:
    if entity == "IP_ADDRESS" and ":" in text:
        return False  # an IPv6 address may have no digit
    return digits is not None and digits < _FEWEST_DIGITS.get(entity, 0)


def _ip_may_match(text: str, shape: bytes | None) -> bool:
    if ":" in text and _TWO_COLONS.search(text) is not None:
        return True
    return _DOTTED_QUAD.search(text) is not None if shape is None else digit_shape.dotted_quad(shape)


# Each test takes the text and its shape (`digit_shape`: None when the text is not ASCII); on ASCII
# text the shape's tests are the regular expressions' exact equivalents, at a fraction of the cost.
_NEEDS: dict[str, Callable[[str, bytes | None], bool]] = {
    "EMAIL_ADDRESS": lambda text, shape: "@" in text,
    "URL_CREDENTIALS": lambda text, shape: "://" in text and "@" in text,
    "CREDIT_CARD": lambda text, shape: (_CARD.search(text) is not None if shape is None
                                        else digit_shape.card_start(shape)),
    "US_SSN": lambda text, shape: _SSN.search(text) is not None if shape is None else digit_shape.ssn(shape),
    "IBAN_CODE": lambda text, shape: (_IBAN_START.search(text) is not None if shape is None
                                      else digit_shape.letters_then_digits(shape)),
    "IP_ADDRESS": _ip_may_match,
    "CRYPTO": lambda text, shape: (_WALLET.search(text) is not None if shape is None
                                   else digit_shape.alnum_run(shape, 26)),
}
_VALIDATE: dict[str, Callable[[str], bool | None]] = {
    "EMAIL_ADDRESS": validators.email_domain_ok,
    "CREDIT_CARD": validators.card_checksum_ok,
    "IBAN_CODE": validators.iban_verdict,
    "CRYPTO": validators.crypto_checksum_ok,
}
_INVALIDATE: dict[str, Callable[[str], bool]] = {
    "US_SSN": validators.ssn_invalid,
    "IP_ADDRESS": validators.ip_invalid,
}


@cache
def _recognizers() -> tuple[_Recognizer, ...]:
    return tuple(_Recognizer(entity, _NEEDS[entity], _VALIDATE.get(entity), _INVALIDATE.get(entity))
                 for entity in presidio_tables.PATTERNS)


@cache
def _patterns(entity: str) -> tuple[tuple[regex.Pattern[str], float], ...]:
    """The entity's patterns, compiled when first needed (40 ms for all: a short file needs few)."""
    # A pattern whose score is under `BASE_SCORE` and that no validator can raise finds nothing
    # that is kept (SSN's very weak shapes, a bare `::`); a span it would find can only go.
    import regex  # presidio's engine (35 ms to import): a check that finds no candidate never needs it

    flags = presidio_tables.FLAGS[entity]
    return tuple((regex.compile(pattern, flags), score) for _, pattern, score in presidio_tables.PATTERNS[entity]
                 if score >= BASE_SCORE or entity in _VALIDATE)


def find(text: str, entities: tuple[str, ...] = PATTERN_ENTITIES) -> list[Span]:
    """What presidio's pattern analyzer finds in `text` at `BASE_SCORE` or more, overlaps settled:
    the spans of `presidio.analyze(text, entities)` that the PI rules could report (phone numbers
    they would never report are not looked for; one written with its country code is judged as
    `phones` says), at a fraction of the cost."""
    spans: list[Span] = []
    shape = digit_shape.shape_of(text)  # one pass over the text feeds every entity's test
    digits = None if shape is None else digit_shape.digit_count(shape)
    for recognizer in _recognizers():
        if recognizer.entity in entities and not _too_few_digits(recognizer.entity, digits, text) \
                and recognizer.may_match(text, shape):
            spans += _matches(recognizer, text)
    if "EMAIL_ADDRESS" in entities and "@" in text and "/" in text:
        # As `presidio.analyze`: an address after a `/` (a path, a pointer to a key) is read again
        # with each `/` a space, the offsets the same.
        email = next(r for r in _recognizers() if r.entity == "EMAIL_ADDRESS")
        spans += _matches(email, text.replace("/", " "))
    if "PHONE_NUMBER" in entities:
        spans += phone_spans(text)
    if not spans:
        return spans  # most strings that pass the screen: nothing to settle
    return settle(_without_contained([s for s in spans if s.score >= BASE_SCORE]))


def _matches(recognizer: _Recognizer, text: str) -> list[Span]:
    if recognizer.entity == "IBAN_CODE":
        return _iban_matches(recognizer, text)
    zones = _ZONES.get(recognizer.entity, _whole)(text)
    found = []
    for (pattern, score), (start, end) in ((p, z) for p in _patterns(recognizer.entity) for z in zones):
        for match in _all_matches(pattern, text, start, end):
            value = match.group()
            if value and (kept := _judged(recognizer, value, score)) > 0:
                found.append(Span(recognizer.entity, match.start(), match.end(), kept))
    return found


def _email_zones(text: str) -> list[tuple[int, int]]:
    """The runs of characters an address can hold (presidio's pattern takes no other) around each
    `@`: the pattern is searched there only, not along the whole text (it is slow on prose)."""
    email_char, email_run = _email_characters()
    zones: list[tuple[int, int]] = []
    at = text.find("@")
    while at != -1:
        start = at
        while start > 0 and email_char.match(text, start - 1):
            start -= 1
        end = email_run.match(text, at).end()
        if zones and start <= zones[-1][1]:
            start = zones.pop()[0]
        zones.append((start, end))
        at = text.find("@", end)
    return zones


_CARD_RUN = re.compile(r"\d[\d -]{12,}")


def _whole(text: str) -> list[tuple[int, int]]:
    return [(0, len(text))]


def _card_zones(text: str) -> list[tuple[int, int]]:
    """The runs of digits, spaces and dashes (all a card number holds) with 13 digits or more,
    each with the character after it, which the pattern's closing `\b` reads."""
    return [(run.start(), min(len(text), run.end() + 1)) for run in _CARD_RUN.finditer(text)
            if sum(ch.isdigit() for ch in run.group()) >= 13]


@cache
def _email_characters() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    r"""What presidio's e-mail pattern takes: its local part's signs, word characters (as `regex`
    reads them: marks and joiners too, which the standard library's `\w` leaves out), dots, `@`."""
    import regex

    one = r"[!#$%&'*+\-/=?^_`{|}~\w.@]"
    return regex.compile(one), regex.compile(one + "*")


def _all_matches(pattern: regex.Pattern[str], text: str, start: int, end: int) -> list[regex.Match[str]]:
    # Taken in one go: the timeout runs from the call, and the validators should not eat into it.
    try:
        return list(pattern.finditer(text, start, end, timeout=_TIMEOUT))
    except TimeoutError:
        return []  # as presidio: a pattern that takes too long on a string finds nothing in it


def _judged(recognizer: _Recognizer, value: str, score: float) -> float:
    """presidio's PatternRecognizer: a validator's True makes the score 1, its False 0; an
    invalidator's True makes it 0."""
    if recognizer.validate is not None:
        verdict = recognizer.validate(value)
        if verdict is not None:
            score = 1.0 if verdict else 0.0
    if recognizer.invalidate is not None and recognizer.invalidate(value):
        score = 0.0
    return score


def _iban_matches(recognizer: _Recognizer, text: str) -> list[Span]:
    # presidio's IbanRecognizer: of each match, the longest prefix ending at one of its groups
    # (the last group first) whose value validates; a checksum that holds on the upper-cased
    # value only keeps the pattern's score.
    found = []
    for pattern, score in _patterns(recognizer.entity):
        for match in _all_matches(pattern, text, 0, len(text)):
            start = match.start()
            for group in reversed(range(1, len(match.groups()) + 1)):
                end = match.end(group) if match.end(group) > 0 else match.end()
                if start == end:
                    continue
                verdict = validators.iban_verdict(text[start:end])
                kept = score if verdict is None else (1.0 if verdict else 0.0)
                if kept > 0:
                    found.append(Span(recognizer.entity, start, end, kept))
                    break
    return found


def _without_contained(spans: list[Span]) -> list[Span]:
    """presidio's `remove_duplicates`: of one entity, a span inside another at no higher score goes."""
    kept: list[Span] = []
    for span in sorted(set(spans), key=lambda s: (s.entity, s.start, -(s.end - s.start), -s.score)):
        if not any(k.entity == span.entity and k.start <= span.start and span.end <= k.end
                   and span.score <= k.score for k in kept):
            kept.append(span)
    return kept


# Where each recognizer's patterns are searched: the whole text, or only where a match can be.
_ZONES: dict[str, Callable[[str], list[tuple[int, int]]]] = {"EMAIL_ADDRESS": _email_zones, "CREDIT_CARD": _card_zones}
