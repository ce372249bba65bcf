"""The PI rule base: each rule reports its own entity from the record's one scan (`_scan`).

Each rule takes the spans of its entity at its own score and allow-list, and
reports each string with the values masked (`--show-pii` shows them). Its unsafe fix replaces the
values with placeholders numbered per record, so the same address is `<EMAIL_1>` in every message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, ClassVar, Literal

from ftlint.core.edits import SetValue
from ftlint.core.findings import Applicability, Fix, Severity, Violation
from ftlint.core.option_types import AllowPattern, Share
from ftlint.core.patterns import PatternTimeoutError, UserPattern
from ftlint.core.records import Record
from ftlint.core.rule import FixAvailability, RecordRule, RuleOptions
from ftlint.privacy.mask import mask, replace_spans
from ftlint.privacy.presidio import ner_model_problem
from ftlint.rules.privacy._scan import LATIN_ACCENTED, may_hold_pii, scan

_SEPARATORS = re.compile(r"[\s\-.()/+]")


class PiiOptions(RuleOptions):
    allow: list[AllowPattern] = []
    """Regular expressions; a value is not reported when one is found in it (as written, or with
    spaces, dashes, dots, slashes and parentheses removed)."""
    min_score: Share = 0.4
    """presidio's confidence (0-1) from which a value is reported."""
    placeholder: Literal["numbered", "type"] = "numbered"
    """What the fix writes: `<EMAIL_1>`, `<EMAIL_2>` per distinct value in a record, or `<EMAIL>`."""


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
        self._allow = [UserPattern(p, f"{self.code} `allow`") for p in self.settings.allow]

    @classmethod
    def unavailable(cls) -> str | None:
        return ner_model_problem() if cls.ner else None

    def check_record(self, record: Record) -> Iterable[Violation]:
        found: list[tuple[str, str, list[tuple[int, int, str]]]] = []
        for at, text, spans in scan(record, self.ner):
            values = [(s.start, s.end, text[s.start:s.end]) for s in spans
                      if s.entity == self.entity and s.score >= self.settings.min_score]
            values = [v for v in values
                      if self.plausible(text, v[0], v[1]) and not self._allowed(v[2], record.line.number)]
            if values:
                found.append((at, text, values))
        if not found:
            return ()
        numbers = _numbering(value for _, _, values in found for _, _, value in values)
        return [self._violation(at, text, values, numbers) for at, text, values in found]

    def plausible(self, text: str, start: int, end: int) -> bool:
        """Whether the value at text[start:end] is what presidio took it for (a rule may doubt it)."""
        return True

    def severity_of(self, text: str, values: list[tuple[int, int, str]]) -> Severity | None:
        """The severity of the finding for these values in `text`, when the rule is less sure of
        them than of its others (None: the rule's own)."""
        return None

    def _allowed(self, value: str, line: int) -> bool:
        bare = _SEPARATORS.sub("", value)
        try:
            return any(p.search(value) or p.search(bare) for p in self._allow)
        except PatternTimeoutError as stopped:
            raise stopped.on_line(line) from None

    def _violation(self, at: str, text: str, values: list[tuple[int, int, str]], numbers: dict[str, int]) -> Violation:
        shown = list(dict.fromkeys(v if self.target.show_pii else mask(self.entity, v) for _, _, v in values))
        listed = ", ".join(shown[:3]) + (", ..." if len(shown) > 3 else "")
        what = f"an {self.label}" if self.label[0] in "aeioAEIO" else f"a {self.label}"  # not u: a URL
        if len(values) > 1:
            what = f"{len(values)} {self.labels}"
        numbered = self.settings.placeholder == "numbered"
        redacted = replace_spans(text, [(start, stop, f"<{self.token}_{numbers[_key(value)]}>" if numbered
                                         else f"<{self.token}>") for start, stop, value in values])
        fix = Fix(f"replace the {self.labels} with placeholders", Applicability.UNSAFE,
                  (SetValue(at, redacted, only_if=text),))
        return Violation(f"text holds {what} ({listed})", pointer=at, fix=fix, severity=self.severity_of(text, values))


def _key(value: str) -> str:
    """Two ways of writing one value share a placeholder: `+1 415-555-2671`, `+1 (415) 555 2671`."""
    return _SEPARATORS.sub("", value).lower()


def _numbering(values: Iterable[str]) -> dict[str, int]:
    numbers: dict[str, int] = {}
    for value in values:
        numbers.setdefault(_key(value), len(numbers) + 1)
    return numbers


class NerRule(PiiRule):
    """A PI rule for an entity only spaCy's NER model finds (names, places): opt-in, and ungated,
    since no screen can tell where a name is."""

    opt_in = True
    ner = True
    gate = None

    def plausible(self, text: str, start: int, end: int) -> bool:
        # The model calls acronyms places ("AI"), lower-case words names (`max`), and spans that
        # run across scripts names.
        value = text[start:end]
        letters = [ch for ch in value if ch.isalpha()]
        latin = all(ch.isascii() or ch in LATIN_ACCENTED for ch in letters)
        capitalised = any(ch.isupper() for ch in letters)
        return capitalised and latin and not (value.isupper() and len(value) <= 4)
