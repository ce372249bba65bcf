"""`ftlint check --statistics`: how often each rule fired, like ruff's `--statistics`.

    12	E101	[*] missing-role
     3	W201	[ ] long-message

Rows are sorted by count (most first), then code; the fixable column only appears when some
rule in the table has a fix.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from ftlint.core.engine.driver import CheckResult


@dataclass(frozen=True)
class Statistic:
    """One row of the table."""

    code: str
    name: str
    count: int
    fixable: bool


def statistics(result: CheckResult) -> list[Statistic]:
    """Per-code totals, sorted by count descending then code."""
    counts = Counter(f.code for f in result.findings)
    names: dict[str, str] = {}
    fixable: set[str] = set()
    for finding in result.findings:
        names.setdefault(finding.code, finding.name)
        if finding.fixable:
            fixable.add(finding.code)
    rows = [Statistic(code, names[code], count, code in fixable) for code, count in counts.items()]
    return sorted(rows, key=lambda row: (-row.count, row.code))


def emit_statistics(result: CheckResult, stream: TextIO) -> None:
    """Write the statistics table; nothing at all when there are no findings."""
    rows = statistics(result)
    if not rows:
        return
    count_width = max(len(str(row.count)) for row in rows)
    code_width = max(len(row.code) for row in rows)
    any_fixable = any(row.fixable for row in rows)
    for row in rows:
        marker = ("[*] " if row.fixable else "[ ] ") if any_fixable else ""
        stream.write(f"{row.count:>{count_width}}\t{row.code:<{code_width}}\t{marker}{row.name}\n")
