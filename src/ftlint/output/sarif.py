"""`--output-format sarif`: a SARIF 2.1.0 log for code-scanning tools.

One run; the driver lists only the rules that fired (sorted by code), each result points at its
file and line (and column, when the finding knows it), and a non-empty JSON pointer becomes a logical
location. Columns count Unicode code points, as Python's strings do, and the run says so in
`columnKind` (SARIF 2.1.0 §3.14.17): a consumer that assumed UTF-16 code units would be off by one for
each character past U+FFFF (an emoji) before the column. Output is deterministic, ASCII, and valid
whatever the names hold: a URI percent-encodes the file name's own bytes (UTF-8 or not), and text
shows U+FFFD for the bytes of a name that are not UTF-8.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

import ftlint
from ftlint.core.findings import Finding, Severity, fingerprint
from ftlint.core.textsafe import original_bytes, valid_unicode_everywhere
from ftlint.output.base import RuleInfo, info_for

if TYPE_CHECKING:
    from ftlint.core.engine.driver import CheckResult

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://ftlint.dev"
LEVELS: dict[str, str] = {"error": "error", "warning": "warning", "info": "note"}


def level(severity: Severity | str) -> str:
    """The SARIF level for an ftlint severity (or its label)."""
    label = severity.label if isinstance(severity, Severity) else severity.lower()
    return LEVELS.get(label, "warning")


def artifact_uri(path: str) -> str:
    """The path as given, with forward slashes, percent-encoded into a valid URI reference.

    Encoded from the name's bytes, so that a name that is not UTF-8 keeps its bytes (`data%FF.jsonl`).
    """
    return quote(original_bytes(path.replace("\\", "/")), safe="/")


def location(path: str, line: int, pointer: str, column: int = 0) -> dict[str, Any]:
    """A SARIF location; parts that are unknown (no path, line 0, column 0, no pointer) are left out."""
    loc: dict[str, Any] = {}
    if path:
        physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(path)}}
        if line > 0:
            region: dict[str, Any] = {"startLine": line}
            if column > 0:
                region["startColumn"] = column
            physical["region"] = region
        loc["physicalLocation"] = physical
    if pointer:
        loc["logicalLocations"] = [{"fullyQualifiedName": pointer, "kind": "member"}]
    return loc


def rule_descriptor(info: RuleInfo) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": info.code,
        "name": info.name,
        "shortDescription": {"text": info.summary or info.name},
    }
    if info.url:
        descriptor["helpUri"] = info.url
    descriptor["defaultConfiguration"] = {"level": level(info.default_severity)}
    return descriptor


def sarif_result(finding: Finding, index: int) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index,
        "level": level(finding.severity),
        "message": {"text": finding.message},
    }
    primary = location(finding.path, finding.line, finding.pointer, finding.column)
    if primary:
        entry["locations"] = [primary]
    # Code scanning matches an alert across runs by this, so it holds no line number (`fingerprint`).
    entry["partialFingerprints"] = {"ftlint/v1": fingerprint(finding)}
    if finding.related:
        entry["relatedLocations"] = [
            {"id": i, **location(r.path, r.line, r.pointer)} for i, r in enumerate(finding.related)
        ]
    return entry


def sarif_log(result: CheckResult, rules: Mapping[str, RuleInfo]) -> dict[str, Any]:
    """The whole log as plain data."""
    infos = {f.code: info_for(f, rules) for f in result.findings}
    codes = sorted(infos)
    index = {code: i for i, code in enumerate(codes)}
    driver = {
        "name": "ftlint",
        "informationUri": INFORMATION_URI,
        "version": ftlint.__version__,
        "rules": [rule_descriptor(infos[code]) for code in codes],
    }
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                # A finding's column counts characters (code points), not UTF-16 code units.
                "columnKind": "unicodeCodePoints",
                "results": [sarif_result(f, index[f.code]) for f in result.findings],
                # What was selected but not run, as configuration notifications of the invocation.
                "invocations": [{
                    "executionSuccessful": True,
                    "toolConfigurationNotifications": [
                        {"level": "warning", "message": {"text": f"Not checked: {note}"}} for note in result.notes
                    ],
                }],
            }
        ],
    }


def emit(result: CheckResult, stream: TextIO, *, rules: Mapping[str, RuleInfo]) -> None:
    """Write the SARIF log to `stream`."""
    stream.write(json.dumps(valid_unicode_everywhere(sarif_log(result, rules)), indent=2) + "\n")
