"""`--output-format json`: every finding and a summary as one JSON document.

Keys keep a fixed order and findings keep the engine's order, so the same input gives the same
bytes; the document is indented by two spaces and ends with a newline. It is ASCII (other
characters as `\\u` escapes), and a file name that is not UTF-8 shows U+FFFD for its odd bytes,
so that any JSON parser and any output stream take it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TextIO

from ftlint.core.findings import Finding
from ftlint.core.textsafe import valid_unicode_everywhere
from ftlint.output.base import RuleInfo, code_counts, info_for, severity_counts

if TYPE_CHECKING:
    from ftlint.core.engine.driver import CheckResult


def finding_dict(finding: Finding, rules: Mapping[str, RuleInfo]) -> dict[str, Any]:
    info = info_for(finding, rules)
    return {
        "path": finding.path,
        "line": finding.line,
        "pointer": finding.pointer,
        "code": finding.code,
        "name": info.name,
        "severity": finding.severity.label,
        "message": finding.message,
        "fixable": finding.fixable,
        "fix": {"title": finding.fix.title, "applicability": finding.fix.applicability.value} if finding.fix else None,
        "url": finding.url or info.url,
        "related": [{"path": r.path, "line": r.line, "pointer": r.pointer} for r in finding.related],
    }


def report(result: CheckResult, rules: Mapping[str, RuleInfo]) -> dict[str, Any]:
    """The whole document as plain data."""
    return {
        "findings": [finding_dict(f, rules) for f in result.findings],
        "summary": {
            "findings": len(result.findings),
            "by_severity": severity_counts(result.findings),
            "by_code": code_counts(result.findings),
            "records": result.records,
            "files": len(result.files),
            "fixable": sum(1 for f in result.findings if f.fixable),
        },
        "not_checked": list(result.notes),
    }


def emit(result: CheckResult, stream: TextIO, *, rules: Mapping[str, RuleInfo]) -> None:
    """Write the JSON report to `stream`."""
    stream.write(json.dumps(valid_unicode_everywhere(report(result, rules)), indent=2) + "\n")
