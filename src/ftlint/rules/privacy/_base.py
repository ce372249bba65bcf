"""The PI rule base: one scan of a record shared by every PI rule, each reporting its own entity.

The scan (screen, then presidio on the strings that pass) runs once per record and is kept in the
record's memo; each rule then takes the spans of its entity at its own score and allow-list, and
reports each string with the values masked (`--show-pii` shows them). Its unsafe fix replaces the
values with placeholders numbered per record, so the same address is `<EMAIL_1>` in every message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, ClassVar, Literal

from pydantic import field_validator

from ftlint.core.edits import SetValue
from ftlint.core.findings import Applicability, Fix, Violation, pointer
from ftlint.core.records import Record
from ftlint.core.rule import FixAvailability, RecordRule, RuleOptions
from ftlint.rules._texts import strings
from ftlint.rules.privacy._mask import mask
from ftlint.rules.privacy._presidio import NER_ENTITIES, PATTERN_ENTITIES, Span, analyze, ner_model_problem
from ftlint.rules.privacy._screen import line_may_hold_pii, text_may_hold_pii

Hit = tuple[str, str, list[Span]]  # a string's pointer, the string, and what presidio found in it
_SEPARATORS = re.compile(r"[\s\-.()/+]")


class PiiOptions(RuleOptions):
    allow: list[str] = []
    """Regular expressions; a value is not reported when one is found in it (as written, or with
    spaces, dashes, dots, slashes and parentheses removed)."""
    min_score: float = 0.4
    """presidio's confidence (0-1) from which a value is reported."""
    placeholder: Literal["numbered", "type"] = "numbered"
    """What the fix writes: `<EMAIL_1>`, `<EMAIL_2>` per distinct value in a record, or `<EMAIL>`."""

    @field_validator("allow")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"`{pattern}` is not a regular expression: {exc}") from None
        return patterns


def scan(record: Record, ner: bool = False) -> list[Hit]:
    """The strings of `record` with the spans presidio found in them (pattern entities, or with
    `ner` PERSON and LOCATION), computed once per record."""
    key = "pii-ner" if ner else "pii"
    hits = record.memo.get(key)
    if hits is None:
        hits = record.memo[key] = _scan_ner(record.data) if ner else _scan_patterns(record)
    return hits


def may_hold_pii(record: Record) -> bool:
    """The gate of the pattern rules: the raw line's screen."""
    return line_may_hold_pii(record.line.raw)


def _scan_patterns(record: Record) -> list[Hit]:
    if not line_may_hold_pii(record.line.raw):
        return []
    hits = []
    for where, text in strings(record.data):
        if text_may_hold_pii(text) and not _is_data_url(text):
            spans = analyze(text, PATTERN_ENTITIES)
            if spans:
                hits.append((pointer(*where), text, spans))
    return hits


def _scan_ner(data: dict[str, Any]) -> list[Hit]:
    hits = []
    for where, text in strings(data):
        # Prose only: a string without a space is an identifier, a URL or a type name, not a sentence.
        if " " in text and _mostly_latin(text):
            spans = analyze(text, NER_ENTITIES, ner=True)
            if spans:
                hits.append((pointer(*where), text, spans))
    return hits


def _mostly_latin(text: str) -> bool:
    """Whether the English NER model can read `text`: it has words, most of their letters Latin.
    (On Chinese it tags whole clauses as people and places.)"""
    letters = _LETTER.findall(text)
    return len(letters) >= 2 and sum(ch.isascii() or ch in _LATIN_ACCENTED for ch in letters) * 2 > len(letters)


_LETTER = re.compile(r"[^\W\d_]")
_LATIN_ACCENTED = frozenset(chr(c) for c in range(0xC0, 0x250) if chr(c).isalpha())


def _is_data_url(text: str) -> bool:
    return text.startswith("data:") and ";base64," in text[:100]  # an image, not words


class PiiRule(RecordRule):
    """Reports the strings holding one kind of personal data (subclasses name the entity)."""

    entity: ClassVar[str]
    label: ClassVar[str]  # "e-mail address"
    labels: ClassVar[str]  # "e-mail addresses"
    token: ClassVar[str]  # the placeholder's name: EMAIL
    ner: ClassVar[bool] = False
    gate = staticmethod(may_hold_pii)
    fix_availability = FixAvailability.ALWAYS
    Options: ClassVar[type[RuleOptions]] = PiiOptions

    def __init__(self, options: RuleOptions | None = None, **kwargs: Any) -> None:
        super().__init__(options, **kwargs)
        assert isinstance(self.options, PiiOptions)
        self.settings: PiiOptions = self.options
        self._allow = [re.compile(p) for p in self.settings.allow]

    @classmethod
    def unavailable(cls) -> str | None:
        return ner_model_problem() if cls.ner else None

    def check_record(self, record: Record) -> Iterable[Violation]:
        found: list[tuple[str, str, list[tuple[int, int, str]]]] = []
        for at, text, spans in scan(record, self.ner):
            values = [(s.start, s.end, text[s.start:s.end]) for s in spans
                      if s.entity == self.entity and s.score >= self.settings.min_score]
            values = [v for v in values if self.plausible(text, v[0], v[1]) and not self._allowed(v[2])]
            if values:
                found.append((at, text, values))
        if not found:
            return ()
        numbers = _numbering(value for _, _, values in found for _, _, value in values)
        return [self._violation(at, text, values, numbers) for at, text, values in found]

    def plausible(self, text: str, start: int, end: int) -> bool:
        """Whether the value at text[start:end] is what presidio took it for (a rule may doubt it)."""
        if self.ner:  # the model calls acronyms places ("AI") and spans across scripts names
            value = text[start:end]
            letters = [ch for ch in value if ch.isalpha()]
            latin = all(ch.isascii() or ch in _LATIN_ACCENTED for ch in letters)
            capitalised = any(ch.isupper() for ch in letters)  # `max`, `devs`: not names in English
            return capitalised and latin and not (value.isupper() and len(value) <= 4)
        return True

    def _allowed(self, value: str) -> bool:
        bare = _SEPARATORS.sub("", value)
        return any(p.search(value) or p.search(bare) for p in self._allow)

    def _violation(self, at: str, text: str, values: list[tuple[int, int, str]], numbers: dict[str, int]) -> Violation:
        shown = list(dict.fromkeys(v if self.target.show_pii else mask(self.entity, v) for _, _, v in values))
        listed = ", ".join(shown[:3]) + (", ..." if len(shown) > 3 else "")
        what = f"an {self.label}" if self.label[0] in "aeioAEIO" else f"a {self.label}"  # not u: a URL
        if len(values) > 1:
            what = f"{len(values)} {self.labels}"
        numbered = self.settings.placeholder == "numbered"
        redacted, end = [], 0
        for start, stop, value in values:
            tag = f"<{self.token}_{numbers[_key(value)]}>" if numbered else f"<{self.token}>"
            redacted += [text[end:start], tag]
            end = stop
        redacted.append(text[end:])
        fix = Fix(f"replace the {self.labels} with placeholders", Applicability.UNSAFE,
                  (SetValue(at, "".join(redacted), only_if=text),))
        return Violation(f"text holds {what} ({listed})", pointer=at, fix=fix)


def _key(value: str) -> str:
    """Two ways of writing one value share a placeholder: `+1 415-555-2671`, `+1 (415) 555 2671`."""
    return _SEPARATORS.sub("", value).lower()


def _numbering(values: Iterable[str]) -> dict[str, int]:
    numbers: dict[str, int] = {}
    for value in values:
        numbers.setdefault(_key(value), len(numbers) + 1)
    return numbers
