"""`--output-format github`: GitHub Actions workflow commands that annotate the checked files.

    ::error file=data/train.jsonl,line=3,title=ftlint E102 (unknown-role)::/messages/2/role: ...
    ::error file=data/train.jsonl,line=5,col=18,title=ftlint FL005 (invalid-json)::invalid JSON at ...

`col` is given when the finding knows its column (a line that failed to parse), in characters.

Values are escaped as the Actions runner expects: `%`, CR and LF everywhere, and `:` and `,`
inside properties too. Before that, the control characters the data brings (a newline in a key,
an ANSI escape) are shown escaped (`\\n`, `\\x1b`): they are the data's, not line breaks of the message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO

from ftlint.core.findings import Finding, Severity
from ftlint.core.textsafe import escape_controls
from ftlint.output.base import RuleInfo, info_for

if TYPE_CHECKING:
    from ftlint.core.engine.driver import CheckResult

COMMANDS: dict[Severity, str] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
}


def escape_data(text: str) -> str:
    """Escape a command's message (the part after `::`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (`file=`, `title=`, ...)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_command(finding: Finding, rules: Mapping[str, RuleInfo]) -> str:
    """One finding as one workflow command line."""
    properties: list[tuple[str, str]] = []
    if finding.path:
        properties.append(("file", escape_controls(finding.path)))
    if finding.line > 0:
        properties.append(("line", str(finding.line)))
        if finding.column > 0:  # a column means nothing without its line
            properties.append(("col", str(finding.column)))
    properties.append(("title", f"ftlint {finding.code} ({info_for(finding, rules).name})"))
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    message = f"{finding.pointer}: {finding.message}" if finding.pointer else finding.message
    return f"::{COMMANDS[finding.severity]} {props}::{escape_data(escape_controls(message))}"


def emit(result: CheckResult, stream: TextIO, *, rules: Mapping[str, RuleInfo]) -> None:
    """Write one annotation per finding to `stream` (nothing when the data is clean)."""
    for finding in result.findings:
        stream.write(format_command(finding, rules) + "\n")
    for note in result.notes:
        stream.write(f"::warning title=ftlint::{escape_data('Not checked: ' + escape_controls(note))}\n")
