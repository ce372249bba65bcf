"""The rate gate's comparison (`check --compare-rates REPORT`), as lines for stderr and as a Markdown
section for the job summary: findings per 1,000 records, then and now, rule by rule."""

from __future__ import annotations

from collections.abc import Sequence

from ftlint.core.rates import RateChange, Rates
from ftlint.output.base import plural
from ftlint.output.markdown import cell


def _rate(count: int, records: int) -> str:
    return f"{RateChange.per_thousand(count, records):.2f}"


def _heading(report: str, then: Rates, now: Rates) -> str:
    return f"findings per 1,000 records against {report} ({plural(then.records, 'record')} then, {now.records:,} now)"


def rate_lines(changes: Sequence[RateChange], report: str, then: Rates, now: Rates) -> list[str]:
    """For stderr: the table, then the verdict."""
    if not changes:
        return [f"ftlint: no findings at the fail level in this run or in {report}: rates pass"]
    lines = [f"ftlint: {_heading(report, then, now)}:"]
    width = max(len(change.code) for change in changes)
    for change in changes:
        mark = "  rose" if change.rose else ""
        lines.append(f"  {change.code:<{width}}  {_rate(change.then, change.then_records):>8} -> "
                     f"{_rate(change.now, change.now_records):>8}{mark}")
    risen = sum(change.rose for change in changes)
    lines.append(f"ftlint: {plural(risen, 'rule')} {'finds' if risen == 1 else 'find'} more per record than in "
                 f"{report}" if risen else f"ftlint: no rule finds more per record than in {report}: rates pass")
    return lines


def rate_section(changes: Sequence[RateChange], report: str, then: Rates, now: Rates) -> list[str]:
    """For the Markdown summary: a heading and a table (the report's codes escaped: it is a file's text)."""
    heading = _heading(report, then, now)
    lines = [f"### Rates against {cell(report)}", "", cell(heading[0].upper() + heading[1:]) + ".", ""]
    if not changes:
        return [*lines, "No findings at the fail level, then or now."]
    lines += ["| Code | Then | Now | |", "| --- | ---: | ---: | --- |"]
    for change in changes:
        lines.append(f"| {cell(change.code)} | {_rate(change.then, change.then_records)} "
                     f"| {_rate(change.now, change.now_records)} | {'rose' if change.rose else ''} |")
    return lines
