"""What every emitter shares: the rule metadata it is handed and a few counting helpers.

The command layer builds `RuleInfo` from the rule registry, so output never imports the rules.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ftlint.core.findings import Finding, Severity

SEVERITY_ORDER: tuple[Severity, ...] = (Severity.ERROR, Severity.WARNING, Severity.INFO)
DATASET_PATH = "<dataset>"  # shown for findings about the dataset as a whole (no path)


@dataclass(frozen=True)
class RuleInfo:
    """A rule as the output sees it: identity, one-line summary, docs link and default severity."""

    code: str
    name: str
    summary: str
    url: str
    default_severity: str


def info_for(finding: Finding, rules: Mapping[str, RuleInfo]) -> RuleInfo:
    """The finding's rule metadata, or a stand-in built from the finding if the caller lacks it."""
    info = rules.get(finding.code)
    if info is not None:
        return info
    return RuleInfo(finding.code, finding.name, finding.name, finding.url, finding.severity.label)


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """Findings per severity label, always all three, most severe first."""
    counts = Counter(f.severity for f in findings)
    return {severity.label: counts.get(severity, 0) for severity in SEVERITY_ORDER}


def code_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """Findings per rule code, sorted by code."""
    counts = Counter(f.code for f in findings)
    return {code: counts[code] for code in sorted(counts)}


def plural(count: int, singular: str, many: str | None = None) -> str:
    """`1 file`, `2 files`; `many` for irregular words."""
    word = singular if count == 1 else (many if many is not None else singular + "s")
    return f"{count} {word}"


def display_path(path: str) -> str:
    return path or DATASET_PATH
