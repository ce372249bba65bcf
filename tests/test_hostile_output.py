"""Issue 13, injection and encodings: whatever the data and the file names hold, every human output
shows control characters as visible escapes (no forged line, no ANSI escape reaches the terminal),
XML, SARIF and JSON stay valid (the tests parse them), and no output stream encoding (ASCII, C
locale) nor a file name that is not UTF-8 turns into a traceback."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ftlint.core.engine.driver import CheckResult
from ftlint.core.findings import Finding, Location, Severity
from ftlint.core.rule import FileSummary
from ftlint.core.textsafe import escape_controls
from ftlint.output import FORMATS, emitter
from ftlint.output.statistics import emit_statistics
from tests.conftest import FTLINT

CHAT = {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello."}]}
FORGED = "\n\x1b[31mfake.jsonl:1: FL005 error: forged finding [invalid-json]\x1b[0m"
# Controls a terminal acts on or XML forbids, and the bidi and line-separator characters.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
NOT_UTF8_NAME = os.fsdecode(b"data\xff.jsonl")  # how Python spells a name with the byte 0xff
MARKDOWN_CELL_END = re.compile(r"(?<!\\)(?:\\\\)*\|")  # a `|` no backslash escapes (GFM)


def _run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> tuple[int, bytes, bytes]:
    """The console script with raw bytes back: what a terminal or a CI parser would receive."""
    done = subprocess.run([str(FTLINT), *args], cwd=cwd, capture_output=True, timeout=120,
                          env={**os.environ, **(env or {})})
    return done.returncode, done.stdout, done.stderr


def _no_crash(code: int, stderr: bytes) -> None:
    text = stderr.decode("utf-8", "replace")
    assert "Traceback" not in text and "internal error" not in text, text[-3000:]
    assert code in (0, 1), text[-3000:]


def _human_lines_are_safe(output: bytes) -> None:
    text = output.decode("utf-8")
    assert not UNSAFE.search(text.replace("\n", "").replace("\t", "")), ascii(text[:2000])


def _valid_json(output: bytes) -> object:
    document = json.loads(output.decode("ascii"))  # ASCII whatever the stream, so any encoding holds it
    json.dumps(document, ensure_ascii=False).encode("utf-8")  # no lone surrogates: strict UTF-8 holds it
    return document


def _valid_xml(output: bytes) -> ET.Element:
    assert output.isascii(), "XML is written in ASCII, with character references"
    return ET.fromstring(output)


def _strings(value: object) -> str:
    """Every string of a JSON document, keys and values, one after the other."""
    if isinstance(value, dict):
        return "".join(_strings(key) + _strings(item) for key, item in value.items())
    if isinstance(value, list):
        return "".join(_strings(item) for item in value)
    return value if isinstance(value, str) else ""


def _hostile_dataset(folder: Path, name: str = "data.jsonl") -> Path:
    hostile = {**CHAT, FORGED: 1}  # an unknown key, quoted by SC003 in its message and its pointer
    hostile["messages"] = [{"role": "us\x01er\u202e", "content": "Hi"}, {"role": "assistant", "content": "ok"}]
    path = folder / name
    path.write_text("\n".join(json.dumps(r) for r in [CHAT, hostile, CHAT]) + "\n")
    return path


# --- the emitters, given findings that quote hostile text everywhere ----------------------------------

hostile_text = st.lists(st.characters() | st.sampled_from(
    ["\n", "\r", "\x1b[31m", "\x01", "\x7f", "\x85", "\u2028", "\u202e", "\u2066", "\udcff", "\ud800", "\ufffe",
     "]]>", "<x>", "&", '"', "%", "::", ","]), max_size=12).map("".join)


def _result(path: str, pointer: str, message: str, label: str) -> CheckResult:
    findings = [
        Finding(path, 3, pointer, "CH001", "unknown-role", Severity.ERROR, message,
                related=(Location(path, 4, pointer),)),
        Finding("", 0, "", "DQ001", "duplicate", Severity.WARNING, message + label),
    ]
    return CheckResult(sorted(findings), [FileSummary(path, 5, "chat")], notes=(label,))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=hostile_text, pointer=hostile_text, message=hostile_text, label=hostile_text)
def test_every_output_format_stays_valid_and_unforgeable_whatever_the_strings(path: str, pointer: str,
                                                                              message: str, label: str) -> None:
    result = _result(path or "p", "/" + pointer, message, label)
    for name in FORMATS:
        stream = io.StringIO()
        emitter(name)(result, stream, rules={})
        output = stream.getvalue()
        raw = output.encode("ascii") if name in ("json", "sarif", "junit") else output.encode("utf-8")
        if name in ("json", "sarif"):
            _valid_json(raw)
        elif name == "junit":
            _valid_xml(raw)
        else:
            _human_lines_are_safe(raw)
            lines = output.splitlines()
            if name == "text":  # one line per finding, each starting with its (escaped) path
                assert lines[0].startswith(("<dataset>:", escape_controls(path or "p") + ":3: "))
                assert len(lines) == 2 + 1 + 1 + 1  # the findings, a blank line, the summary, the note
            elif name == "markdown":  # every row of every table keeps its cells; no tag, no code span
                rows = [line for line in lines if line.startswith("|")]
                assert len(rows) == 3 * (2 + 2), lines  # 3 tables of a header, a rule and 2 rows
                assert all(len(MARKDOWN_CELL_END.findall(row)) in (5 + 1, 4 + 1) for row in rows), rows
                assert not re.search("[<>`]", output.replace("`ftlint fix`", ""))
            else:
                assert len(lines) == 3 and all(line.startswith("::") for line in lines)
    statistics = io.StringIO()
    emit_statistics(result, statistics)
    _human_lines_are_safe(statistics.getvalue().encode("utf-8"))


# --- the command line, on hostile data and hostile names ---------------------------------------------

def test_a_key_holding_a_newline_and_ansi_escapes_forges_no_line(tmp_path: Path) -> None:
    path = _hostile_dataset(tmp_path)
    code, out, err = _run("check", str(path), "--select", "ALL", cwd=tmp_path)
    _no_crash(code, err)
    _human_lines_are_safe(out)
    lines = out.decode().splitlines()
    assert not any(line.startswith("fake.jsonl") for line in lines)
    findings = [line for line in lines if line.startswith(str(path))]
    assert any("\\n\\x1b[31mfake.jsonl:1: FL005" in line for line in findings), lines
    assert any("us\\x01er\\u202e" in line for line in findings), lines
    assert len(findings) + 3 >= len(lines)  # besides the findings: a blank line and the summary


def test_github_annotations_from_hostile_data_are_one_line_each(tmp_path: Path) -> None:
    path = _hostile_dataset(tmp_path)
    code, out, err = _run("check", str(path), "--output-format", "github", cwd=tmp_path)
    _no_crash(code, err)
    _human_lines_are_safe(out)
    assert all(line.startswith("::") for line in out.decode().splitlines())


def test_junit_sarif_and_json_stay_valid_with_controls_in_keys_and_values(tmp_path: Path) -> None:
    path = _hostile_dataset(tmp_path)
    for name in ("junit", "sarif", "json"):
        code, out, err = _run("check", str(path), "--output-format", name, "--select", "ALL", cwd=tmp_path)
        _no_crash(code, err)
        if name == "junit":
            messages = [failure.get("message", "") for failure in _valid_xml(out).iter("failure")]
            assert any("us\\x01er" in message for message in messages), messages
        else:
            assert FORGED in _strings(_valid_json(out)), name  # JSON keeps the data exact


def test_a_file_name_with_a_newline_does_not_split_lines(tmp_path: Path) -> None:
    name = "x.jsonl\nfake.jsonl:1: FL005 error: forged [invalid-json]"
    _hostile_dataset(tmp_path, name)
    code, out, err = _run("check", name, cwd=tmp_path)
    _no_crash(code, err)
    lines = out.decode().splitlines()
    assert not any(line.startswith("fake.jsonl") for line in lines), lines
    assert any(line.startswith("x.jsonl\\nfake.jsonl:1: FL005 error: forged [invalid-json]:2: ") for line in lines)
    code, out, err = _run("stats", name, cwd=tmp_path)
    _no_crash(code, err)
    assert not any(line.startswith("fake.jsonl") for line in out.decode().splitlines())
    missing = _run("check", "gone\n\x1b[2Jfake.jsonl", cwd=tmp_path)  # the error message quotes the name
    assert missing[0] == 2 and b"gone\\n\\x1b[2Jfake.jsonl" in missing[2] and b"\x1b" not in missing[2]


ENVIRONMENTS = {
    "utf-8": {},
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "C locale": {"LC_ALL": "C", "LANG": "C"},
}


def _decodes(output: bytes, env: dict[str, str]) -> str:
    encoding = env.get("PYTHONIOENCODING", "utf-8")
    return output.decode(encoding)  # strictly: what the stream was told to hold


def test_a_file_name_that_is_not_utf8_in_every_output_format_and_encoding(tmp_path: Path) -> None:
    (tmp_path / NOT_UTF8_NAME).write_bytes(_hostile_dataset(tmp_path).read_bytes())
    for label, env in ENVIRONMENTS.items():
        for name in FORMATS:
            code, out, err = _run("check", NOT_UTF8_NAME, "--output-format", name, cwd=tmp_path, env=env)
            _no_crash(code, err)
            _decodes(err, env)
            if name in ("json", "sarif"):
                document = _valid_json(out)
                if name == "sarif":
                    uris = re.findall(r'"uri": "([^"]*)"', out.decode())
                    assert uris and set(uris) == {"data%FF.jsonl"}, (label, uris)
                else:
                    assert "data\ufffd.jsonl" in {f["path"] for f in document["findings"]}  # type: ignore[index]
            elif name == "junit":
                _valid_xml(out)
            else:
                text = _decodes(out, env)
                shown = "data\\\\xff.jsonl" if name == "markdown" else "data\\xff.jsonl"  # `\\` renders `\`
                assert shown in text, (label, name, text[:300])
                _human_lines_are_safe(text.encode("utf-8"))
        html = tmp_path / "report.html"
        code, out, err = _run("stats", NOT_UTF8_NAME, "--html", str(html), cwd=tmp_path, env=env)
        _no_crash(code, err)
        assert "data\\xff.jsonl" in _decodes(out, env) and "data\\xff.jsonl" in html.read_text(encoding="utf-8")
        code, out, err = _run("stats", NOT_UTF8_NAME, "--output-format", "json", cwd=tmp_path, env=env)
        _no_crash(code, err)
        assert [f["path"] for f in _valid_json(out)["files"]] == ["data\ufffd.jsonl"]  # type: ignore[index]


def test_every_command_writes_under_an_ascii_or_c_locale_stream(tmp_path: Path) -> None:
    labelled = tmp_path / "données—é.jsonl"
    labelled.write_text("\n".join(json.dumps({
        "messages": [{"role": "user", "content": f"Ticket {i}: ça ne marche pas"},
                     {"role": "assistant", "content": "négatif" if i % 3 else "positif ✓"}]}, ensure_ascii=False)
        for i in range(12)) + "\n{broken\n", encoding="utf-8")
    commands = [["check", labelled.name], ["check", labelled.name, "--statistics"], ["stats", labelled.name],
                ["stats", labelled.name, "--output-format", "json"], ["rules"], ["rule", "DQ008"],
                ["rule", "FL005", "--output-format", "json"], ["fix", "--diff", labelled.name],
                ["check", "missing—é.jsonl"]]
    for label, env in [("ascii", ENVIRONMENTS["ascii"]), ("C locale", ENVIRONMENTS["C locale"]),
                       ("latin-1", {"PYTHONIOENCODING": "latin-1"})]:
        for args in commands if label != "latin-1" else commands[:3]:
            code, out, err = _run(*args, cwd=tmp_path, env=env)
            assert code in (0, 1) or args[1] == "missing—é.jsonl", (label, args, err)
            assert b"Traceback" not in err and b"internal error" not in err, (label, args, err)
            _decodes(out, env), _decodes(err, env)
        copy = tmp_path / f"copy-{label}—é.jsonl"
        copy.write_bytes(labelled.read_bytes())
        code, out, err = _run("fix", "--unsafe-fixes", copy.name, cwd=tmp_path, env=env)
        assert code in (0, 1) and b"Traceback" not in err and b"internal error" not in err, (label, err)
        assert "1 record moved to" in _decodes(err, env), err
        assert b"{broken" not in copy.read_bytes()


def test_class_labels_with_controls_are_escaped_in_stats_text_and_html(tmp_path: Path) -> None:
    labels = ["pos\x1b[31m", "neg\u202e", "neu\u2028"]
    path = tmp_path / "labels.jsonl"
    path.write_text("\n".join(json.dumps({"messages": [{"role": "user", "content": f"review {i}"},
                                                       {"role": "assistant", "content": labels[i % 3]}]},
                                         ensure_ascii=False) for i in range(60)) + "\n", encoding="utf-8")
    code, out, err = _run("stats", path.name, "--html", "report.html", cwd=tmp_path)
    _no_crash(code, err)
    _human_lines_are_safe(out)
    assert '"neg\\u202e" 20' in out.decode(), out.decode()
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert not UNSAFE.search(html.replace("\n", "")) and "neu\\u2028" in html
    code, out, err = _run("check", path.name, "--select", "CL", cwd=tmp_path)
    _no_crash(code, err)
    _human_lines_are_safe(out)
