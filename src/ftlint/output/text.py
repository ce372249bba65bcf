"""The default, human-readable report: one line per finding, then a summary line.

    data/train.jsonl:3: /messages/2/role E102 [*] error: unknown role `bot` [unknown-role]

No colours: the output is meant to be grepped, diffed and pasted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO

from ftlint.core.findings import Finding
from ftlint.core.textsafe import escape_controls
from ftlint.output.base import RuleInfo, display_path, info_for, plural, severity_counts

if TYPE_CHECKING:
    from ftlint.core.engine.driver import CheckResult


def format_finding(finding: Finding, rules: Mapping[str, RuleInfo] | None = None) -> str:
    """One finding as a single line (line 0 and an empty pointer are left out)."""
    name = info_for(finding, rules or {}).name
    # Path, pointer and message quote the data: their control characters are shown escaped, so
    # that each finding stays one line and nothing in the data can forge a line or drive the terminal.
    where = escape_controls(display_path(finding.path)) + (f":{finding.line}" if finding.line > 0 else "")
    pointer = f"{escape_controls(finding.pointer)} " if finding.pointer else ""
    marker = " [*]" if finding.fixable else ""
    message = escape_controls(finding.message)
    return f"{where}: {pointer}{finding.code}{marker} {finding.severity.label}: {message} [{name}]"


def summary_lines(result: CheckResult) -> list[str]:
    """The closing summary: totals per severity, files and records, and how many are fixable."""
    files, records = plural(len(result.files), "file"), plural(result.records, "record")
    if not result.findings:
        return [f"All checks passed ({files}, {records})."]
    counts = severity_counts(result.findings)
    parts = ", ".join(
        [plural(counts["error"], "error"), plural(counts["warning"], "warning"), f"{counts['info']} info"]
    )
    lines = [f"Found {plural(len(result.findings), 'finding')} ({parts}) in {files}, {records}."]
    fixable = sum(1 for f in result.findings if f.fixable)
    unsafe = sum(1 for f in result.findings if f.unsafe_fixable)
    if fixable or unsafe:
        more = f" ({unsafe} more with `--unsafe-fixes`)" if unsafe else ""
        lines.append(f"{fixable} fixable with `ftlint fix`{more}.")
    return lines


def emit(result: CheckResult, stream: TextIO, *, rules: Mapping[str, RuleInfo]) -> None:
    """Write the text report to `stream`."""
    for finding in result.findings:
        stream.write(format_finding(finding, rules) + "\n")
    if result.findings:
        stream.write("\n")
    for line in summary_lines(result):
        stream.write(line + "\n")
    for note in result.notes:
        stream.write(f"Not checked: {escape_controls(note)}.\n")
