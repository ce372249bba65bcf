"""`--output-format junit`: JUnit XML so CI test reports show each dataset file.

Every checked file is a `<testsuite>`; each finding is a failing `<testcase>` and a clean file
gets one passing testcase named `ftlint`. Findings without a file (dataset-wide ones) get their
own suite.

The document is valid XML whatever the data holds: XML 1.0 has no way to write most control
characters (a `\\x01` in a value, even as a character reference), so text from the data shows
them escaped, as the text output does; and it is written in ASCII, other characters as character
references, so that an ASCII or Latin-1 output stream holds it unchanged.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO

from ftlint.core.findings import Finding
from ftlint.core.textsafe import escape_controls
from ftlint.output.base import RuleInfo, display_path
from ftlint.output.text import format_finding

if TYPE_CHECKING:
    from ftlint.core.engine.driver import CheckResult


def _grouped(result: CheckResult) -> dict[str, list[Finding]]:
    """Findings per path: checked files first (in input order), then any other paths, sorted."""
    groups: dict[str, list[Finding]] = {summary.path: [] for summary in result.files}
    extra: dict[str, list[Finding]] = {}
    for finding in result.findings:
        (groups if finding.path in groups else extra).setdefault(finding.path, []).append(finding)
    return groups | {path: extra[path] for path in sorted(extra)}


def _testcase(suite: ET.Element, finding: Finding, rules: Mapping[str, RuleInfo]) -> None:
    path = escape_controls(display_path(finding.path))
    name = finding.code + (f" at line {finding.line}" if finding.line > 0 else "")
    case = ET.SubElement(suite, "testcase", name=name, classname=path)
    message = f"{finding.pointer}: {finding.message}" if finding.pointer else finding.message
    failure = ET.SubElement(case, "failure", message=escape_controls(message), type=finding.code)
    failure.text = format_finding(finding, rules)


def build_tree(result: CheckResult, rules: Mapping[str, RuleInfo]) -> ET.Element:
    """The `<testsuites>` element for the whole check."""
    root = ET.Element("testsuites", name="ftlint")
    total_tests = total_failures = 0
    for path, findings in _grouped(result).items():
        tests = max(len(findings), 1)
        suite = ET.SubElement(root, "testsuite", name=escape_controls(display_path(path)), tests=str(tests))
        suite.set("failures", str(len(findings)))
        suite.set("errors", "0")
        for finding in findings:
            _testcase(suite, finding, rules)
        if not findings:
            ET.SubElement(suite, "testcase", name="ftlint", classname=escape_controls(display_path(path)))
        total_tests += tests
        total_failures += len(findings)
    if result.notes:  # what was selected but not run
        ET.SubElement(root, "system-out").text = "\n".join(f"Not checked: {escape_controls(note)}"
                                                           for note in result.notes)
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", "0")
    return root


def emit(result: CheckResult, stream: TextIO, *, rules: Mapping[str, RuleInfo]) -> None:
    """Write the JUnit XML document (UTF-8 declaration, indented) to `stream`."""
    root = build_tree(result, rules)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    text = ET.tostring(root, encoding="unicode")
    stream.write(text.encode("ascii", "xmlcharrefreplace").decode("ascii") + "\n")
