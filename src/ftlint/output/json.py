"""`--output-format json`: every finding and a summary as one JSON document.

Keys keep a fixed order and findings keep the engine's order, so the same input gives the same
bytes; the document is indented by two spaces and ends with a newline. It is ASCII (other
characters as `\\u` escapes), and a file name that is not UTF-8 shows U+FFFD for its odd bytes,
so that any JSON parser and any output stream take it.

A finding's `column` is its 1-based character column on `line`, or null when the finding does not
know one (most findings are about a record's value, found by `pointer`, not a place in its text).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TextIO

import orjson

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
        # null, not 0, when unknown: absent like `fix`, so no reader takes it for a place on the line.
        "column": finding.column or None,
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
    stream.write(dumps(report(result, rules)) + "\n")


# --- A fast path, fenced: the document as `json.dumps(..., indent=2)` writes it, byte for byte, by orjson.
# On a report of 100,000 findings the standard library takes about a second and orjson a tenth of that.
# orjson writes UTF-8 where the standard library writes `\uXXXX` escapes, so the few non-ASCII characters
# are escaped afterwards the way it does (astral ones as surrogate pairs, lowercase hex); a document orjson
# refuses (a lone surrogate, an integer beyond 64 bits) goes the standard library's way.
# tests/test_output.py compares both ways on generated documents.
_NON_ASCII = re.compile(r"[^\x00-\x7e]")  # DEL too: the standard library escapes it


def dumps(document: Any) -> str:
    """`document` as indented ASCII JSON, lone surrogates as U+FFFD."""
    try:
        text = orjson.dumps(document, option=orjson.OPT_INDENT_2).decode()
    except TypeError:
        return json.dumps(valid_unicode_everywhere(document), indent=2)
    return _NON_ASCII.sub(_escaped, text) if _NON_ASCII.search(text) else text


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 | (code >> 10):04x}\\u{0xDC00 | (code & 0x3FF):04x}"
