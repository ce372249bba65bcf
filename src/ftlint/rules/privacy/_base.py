"""The PI rule base: each rule reports its own entity from the record's one scan (`_scan`).

Each rule takes the spans of its entity at its own score and allow-list, and
reports each string with the values masked (`--show-pii` shows them). Its unsafe fix replaces the
values with placeholders numbered per record, so the same address is `<EMAIL_1>` in every message.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Literal

from ftlint.core.edits import SetValue
from ftlint.core.findings import Applicability, Fix, Severity, Violation
from ftlint.core.option_types import AllowPattern, Share
from ftlint.core.records import Record
from ftlint.core.rule import FixAvailability, RecordRule, RuleOptions
from ftlint.privacy.mask import masker, replace_spans
from ftlint.privacy.presidio import ner_model_problem
from ftlint.rules.privacy._allow import SEPARATORS, AllowList
from ftlint.rules.privacy._scan import LATIN_ACCENTED, may_hold_pii, scan


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
        self._allow = AllowList(self.settings.allow, f"{self.code} `allow`")
        # The parts of every message and fix that depend on the rule only.
        self._one = f"an {self.label}" if self.label[0] in "aeioAEIO" else f"a {self.label}"  # not u: a URL
        self._fix_title = f"replace the {self.labels} with placeholders"
        self._mask = masker(self.entity)

    @classmethod
    def unavailable(cls) -> str | None:
        return ner_model_problem() if cls.ner else None

    def check_record(self, record: Record) -> Iterable[Violation]:
        entity = self.entity
        if entity not in entities_found(record, self.ner):  # most records found hold one entity at most
            return ()
        min_score, allow, line = self.settings.min_score, self._allow, record.line.number
        found: list[tuple[str, str, list[tuple[int, int, str]]]] = []
        for at, text, spans in scan(record, self.ner):
            values = []
            for span in spans:
                if span.entity == entity and span.score >= min_score and self.plausible(text, span.start, span.end):
                    value = text[span.start:span.end]
                    if allow.empty or not allow.allows(value, line):
                        values.append((span.start, span.end, value))
            if values:
                found.append((at, text, values))
        if not found:
            return ()
        numbers = numbering([value for _, _, values in found for _, _, value in values])
        return [self._violation(at, text, values, numbers) for at, text, values in found]

    def plausible(self, text: str, start: int, end: int) -> bool:
        """Whether the value at text[start:end] is what presidio took it for (a rule may doubt it)."""
        return True

    def severity_of(self, text: str, values: list[tuple[int, int, str]]) -> Severity | None:
        """The severity of the finding for these values in `text`, when the rule is less sure of
        them than of its others (None: the rule's own)."""
        return None

    def _violation(self, at: str, text: str, values: list[tuple[int, int, str]], numbers: dict[str, int]) -> Violation:
        token = self.token
        numbered = self.settings.placeholder == "numbered"
        if len(values) == 1:  # the usual finding: no list to deduplicate or join
            start, stop, value = values[0]
            listed = value if self.target.show_pii else self._mask(value)
            what = self._one
            placeholder = f"<{token}_{numbers[value]}>" if numbered else f"<{token}>"
            redacted = text[:start] + placeholder + text[stop:]
        else:
            hide = None if self.target.show_pii else self._mask
            shown = list(dict.fromkeys([value if hide is None else hide(value) for _, _, value in values]))
            listed = ", ".join(shown[:3]) + (", ..." if len(shown) > 3 else "")
            what = f"{len(values)} {self.labels}"
            redacted = replace_spans(text, [(start, stop, f"<{token}_{numbers[value]}>" if numbered else f"<{token}>")
                                            for start, stop, value in values])
        fix = Fix(self._fix_title, _UNSAFE, (SetValue(at, redacted, text),))
        return Violation(f"text holds {what} ({listed})", pointer=at, fix=fix, severity=self.severity_of(text, values))


_UNSAFE = Applicability.UNSAFE  # a module constant: an enum member's lookup costs a microsecond


def entities_found(record: Record, ner: bool = False) -> frozenset[str]:
    """The entities of the record's scan (`scan`), worked out once per record for the eight rules."""
    key = "pii-entities-ner" if ner else "pii-entities"
    found = record.memo.get(key)
    if found is None:
        found = record.memo[key] = frozenset(span.entity for _, _, spans in scan(record, ner) for span in spans)
    return found


def _key(value: str) -> str:
    """Two ways of writing one value share a placeholder: `+1 415-555-2671`, `+1 (415) 555 2671`."""
    return SEPARATORS.sub("", value).lower()


def numbering(values: list[str]) -> dict[str, int]:
    """Each value's placeholder number: values written the same (`_key`) share one, in order of first sight."""
    first, *others = values
    numbers = {first: 1}  # the usual record: one value, no key to work out
    if not others:
        return numbers
    by_key = {_key(first): 1}
    for value in others:
        if value not in numbers:
            numbers[value] = by_key.setdefault(_key(value), len(by_key) + 1)
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
