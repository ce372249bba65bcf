"""The findings of a `ftlint stats` run, summarised by rule: how many, where first, and, for rules
that tie records together (copies, near copies, leaks), the groups of records they found.

A group is every record a finding names with its related places: a copy and the record it copies,
the members of a near-duplicate cluster. The largest groups come first, each with a short snippet of
its first record (read back by the caller, and masked there like every report's data).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ftlint.core.findings import Finding

FIRST_PLACES = 5  # places listed per rule
GROUPS_SHOWN = 5  # groups listed per rule
PLACES_PER_GROUP = 8

# Reads the snippet of the record at (path, line): a line of its text, or None when it cannot be read.
Snippets = Callable[[list[tuple[str, int]]], dict[tuple[str, int], str]]


@dataclass(frozen=True)
class RecordGroup:
    size: int  # records in the group
    places: list[str]  # `path:line` of its first records
    snippet: str  # of its first record ("" when it could not be read)


@dataclass(frozen=True)
class RuleFindings:
    code: str
    name: str
    severity: str
    url: str
    count: int
    message: str  # the first finding's
    places: list[str]  # `path:line` of the first findings
    groups: list[RecordGroup] = field(default_factory=list)
    group_count: int = 0  # groups in all (only the largest are listed)


def place(path: str, line: int) -> str:
    return f"{path}:{line}" if line else path


def summarise_findings(findings: Iterable[Finding], snippets: Snippets | None = None,
                       mask: Callable[[str], str] = str) -> list[RuleFindings]:
    """One entry per rule, the most severe and most frequent first. `mask` is applied to the one message
    shown per rule (personal data masked there, not in thousands of messages never shown)."""
    by_code: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_code[finding.code].append(finding)
    grouped = {code: _groups(found) for code, found in by_code.items() if any(f.related for f in found)}
    wanted = [members[0] for groups in grouped.values() for members in groups[:GROUPS_SHOWN]]
    texts = snippets(wanted) if snippets and wanted else {}
    summaries = []
    for code, found in by_code.items():
        ordered = sorted(found)
        first = ordered[0]
        groups = grouped.get(code, [])
        summaries.append(RuleFindings(
            code=code, name=first.name, severity=first.severity.name.lower(), url=first.url, count=len(found),
            message=mask(first.message), places=[place(f.path, f.line) for f in ordered[:FIRST_PLACES]],
            groups=[RecordGroup(len(members), [place(*m) for m in members[:PLACES_PER_GROUP]],
                                texts.get(members[0], "")) for members in groups[:GROUPS_SHOWN]],
            group_count=len(groups)))
    return sorted(summaries, key=lambda s: (-_rank(s.severity), -s.count, s.code))


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = Counter(f.severity.name.lower() for f in findings)
    return {name: counts.get(name, 0) for name in ("error", "warning", "info")}


def _rank(severity: str) -> int:
    return {"error": 3, "warning": 2, "info": 1}.get(severity, 0)


def _groups(findings: list[Finding]) -> list[list[tuple[str, int]]]:
    """The records tied together by the findings (each with its related places), largest first; each
    group's members in file order."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def root(node: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]  # halve the path: later look-ups are shorter
            node = parent[node]
        return node

    for finding in findings:
        here = root((finding.path, finding.line))
        for other in finding.related:
            there = root((other.path, other.line))
            if there != here:
                parent[there] = here
    members: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
    for node in parent:
        members[root(node)].append(node)
    return sorted((sorted(group) for group in members.values()), key=lambda group: (-len(group), group[0]))
