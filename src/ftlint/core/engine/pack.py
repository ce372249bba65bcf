"""A rule pack: the rule instances that will run, with the severity each was given."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TypeVar

import xxhash

from ftlint.core.findings import Finding, Severity, Violation
from ftlint.core.rule import DatasetRule, Feature, FileRule, LineRule, RecordRule, Rule

R = TypeVar("R", bound=Rule)


@dataclass(frozen=True)
class RulePack:
    """Enabled rules, grouped by scope. Picklable, so it travels once to each worker process."""

    rules: tuple[Rule, ...]
    severities: dict[str, Severity] = field(default_factory=dict)
    # Columns a report (`ftlint stats`) wants beside those the dataset rules declare.
    extra_features: tuple[Feature, ...] = ()
    # What was selected but cannot run here (a missing optional extra), said once in the report.
    notes: tuple[str, ...] = ()

    @property
    def file_rules(self) -> list[FileRule]:
        return self._of(FileRule)

    @property
    def line_rules(self) -> list[LineRule]:
        return self._of(LineRule)

    @property
    def record_rules(self) -> list[RecordRule]:
        return self._of(RecordRule)

    @property
    def dataset_rules(self) -> list[DatasetRule]:
        return self._of(DatasetRule)

    def _of(self, scope: type[R]) -> list[R]:
        return [rule for rule in self.rules if isinstance(rule, scope)]

    def features(self) -> list[Feature]:
        """The feature columns the dataset rules need, each computed once."""
        unique: dict[str, Feature] = {}
        for rule in self.dataset_rules:
            for feature in rule.features:
                unique.setdefault(feature.name, feature)
        for feature in self.extra_features:
            unique.setdefault(feature.name, feature)
        return list(unique.values())

    def for_inputs(self, paths: list[str]) -> RulePack:
        """This pack without the dataset rules that these inputs give nothing to do."""
        idle = {id(rule) for rule in self.dataset_rules if not rule.needed_for(paths)}
        if not idle:
            return self
        return replace(self, rules=tuple(rule for rule in self.rules if id(rule) not in idle))

    def severity(self, rule: Rule) -> Severity:
        return self.severities.get(rule.code, rule.default_severity)

    def stamp(self, rule: Rule, violations: Iterable[Violation], path: str, line: int = 0,
              record: bytes = b"") -> list[Finding]:
        """Findings for a rule's violations: the engine, not the rule, adds identity and severity.

        A violation's own severity replaces the rule's default, not one the user configured for the
        rule (by code or prefix, in config or a profile): "PI003 = warning" means all of PI003.
        `record` is the line the violations are about: its hash identifies them across runs
        (`Finding.record`), whatever line it moves to.
        """
        configured = self.severities.get(rule.code)
        default = rule.default_severity
        record_hash = xxhash.xxh64_hexdigest(record) if record else ""
        return [
            Finding(
                path=v.path or path,
                line=v.line or line,
                pointer=v.pointer,
                code=rule.code,
                name=rule.name,
                severity=configured or v.severity or default,
                message=v.message,
                fix=v.fix,
                url=rule.url(),
                related=v.related,
                record=record_hash,
                column=v.column,
            )
            for v in violations
        ]
