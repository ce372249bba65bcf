"""`--output-format markdown`: a GitHub-flavoured Markdown report for a CI page (GitHub's job summary).

    ## ftlint: 2 errors, 1 warning in 3 files

    Checked 3 files, 16 records. 1 fixable with `ftlint fix`.

    ### Findings by rule
    | Severity | Code | Name | Count | Files |
    ...
    ### Files
    | File | Records | Errors | Warnings |
    ...
    ### First findings
    | Location | Code | Severity | Message |
    ...

The same result gives the same bytes (no time, no run id), so a summary can be diffed or pinned in a test.

Every string from the data (paths, pointers, messages, notes) is escaped for a table cell: its control
characters shown as the text output shows them (`\\n`, `\\x1b`), then every character Markdown or
HTML would act on escaped (`|` and `\\` with a backslash, `<`, `>`, `&` and the backtick as
entities, emphasis and link brackets with a backslash). A dataset can then neither end a cell nor
open a tag, a code span or a link: what it holds is shown as text, in one cell.

GitHub refuses a step summary above 1 MiB, so the report stays bounded whatever the run found: at
most `MAX_FINDINGS` findings, `MAX_FILES` file rows, and messages cut at `MAX_MESSAGE` characters.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO
from urllib.parse import quote

from ftlint.core.findings import Finding, Severity
from ftlint.core.textsafe import escape_controls
from ftlint.output.base import SEVERITY_ORDER, RuleInfo, display_path, info_for, plural, severity_counts

if TYPE_CHECKING:
    from ftlint.core.engine.driver import CheckResult

MAX_FINDINGS = 50
MAX_FILES = 100
MAX_MESSAGE = 300

# `\` first, so the backslashes added for the others are not doubled. `|` ends a cell, even inside a
# code span, unless backslash-escaped (GFM); `<`, `>` and `&` as entities, so no tag and no entity of
# the data's is read; the backtick opens a code span; `*`, `_`, `~` emphasis; `[`, `]` a link.
_CELL_ESCAPES = {"\\": "\\\\", "|": "\\|", "<": "&lt;", ">": "&gt;", "&": "&amp;", "`": "&#96;",
                 "*": "\\*", "_": "\\_", "~": "\\~", "[": "\\[", "]": "\\]"}
_CELL_SPECIAL = re.compile("[" + re.escape("".join(_CELL_ESCAPES)) + "]")
# A link target keeps only what needs no Markdown escaping; the rest percent-encoded (a space or a
# parenthesis would end the link; a plugin's URL is a third party's text).
_URL_SAFE = ":/?#@!$&'*+,;=%~-._"


def cell(text: str, limit: int | None = None) -> str:
    """`text` as the content of one table cell: one line, shown as written, acting on nothing."""
    if limit is not None and len(text) > limit:
        text = text[:limit] + "\u2026"  # cut before escaping, so no escape is cut in half
    return _CELL_SPECIAL.sub(lambda match: _CELL_ESCAPES[match.group()], escape_controls(text))


def link(label: str, url: str) -> str:
    """`label` (escaped) linked to `url` when it is a web address; the label alone otherwise."""
    if not url.startswith(("https://", "http://")):
        return cell(label)
    return f"[{cell(label)}]({quote(url, safe=_URL_SAFE)})"


def verdict(result: CheckResult) -> str:
    """The heading: `ftlint: 3 errors, 12 warnings in 2 files`, or `ftlint: no findings in 2 files`."""
    files = plural(len(result.files), "file")
    counts = severity_counts(result.findings)
    parts = [plural(counts["error"], "error"), plural(counts["warning"], "warning"), f"{counts['info']} info"]
    shown = [part for part, severity in zip(parts, SEVERITY_ORDER, strict=True) if counts[severity.label]]
    return f"ftlint: {', '.join(shown) or 'no findings'} in {files}"


def _location(finding: Finding) -> str:
    return display_path(finding.path) + (f":{finding.line}" if finding.line > 0 else "")


def _rule_rows(result: CheckResult, rules: Mapping[str, RuleInfo]) -> list[str]:
    # By rule and severity: a config may give one rule's findings more than one severity (per file).
    counts: Counter[tuple[Severity, str]] = Counter((f.severity, f.code) for f in result.findings)
    files: defaultdict[tuple[Severity, str], set[str]] = defaultdict(set)
    first: dict[str, Finding] = {}
    for finding in result.findings:
        files[finding.severity, finding.code].add(finding.path)
        first.setdefault(finding.code, finding)
    rows = ["| Severity | Code | Name | Count | Files |", "| --- | --- | --- | ---: | ---: |"]
    for severity, code in sorted(counts, key=lambda key: (-key[0], -counts[key], key[1])):
        info = info_for(first[code], rules)
        url = first[code].url or info.url
        rows.append(f"| {severity.label} | {link(code, url)} | {cell(info.name)} | {counts[severity, code]:,} "
                    f"| {len(files[severity, code]):,} |")
    return rows


def _file_rows(result: CheckResult) -> list[str]:
    records: dict[str, int] = {}
    for summary in result.files:
        records[summary.path] = records.get(summary.path, 0) + summary.records
    per_file: defaultdict[str, Counter[Severity]] = defaultdict(Counter)
    for finding in result.findings:
        per_file[finding.path][finding.severity] += 1
    # Checked files in input order, then the paths only findings name (the dataset as a whole), sorted.
    paths = list(records) + sorted(path for path in per_file if path not in records)
    with_info = any(counts[Severity.INFO] for counts in per_file.values())
    left_out: list[str] = []
    if len(paths) > MAX_FILES:
        # Too many for a page: the files with findings are the ones worth a row.
        shown = [path for path in paths if path in per_file][:MAX_FILES]
        kept = set(shown)
        left_out = [path for path in paths if path not in kept]
        paths = shown
    header = "| File | Records | Errors | Warnings |" + (" Info |" if with_info else "")
    rows = [header, "| --- | ---: | ---: | ---: |" + (" ---: |" if with_info else "")]
    for path in paths:
        counts = per_file.get(path, Counter())
        count = f"{records[path]:,}" if path in records else ""
        row = f"| {cell(display_path(path))} | {count} | {counts[Severity.ERROR]:,} | {counts[Severity.WARNING]:,} |"
        rows.append(row + (f" {counts[Severity.INFO]:,} |" if with_info else ""))
    if left_out:
        with_findings = sum(1 for path in left_out if path in per_file)
        rows += ["", f"And {plural(len(left_out), 'more file')}: {with_findings:,} with findings, "
                 f"{len(left_out) - with_findings:,} without."]
    return rows


def _finding_rows(result: CheckResult) -> list[str]:
    rows = ["| Location | Code | Severity | Message |", "| --- | --- | --- | --- |"]
    for finding in result.findings[:MAX_FINDINGS]:
        message = f"{finding.pointer}: {finding.message}" if finding.pointer else finding.message
        rows.append(f"| {cell(_location(finding))} | {cell(finding.code)} | {finding.severity.label} "
                    f"| {cell(message, MAX_MESSAGE)} |")
    more = len(result.findings) - MAX_FINDINGS
    if more > 0:
        rows += ["", f"{plural(more, 'more finding')} not shown here: the job's log, or "
                 "`ftlint check --output-format json`, has every one."]
    return rows


def report_lines(result: CheckResult, rules: Mapping[str, RuleInfo]) -> list[str]:
    """The whole report, line by line."""
    lines = [f"## {verdict(result)}", ""]  # counts only: nothing to escape
    checked = f"Checked {plural(len(result.files), 'file')}, {plural(result.records, 'record')}."
    fixable = sum(1 for f in result.findings if f.fixable)
    lines += [checked + (f" {fixable:,} fixable with `ftlint fix`." if fixable else ""), ""]
    if result.notes:  # what was selected but not run: a reader should know the check was partial
        lines += [f"- Not checked: {cell(note)}" for note in result.notes] + [""]
    if result.findings:
        lines += ["### Findings by rule", "", *_rule_rows(result, rules), ""]
    if result.files or result.findings:
        lines += ["### Files", "", *_file_rows(result), ""]
    if result.findings:
        lines += ["### First findings" if len(result.findings) > MAX_FINDINGS else "### Findings", "",
                  *_finding_rows(result), ""]
    return lines[:-1] if lines[-1] == "" else lines


def emit(result: CheckResult, stream: TextIO, *, rules: Mapping[str, RuleInfo]) -> None:
    """Write the Markdown report to `stream`."""
    stream.write("\n".join(report_lines(result, rules)) + "\n")
