"""The table a run looks rules up in: each rule's entry (code, name, formats, ...) known at once,
its class imported the first time it is asked for."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ftlint.core.rule import Rule


BUILTIN_ORIGIN = "ftlint"  # the origin of ftlint's own rules; a plugin's rules name the plugin


class DuplicateRuleCodeError(ValueError):
    pass


@dataclass(frozen=True)
class RuleEntry:
    """What selecting a rule needs to know of it, known without importing its module."""

    code: str
    name: str
    module: str
    qualname: str
    default_severity: str  # a severity label
    formats: frozenset[str] | None  # None: every format
    opt_in: bool
    # Whether the class has its own `active(target)`: then the class is loaded to ask it.
    own_active: bool
    # Where the rule comes from: "ftlint", or the plugin that brought it (`ftlint rules` shows it).
    origin: str = BUILTIN_ORIGIN

    @classmethod
    def of(cls, rule: type[Rule], origin: str = BUILTIN_ORIGIN) -> RuleEntry:
        from ftlint.core.rule import Rule

        return cls(rule.code, rule.name, rule.__module__, rule.__qualname__, rule.default_severity.label,
                   rule.formats, rule.opt_in, rule.active.__func__ is not Rule.active.__func__,  # type: ignore[attr-defined]
                   origin)


class RuleTable(Mapping[str, "type[Rule]"]):
    """Rules keyed by code: each entry known at once, each class imported when first looked up."""

    def __init__(self, entries: Iterable[RuleEntry], classes: Mapping[str, type[Rule]] | None = None) -> None:
        self._entries: dict[str, RuleEntry] = {}
        for entry in entries:
            if entry.code in self._entries:
                raise DuplicateRuleCodeError(f"rule code {entry.code} is used by both "
                                             f"{self._entries[entry.code].qualname} and {entry.qualname}")
            self._entries[entry.code] = entry
        self._classes: dict[str, type[Rule]] = dict(classes or {})

    def entry(self, code: str) -> RuleEntry:
        return self._entries[code]

    def entries(self) -> Iterator[RuleEntry]:
        return iter(self._entries.values())

    def __getitem__(self, code: str) -> type[Rule]:
        found = self._classes.get(code)
        if found is None:
            entry = self._entries[code]
            found = getattr(importlib.import_module(entry.module), entry.qualname)
            self._classes[code] = found
        return found

    def __contains__(self, code: object) -> bool:
        return code in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


def entry_of(rules: Mapping[str, type[Rule]], code: str) -> RuleEntry:
    """A rule's entry from a `RuleTable` without loading it, or from the class of any other mapping."""
    return rules.entry(code) if isinstance(rules, RuleTable) else RuleEntry.of(rules[code])
