"""The report writers: exact text, JSON shape, GitHub escaping, SARIF against the official schema, JUnit;
and the column a finding knows (a line that does not parse) as each writer gives it."""

from __future__ import annotations

import hashlib
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema.protocols import Validator

from ftlint.core.engine.driver import CheckResult
from ftlint.core.findings import Applicability, Finding, Fix, Location, Severity
from ftlint.core.rule import FileSummary
from ftlint.core.textsafe import valid_unicode_everywhere
from ftlint.output import FORMATS, RuleInfo, emitter
from ftlint.output import json as json_output
from ftlint.output.statistics import emit_statistics
from tests.conftest import run_cli

SCHEMA_PATH = Path(__file__).parent.parent / "fixtures" / "schemas" / "sarif-schema-2.1.0.json"
DOCS = "https://ftlint.dev/rules/"
RULES = {
    "E101": RuleInfo("E101", "missing-role", "Every message needs a role.", DOCS + "E101", "error"),
    "W201": RuleInfo("W201", "long-message", "A message is unusually long.", DOCS + "W201", "warning"),
    "I301": RuleInfo("I301", "near-duplicate", "Records that are almost the same.", "", "info"),
}


def finding(path: str, line: int, code: str, message: str, pointer: str = "", **extra: Any) -> Finding:
    info = RULES[code]
    severity = Severity.parse(info.default_severity)
    return Finding(path, line, pointer, code, info.name, severity, message, url=info.url, **extra)


RESULT = CheckResult(
    sorted([
        finding("d/a.jsonl", 3, "E101", "message has no `role`", "/messages/2", fix=Fix("add the role")),
        finding("d/a.jsonl", 7, "E101", "message has no `role`", "/messages/0"),
        finding("d/a.jsonl", 9, "W201", "message is 9000 characters long"),
        finding("d/b.jsonl", 1, "I301", "same as line 4", related=(Location("d/b.jsonl", 4, "/m"),)),
    ]),
    [FileSummary(f"d/{name}.jsonl", records, "chat") for name, records in [("a", 10), ("b", 5), ("c", 1)]],
)


def render(fmt: str, result: CheckResult = RESULT) -> str:
    stream = io.StringIO()
    emitter(fmt)(result, stream, rules=RULES)
    return stream.getvalue()


def test_text_lines_and_summary() -> None:
    assert render("text").splitlines() == [
        "d/a.jsonl:3: /messages/2 E101 [*] error: message has no `role` [missing-role]",
        "d/a.jsonl:7: /messages/0 E101 error: message has no `role` [missing-role]",
        "d/a.jsonl:9: W201 warning: message is 9000 characters long [long-message]",
        "d/b.jsonl:1: I301 info: same as line 4 [near-duplicate]",
        "",
        "Found 4 findings (2 errors, 1 warning, 1 info) in 3 files, 16 records.",
        "1 fixable with `ftlint fix`.",
    ]


def test_text_singular_clean_and_line_zero() -> None:
    display_only = Fix("x", Applicability.DISPLAY_ONLY)  # not applied by `ftlint fix`: not fixable
    one = CheckResult([finding("", 0, "E101", "a\nb", fix=display_only)], [FileSummary("x.jsonl", 1, "chat")])
    assert render("text", one) == (
        "<dataset>: E101 error: a\\nb [missing-role]\n\n"
        "Found 1 finding (1 error, 0 warnings, 0 info) in 1 file, 1 record.\n"
    )
    clean = CheckResult([], [FileSummary("x.jsonl", 2, "chat")])
    assert render("text", clean) == "All checks passed (1 file, 2 records).\n"


def test_statistics_sorted_by_count_then_code() -> None:
    stream = io.StringIO()
    emit_statistics(RESULT, stream)
    assert stream.getvalue().splitlines() == [
        "2\tE101\t[*] missing-role",
        "1\tI301\t[ ] near-duplicate",
        "1\tW201\t[ ] long-message",
    ]


def test_json_structure_and_counts() -> None:
    text = render("json")
    assert text.endswith("}\n") and text == render("json")
    doc = json.loads(text)
    assert list(doc) == ["findings", "summary", "not_checked"]
    keys = ["path", "line", "column", "pointer", "code", "name", "severity", "message", "fixable", "fix", "url",
            "related"]
    assert [list(f) for f in doc["findings"]] == [keys] * 4
    assert [f["column"] for f in doc["findings"]] == [None] * 4  # no column known: null, never 0
    first = doc["findings"][0]
    assert (first["fixable"], first["pointer"], first["url"]) == (True, "/messages/2", DOCS + "E101")
    assert first["fix"] == {"title": "add the role", "applicability": "safe"}
    assert doc["findings"][1]["fix"] is None
    assert doc["findings"][3]["related"] == [{"path": "d/b.jsonl", "line": 4, "pointer": "/m"}]
    assert doc["summary"] == {
        "findings": 4, "by_severity": {"error": 2, "warning": 1, "info": 1},
        "by_code": {"E101": 2, "I301": 1, "W201": 1}, "records": 16, "files": 3, "fixable": 1,
    }


def test_github_commands_and_escaping() -> None:
    lines = render("github").splitlines()
    title = "title=ftlint E101 (missing-role)"
    assert lines[0] == f"::error file=d/a.jsonl,line=3,{title}::/messages/2: message has no `role`"
    assert lines[2].startswith("::warning file=") and lines[3].startswith("::notice file=")
    odd = finding("x,y/a:b.jsonl", 2, "W201", "100% off\r\nnext, then: end", "/a")
    # A line end in a message is the data's (messages are one line): shown escaped, as in the text output.
    assert render("github", CheckResult([odd])) == (
        "::warning file=x%2Cy/a%3Ab.jsonl,line=2,title=ftlint W201 (long-message)"
        "::/a: 100%25 off\\r\\nnext, then: end\n"
    )


@pytest.fixture(scope="module")
def sarif_validator() -> Validator:
    raw = SCHEMA_PATH.read_bytes()
    assert hashlib.sha256(raw).hexdigest() in (SCHEMA_PATH.parent / "README.md").read_text()
    schema = json.loads(raw)
    cls = jsonschema.validators.validator_for(schema)
    assert cls is jsonschema.Draft7Validator  # the official 2.1.0 schema declares draft-07
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_sarif_is_valid_and_complete(sarif_validator: Validator) -> None:
    log = json.loads(render("sarif"))
    sarif_validator.validate(log)
    sarif_validator.validate(json.loads(render("sarif", CheckResult([]))))
    assert render("sarif") == render("sarif")
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["E101", "I301", "W201"]
    assert rules[1]["defaultConfiguration"] == {"level": "note"} and "helpUri" not in rules[1]
    assert rules[0]["shortDescription"]["text"] == "Every message needs a role."
    first, last = run["results"][0], run["results"][3]
    assert (first["ruleId"], first["ruleIndex"], first["level"]) == ("E101", 0, "error")
    where = first["locations"][0]
    assert where["physicalLocation"] == {"artifactLocation": {"uri": "d/a.jsonl"}, "region": {"startLine": 3}}
    assert where["logicalLocations"] == [{"fullyQualifiedName": "/messages/2", "kind": "member"}]
    assert "logicalLocations" not in run["results"][2]["locations"][0]
    assert (last["ruleIndex"], last["level"]) == (1, "note")
    assert last["relatedLocations"][0]["physicalLocation"]["region"] == {"startLine": 4}


BREAKAGES: dict[str, Callable[[dict[str, Any]], None]] = {
    "no-version": lambda log: log.pop("version"),
    "bad-level": lambda log: log["runs"][0]["results"][0].update(level="info"),
    "line-zero": lambda log: log["runs"][0]["results"][0]["locations"][0]["physicalLocation"].update(
        region={"startLine": 0}
    ),
    "no-message": lambda log: log["runs"][0]["results"][0].pop("message"),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_sarif_schema_rejects_broken_logs(sarif_validator: Validator, breakage: str) -> None:
    log = json.loads(render("sarif"))
    BREAKAGES[breakage](log)
    with pytest.raises(jsonschema.ValidationError):
        sarif_validator.validate(log)


def test_junit_suites_per_file() -> None:
    text = render("junit")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')
    root = ET.fromstring(text.encode("utf-8"))
    assert [root.tag, *map(root.get, ["name", "tests", "failures"])] == ["testsuites", "ftlint", "5", "4"]
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert list(suites) == ["d/a.jsonl", "d/b.jsonl", "d/c.jsonl"]
    cases = suites["d/a.jsonl"].findall("testcase")
    assert [c.get("name") for c in cases] == ["E101 at line 3", "E101 at line 7", "W201 at line 9"]
    failure = cases[0].find("failure")
    assert failure is not None and failure.get("type") == "E101"
    assert failure.get("message") == "/messages/2: message has no `role`"
    clean = suites["d/c.jsonl"]
    assert clean.get("failures") == "0" and [c.get("name") for c in clean.iter("testcase")] == ["ftlint"]
    assert clean.find("testcase/failure") is None
    assert len(root.findall("testsuite/testcase/failure")) == len(RESULT.findings)


def test_every_format_registered() -> None:
    assert sorted(FORMATS) == ["github", "json", "junit", "markdown", "sarif", "text"]


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.text(st.characters(codec=None)),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=20,
)


@given(_json_values)
def test_the_fast_json_writer_writes_what_the_standard_library_would(document: object) -> None:
    # Strings of any code point, lone surrogates too (the standard library's way then, with U+FFFD).
    assert json_output.dumps(document) == json.dumps(valid_unicode_everywhere(document), indent=2)


# --- Columns: a finding that knows where on its line it is (FL005, FL001) says so in every machine format.

CHAT = '{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello."}]}'
# A trailing comma after an emoji and an accented letter: code points and UTF-16 units part ways here.
TRAILING_COMMA = ('{"messages": [{"role": "user", "content": "\U0001F600 caf\u00e9"}, '
                  '{"role": "assistant", "content": "Hello."},]}')


def test_a_finding_with_a_column_in_each_format() -> None:
    at = finding("d/a.jsonl", 5, "E101", "message has no `role`", column=18)
    result = CheckResult([at, finding("d/a.jsonl", 9, "W201", "long")])
    run = json.loads(render("sarif", result))["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in run["results"]]
    assert regions == [{"startLine": 5, "startColumn": 18}, {"startLine": 9}]
    assert render("github", result).splitlines()[0].startswith("::error file=d/a.jsonl,line=5,col=18,title=")
    assert ",col=" not in render("github", result).splitlines()[1]
    assert [f["column"] for f in json.loads(render("json", result))["findings"]] == [18, None]
    # The text output stays as it was: no column.
    assert render("text", result).splitlines()[0].startswith("d/a.jsonl:5: E101 ")
    # Without a line a column points nowhere: left out (a dataset finding never has one, but say it).
    lost = CheckResult([finding("d/a.jsonl", 0, "E101", "m", column=3)])
    assert "region" not in json.loads(render("sarif", lost))["runs"][0]["results"][0]["locations"][0][
        "physicalLocation"]
    assert ",col=" not in render("github", lost)


def _check(path: Path, fmt: str) -> str:
    run = run_cli("check", str(path), "--no-cache", "--output-format", fmt)
    assert run.code == 1 and "Traceback" not in run.stderr, run.stderr
    return run.stdout


def _results(log: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [r for r in log["runs"][0]["results"] if r["ruleId"] == code]


def test_invalid_json_gives_its_column_end_to_end(tmp_path: Path, sarif_validator: Validator) -> None:
    path = tmp_path / "data.jsonl"
    path.write_text("\n".join([CHAT, TRAILING_COMMA, CHAT.replace("assistant", "robot")]) + "\n", encoding="utf-8")
    # Counted here, not by the parser: the comma's index in the line's characters, plus one.
    column = TRAILING_COMMA.index(",]") + 1
    assert column != len(TRAILING_COMMA[: column - 1].encode("utf-16-le")) // 2 + 1  # the emoji is two units
    log = json.loads(_check(path, "sarif"))
    sarif_validator.validate(log)
    assert log["runs"][0]["columnKind"] == "unicodeCodePoints"
    [invalid] = _results(log, "FL005")
    assert invalid["locations"][0]["physicalLocation"]["region"] == {"startLine": 2, "startColumn": column}
    # A finding about a record's value (its role) knows no column.
    [role] = _results(log, "CH001")
    assert role["locations"][0]["physicalLocation"]["region"] == {"startLine": 3}
    [command] = [c for c in _check(path, "github").splitlines() if "FL005" in c]
    assert command.startswith(f"::error file={path},line=2,col={column},title=ftlint FL005 (invalid-json)::"), command
    assert all(",col=" not in c for c in _check(path, "github").splitlines() if "FL005" not in c)
    found = json.loads(_check(path, "json"))["findings"]
    assert {(f["code"], f["line"], f["column"]) for f in found if f["code"] in ("FL005", "CH001")} == {
        ("FL005", 2, column), ("CH001", 3, None)}
    # The message says the same column it always did.
    assert f"invalid JSON at column {column} (byte " in invalid["message"]["text"]


def test_invalid_utf8_gives_the_column_of_its_first_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    line = CHAT.replace("Hi", "\u00e9 caf\udce9").encode("utf-8", "surrogateescape")  # a Latin-1 é after a UTF-8 one
    path.write_bytes(CHAT.encode() + b"\n" + line + b"\n")
    bad = line.index(b"\xe9\"")
    column = len(line[:bad].decode("utf-8")) + 1
    [invalid] = _results(json.loads(_check(path, "sarif")), "FL001")
    assert invalid["locations"][0]["physicalLocation"]["region"] == {"startLine": 2, "startColumn": column}


def test_a_json_document_gives_a_column_only_on_the_records_own_line(tmp_path: Path) -> None:
    # An array's record on one indented line, nested past 1,024 levels: the error is on the record's line,
    # and its column counts the indent (the physical line's characters, not the record's).
    deep = '  {"a": ' + "[" * 1100 + "]" * 1100 + "}"
    array = tmp_path / "array.json"
    array.write_text("[\n" + deep + "\n]\n")
    column = deep.index("[") + 1023 + 1  # `{` opens the first level, so the 1,025th is the 1,024th `[`
    [too_deep] = _results(json.loads(_check(array, "sarif")), "FL005")
    assert too_deep["locations"][0]["physicalLocation"]["region"] == {"startLine": 2, "startColumn": column}
    # A pretty-printed record: the finding is at its first line, the error 1,025 lines below. A column there
    # would point into line 1, so there is none (the message names the error's own line and column).
    pretty = tmp_path / "pretty.json"
    pretty.write_text('{\n  "messages":\n' + "[\n" * 1100 + "]\n" * 1100 + "}\n")
    [too_deep] = _results(json.loads(_check(pretty, "sarif")), "FL005")
    assert too_deep["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    assert "at line 1026, column 1" in too_deep["message"]["text"]
    assert all(",col=" not in c for c in _check(pretty, "github").splitlines())
    assert {f["column"] for f in json.loads(_check(pretty, "json"))["findings"]} == {None}
