"""A gate on rates against a saved report (`check --compare-rates REPORT`).

A dataset that grows keeps some findings: a count means little from one run to the next, and a baseline
(`--baseline`) fails on every new record with a finding. This gate asks instead whether the data got
worse: rule by rule, findings per record in this run against those of a JSON report saved from an
earlier one (`--output-format json`). It fails when a rule at or above the fail level finds more per
record than it did then; one that finds fewer, or as many, passes. Counts are compared as fractions
(a·d > c·b), never as rounded floats, so equal rates never read as a rise.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ftlint.core.findings import Finding, Severity


class RatesError(ValueError):
    """A saved report that cannot be read as one; exit 2."""


@dataclass(frozen=True)
class Rates:
    """What a run found per rule (findings at or above the fail level), and over how many records."""

    records: int
    counts: Mapping[str, int]


@dataclass(frozen=True)
class RateChange:
    code: str
    then: int
    then_records: int
    now: int
    now_records: int

    @property
    def rose(self) -> bool:
        if self.now == 0:
            return False
        if self.then_records == 0:
            return True
        return self.now * self.then_records > self.then * self.now_records

    @staticmethod
    def per_thousand(count: int, records: int) -> float:
        return 1000 * count / records if records else 0.0


def rates_of(findings: Iterable[Finding], records: int, fail_on: Severity) -> Rates:
    return Rates(records, Counter(f.code for f in findings if f.severity >= fail_on))


def read_rates(path: Path, fail_on: Severity) -> Rates:
    """The rates of a report saved with `ftlint check --output-format json`."""
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RatesError(f"cannot read the report {path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RatesError(f"{path} is not a JSON report ({exc}); save one with `ftlint check --output-format json "
                         f"DATA > {path.name}`") from None
    findings = report.get("findings") if isinstance(report, dict) else None
    summary = report.get("summary") if isinstance(report, dict) else None
    records = summary.get("records") if isinstance(summary, dict) else None
    if not isinstance(findings, list) or not isinstance(records, int) or isinstance(records, bool) or records < 0:
        raise RatesError(f"{path} is not an ftlint JSON report (it needs `findings` and `summary.records`); save "
                         f"one with `ftlint check --output-format json DATA > {path.name}`")
    counts: Counter[str] = Counter()
    for index, finding in enumerate(findings):
        code, severity = (finding.get("code"), finding.get("severity")) if isinstance(finding, dict) else (None, None)
        if not isinstance(code, str) or not isinstance(severity, str):
            raise RatesError(f"{path}: finding {index} has no `code` and `severity`; is it an ftlint JSON report?")
        try:
            if Severity.parse(severity) >= fail_on:
                counts[code] += 1
        except ValueError as exc:
            raise RatesError(f"{path}: finding {index}: {exc}") from None
    return Rates(records, counts)


def compare(then: Rates, now: Rates) -> list[RateChange]:
    """Every rule either run found, by code."""
    codes = sorted(set(then.counts) | set(now.counts))
    return [RateChange(code, then.counts.get(code, 0), then.records, now.counts.get(code, 0), now.records)
            for code in codes]
