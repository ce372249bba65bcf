"""`--output-format markdown` and `--summary FILE`: the report for a CI page (GitHub's job summary).

The report's tables hold text from the data: each value must stay one cell, shown as written, with
nothing Markdown or HTML would act on. Its counts are the JSON report's, and choosing it changes no
exit code.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from ftlint.core.engine.driver import CheckResult
from ftlint.core.findings import Finding, Severity
from ftlint.core.rule import FileSummary
from ftlint.output import emitter
from ftlint.output.markdown import MAX_FINDINGS, cell, link
from tests.conftest import FIXTURES, run_cli
from tests.test_output import RESULT, RULES, finding

BAD = FIXTURES / "datasets" / "invalid" / "broken.jsonl"
GOOD = FIXTURES / "datasets" / "valid" / "example.jsonl"
# A cell ends at a `|` that no backslash escapes (GFM).
UNESCAPED_PIPE = re.compile(r"(?<!\\)(?:\\\\)*\|")


def render(result: CheckResult = RESULT) -> str:
    stream = io.StringIO()
    emitter("markdown")(result, stream, rules=RULES)
    return stream.getvalue()


def cells(row: str) -> list[str]:
    """A table row's cells, split where GFM splits them."""
    assert row.startswith("| ") and row.endswith(" |"), row
    inner = row[1:-1]
    bounds = [m.end() for m in UNESCAPED_PIPE.finditer(inner)]
    starts, ends = [0, *bounds], [*(b - 1 for b in bounds), len(inner)]
    return [inner[start:end].strip() for start, end in zip(starts, ends, strict=True)]


def table(text: str, heading: str) -> list[list[str]]:
    """The body rows of the table under `### heading`."""
    lines = text.splitlines()
    start = lines.index(f"### {heading}") + 2
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append(cells(line))
    return rows


def test_the_whole_report() -> None:
    assert render() == """\
## ftlint: 2 errors, 1 warning, 1 info in 3 files

Checked 3 files, 16 records. 1 fixable with `ftlint fix`.

### Findings by rule

| Severity | Code | Name | Count | Files |
| --- | --- | --- | ---: | ---: |
| error | [E101](https://ftlint.dev/rules/E101) | missing-role | 2 | 1 |
| warning | [W201](https://ftlint.dev/rules/W201) | long-message | 1 | 1 |
| info | I301 | near-duplicate | 1 | 1 |

### Files

| File | Records | Errors | Warnings | Info |
| --- | ---: | ---: | ---: | ---: |
| d/a.jsonl | 10 | 2 | 1 | 0 |
| d/b.jsonl | 5 | 0 | 0 | 1 |
| d/c.jsonl | 1 | 0 | 0 | 0 |

### Findings

| Location | Code | Severity | Message |
| --- | --- | --- | --- |
| d/a.jsonl:3 | E101 | error | /messages/2: message has no &#96;role&#96; |
| d/a.jsonl:7 | E101 | error | /messages/0: message has no &#96;role&#96; |
| d/a.jsonl:9 | W201 | warning | message is 9000 characters long |
| d/b.jsonl:1 | I301 | info | same as line 4 |
"""
    assert render() == render()  # nothing that changes from run to run


def test_a_clean_check_says_no_findings() -> None:
    clean = render(CheckResult([], [FileSummary("x.jsonl", 2, "chat")]))
    assert clean.splitlines()[0] == "## ftlint: no findings in 1 file"
    assert "### Findings" not in clean and "### Findings by rule" not in clean
    assert table(clean, "Files") == [["x.jsonl", "2", "0", "0"]]


HOSTILE_PATH = "d/x|y\n<script>alert(1)</script>`.jsonl"
HOSTILE_MESSAGE = "a | b\nc <script>alert('x')</script> `code` & [link](https://evil.example) *em* \\| \x1b[31m"


def test_data_with_pipes_newlines_html_and_backticks_stays_one_escaped_cell() -> None:
    hostile = Finding(HOSTILE_PATH, 2, "/k|", "E101", "missing-role", Severity.ERROR, HOSTILE_MESSAGE)
    text = render(CheckResult([hostile], [FileSummary(HOSTILE_PATH, 1, "chat")]))
    assert "<" not in text and ">" not in text and "`" not in text.replace("`ftlint fix`", "")
    assert "\x1b" not in text and "[link](" not in text.replace("\\[link\\](", "")  # no link of the data's
    [row] = table(text, "Findings")
    assert len(row) == 4  # location, code, severity, message: no cell split by the data's `|`
    location, code, severity, message = row
    assert location == "d/x\\|y\\\\n&lt;script&gt;alert(1)&lt;/script&gt;&#96;.jsonl:2"
    assert (code, severity) == ("E101", "error")
    assert message == ("/k\\|: a \\| b\\\\nc &lt;script&gt;alert('x')&lt;/script&gt; &#96;code&#96; &amp; "
                       "\\[link\\](https://evil.example) \\*em\\* \\\\\\| \\\\x1b\\[31m")
    [file_row] = table(text, "Files")
    assert file_row[0] == location.removesuffix(":2") and len(file_row) == 4


def test_cells_and_links_escape_everything_they_quote() -> None:
    assert cell("a\r\nb\u202e") == "a\\\\r\\\\nb\\\\u202e"  # the text output's escapes, shown as written
    assert cell("x" * 500, 10) == "x" * 10 + "\u2026"
    assert link("E1", "https://ftlint.dev/rules/E1") == "[E1](https://ftlint.dev/rules/E1)"
    assert link("E1", "javascript:alert(1)") == "E1"  # only web addresses become links
    assert link("E|1", "https://x.example/a b)<c>") == "[E\\|1](https://x.example/a%20b%29%3Cc%3E)"


def test_only_the_first_findings_are_listed_and_the_rest_counted() -> None:
    many = [finding("d/a.jsonl", line, "W201", f"long {line}") for line in range(1, MAX_FINDINGS + 8)]
    text = render(CheckResult(many, [FileSummary("d/a.jsonl", 100, "chat")]))
    assert len(table(text, "First findings")) == MAX_FINDINGS
    assert "7 more findings not shown here" in text
    assert table(text, "Findings by rule") == [["warning", "[W201](https://ftlint.dev/rules/W201)",
                                                "long-message", str(MAX_FINDINGS + 7), "1"]]


def test_counts_and_exit_code_match_the_json_report_of_the_same_run(tmp_path: Path) -> None:
    paths = [str(BAD), str(GOOD)]
    as_json = run_cli("check", *paths, "--no-cache", "--output-format", "json")
    as_markdown = run_cli("check", *paths, "--no-cache", "--output-format", "markdown")
    assert as_json.code == as_markdown.code == 1 and not as_markdown.stderr, as_markdown.stderr
    summary = json.loads(as_json.stdout)["summary"]
    text = as_markdown.stdout
    by_severity = summary["by_severity"]
    assert text.splitlines()[0] == (f"## ftlint: {by_severity['error']} errors, {by_severity['warning']} warnings "
                                    "in 2 files")
    by_rule = {re.sub(r"^\[(\w+)\].*", r"\1", row[1]): int(row[3]) for row in table(text, "Findings by rule")}
    assert by_rule == summary["by_code"]
    files = {row[0]: row[1:] for row in table(text, "Files")}
    assert sum(int(row[0]) for row in files.values()) == summary["records"]
    assert sum(int(row[1]) for row in files.values()) == by_severity["error"]
    # The verdict is the format's no more than the text's: warnings only fail with --fail-on warning.
    for args in (["--select", "TK,DQ"], ["--select", "TK,DQ", "--fail-on", "warning"]):
        codes = {run_cli("check", *paths, "--no-cache", "--output-format", fmt, *args).code
                 for fmt in ("text", "json", "markdown")}
        assert len(codes) == 1, (args, codes)
    assert run_cli("check", str(GOOD), "--no-cache", "--output-format", "markdown").stdout.startswith(
        "## ftlint: no findings in 1 file\n")


def test_summary_appends_the_markdown_report_beside_the_chosen_format(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("# Earlier step output\n", encoding="utf-8")
    done = run_cli("check", str(BAD), "--no-cache", "--output-format", "json", "--summary", str(summary))
    assert done.code == 1, done.stderr
    json.loads(done.stdout)  # stdout keeps the format asked for
    text = summary.read_text(encoding="utf-8")
    markdown = run_cli("check", str(BAD), "--no-cache", "--output-format", "markdown").stdout
    assert text == "# Earlier step output\n\n" + markdown
    # With --statistics the log shows the counts, the summary still the whole report.
    fresh = tmp_path / "fresh.md"
    counted = run_cli("check", str(BAD), "--no-cache", "--statistics", "--summary", str(fresh))
    assert counted.code == 1 and "\tCH001\t" in counted.stdout
    assert fresh.read_text(encoding="utf-8") == markdown
    # A folder that is not there: an I/O error, said in one line (exit 2), not a traceback.
    failed = run_cli("check", str(BAD), "--summary", str(tmp_path / "missing" / "s.md"))
    assert failed.code == 2 and "Traceback" not in failed.stderr and "s.md" in failed.stderr, failed.stderr
