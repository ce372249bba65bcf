"""The scan for personal data at run time: presidio's recognizers, without presidio's machinery.

presidio's `AnalyzerEngine.analyze` costs milliseconds a string (it resolves its recognizers, runs
every one, builds result objects and explanations) and importing it costs seconds (it imports
spaCy). This module runs the same recognizers' regular expressions (`_presidio_patterns`, a copy
generated from the installed presidio), with the same regex engine and flags, the same validators
(`validators`, each tested against presidio's own) and the same rules for scores and duplicates;
phone numbers are python-phonenumbers' matcher around each candidate (`phones`). Each recognizer
runs only on strings that have what its patterns need (an `@` for an e-mail address, digits for a
card), so a string costs a few microseconds unless it holds something; an e-mail address is
looked for only in the runs of characters around each `@`, and a plain one is read off without
the pattern (`emails`).

The tests compare `find` with presidio's `analyze` on corpora of real and generated text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from ftlint.privacy import _presidio_patterns as presidio_tables
from ftlint.privacy import digit_shape, emails, validators
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
# `digit_shape.letters_then_digits` (`[Aa]{2}00` on the shape), searched from its digits: the
# expression's first character is not fixed, and a search for it cost more than all the rest.
_LETTERS_THEN_DIGITS = re.compile(rb"00(?<=[Aa]{2}00)")
_TWO_COLONS = re.compile(r":[0-9A-Fa-f]{0,4}:")  # every IPv6 pattern has two, hex digits between


# The digits each entity needs at least: in ASCII text, counted before any other test (but an IPv6
# address may have none). Text in other scripts may write digits that are not ASCII ones, so there
# every search runs.
_FEWEST_DIGITS = {"CREDIT_CARD": 13, "US_SSN": 9, "IBAN_CODE": 2, "IP_ADDRESS": 4, "CRYPTO": 1}


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
                                      else _LETTERS_THEN_DIGITS.search(shape) is not None),
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
    for recognizer, fewest_digits in _recognizers_of(entities):
        if digits is not None and digits < fewest_digits and not (recognizer.entity == "IP_ADDRESS" and ":" in text):
            continue  # (an IPv6 address may have no digit)
        if recognizer.may_match(text, shape):
            spans += _matches(recognizer, text)
    if "@" in text and "/" in text and "EMAIL_ADDRESS" in entities:
        # As `presidio.analyze`: an address after a `/` (a path, a pointer to a key) is read again
        # with each `/` a space, the offsets the same.
        spans += _email_matches(text.replace("/", " "))
    if "PHONE_NUMBER" in entities:
        spans += phone_spans(text)
    if not spans:
        return spans  # most strings that pass the screen: nothing to settle
    if len(spans) == 1:
        return spans if spans[0].score >= BASE_SCORE else []  # one span: nothing to remove or settle
    return settle(_without_contained([s for s in spans if s.score >= BASE_SCORE]))


@cache
def _recognizers_of(entities: tuple[str, ...]) -> tuple[tuple[_Recognizer, int], ...]:
    """The recognizers of `entities`, each with the fewest ASCII digits its patterns need."""
    return tuple((r, _FEWEST_DIGITS.get(r.entity, 0)) for r in _recognizers() if r.entity in entities)


def _matches(recognizer: _Recognizer, text: str) -> list[Span]:
    if recognizer.entity == "IBAN_CODE":
        return _iban_matches(recognizer, text)
    if recognizer.entity == "EMAIL_ADDRESS":
        return _email_matches(text)
    zones = _ZONES.get(recognizer.entity, _whole)(text)
    found = []
    for (pattern, score), (start, end) in ((p, z) for p in _patterns(recognizer.entity) for z in zones):
        for match in _all_matches(pattern, text, start, end):
            value = match.group()
            if value and (kept := _judged(recognizer, value, score)) > 0:
                found.append(Span(recognizer.entity, match.start(), match.end(), kept))
    return found


def _email_matches(text: str) -> list[Span]:
    """The e-mail pattern's matches zone by zone (`emails`): a plain address's read off, any
    other zone searched with the pattern (compiled only then)."""
    found = []
    for start, end in emails.zones(text):
        plain = emails.plain_match(text, start, end)
        if plain is not None:
            matched = [plain]
        else:
            matched = [match.span() for pattern, _ in _patterns("EMAIL_ADDRESS")
                       for match in _all_matches(pattern, text, start, end)]
        for match_start, match_end in matched:
            if match_end > match_start and validators.email_domain_ok(text[match_start:match_end]):
                # The validator's True makes the score 1 (`_judged`), its False drops the match.
                found.append(Span("EMAIL_ADDRESS", match_start, match_end, 1.0))
    return found


_CARD_RUN = re.compile(r"\d[\d -]{12,}")


def _whole(text: str) -> list[tuple[int, int]]:
    return [(0, len(text))]


def _card_zones(text: str) -> list[tuple[int, int]]:
    """The runs of digits, spaces and dashes (all a card number holds) with 13 digits or more,
    each with the character after it, which the pattern's closing `\b` reads."""
    # A run holds digits, spaces and dashes only: its digits are what the other two leave.
    return [(run.start(), min(len(text), run.end() + 1)) for run in _CARD_RUN.finditer(text)
            if run.end() - run.start() - run.group().count(" ") - run.group().count("-") >= 13]


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
_ZONES: dict[str, Callable[[str], list[tuple[int, int]]]] = {"CREDIT_CARD": _card_zones}
