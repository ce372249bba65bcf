"""Every kind of bad input from the spine issue, through the real console script: a precise finding
(or exit 2 for a path that cannot be read), never a traceback."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
from pathlib import Path

import pytest
import zstandard

from tests.conftest import run_cli

CHAT = '{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello."}]}'
TEN = "\n".join(CHAT.replace("Hi", f"Hi {i}") for i in range(10)) + "\n"
PRETTY = json.dumps(json.loads(CHAT), indent=2) + "\n"

# name -> (bytes, codes that must be reported with their line)
CASES: dict[str, tuple[bytes, set[tuple[str, int]]]] = {
    "invalid-utf8": (TEN.replace("Hi 3", "H\udcffi").encode("utf-8", "surrogateescape"), {("FL001", 4)}),
    "utf8-bom": (b"\xef\xbb\xbf" + TEN.encode(), {("FL002", 1)}),
    "utf16-le-bom": (TEN.encode("utf-16"), {("FL003", 1)}),
    "utf16-be-no-bom": (TEN.encode("utf-16-be"), {("FL003", 1)}),
    "utf32": (TEN.encode("utf-32"), {("FL003", 1)}),
    "crlf": (TEN.replace("\n", "\r\n").encode(), {("FL009", 1)}),
    "cr-only": (TEN.replace("\n", "\r").encode(), {("FL010", 1)}),
    "blank-lines": ((TEN + "\n   \n").encode(), {("FL004", 11), ("FL004", 12)}),
    "invalid-json": ((TEN + '{"messages": [}\n').encode(), {("FL005", 11)}),
    "not-an-object": ((TEN + "[1, 2]\n").encode(), {("FL006", 11)}),
    "nan": ((TEN + '{"messages": NaN}\n').encode(), {("FL005", 11)}),
    "too-deep": ((TEN + "[" * 5000 + "]" * 5000 + "\n").encode(), {("FL005", 11)}),
    "empty": (b"", {("FL007", 1)}),
    "whitespace-only": (b"  \n\n\t\n", {("FL007", 1)}),
    "whitespace-only-beyond-the-head": (b"\n" * 200_000, {("FL007", 1)}),
    "crlf-only-after-the-head": ((TEN * 800 + TEN.replace("\n", "\r\n")).encode(), {("FL009", 8001)}),
    "json-array": (("[\n" + ",\n".join(TEN.strip().splitlines()) + "\n]\n").encode(), {("FL008", 1)}),
    "pretty-document": (PRETTY.encode(), {("FL008", 1), ("TK002", 1)}),
    "gzip": (gzip.compress(TEN.encode()), {("FL011", 1)}),
    "bzip2": (bz2.compress(TEN.encode()), {("FL011", 1)}),
    "xz": (lzma.compress(TEN.encode()), {("FL011", 1)}),
    "binary": (bytes(range(256)) * 64, {("FL012", 1)}),
    "zstd": (zstandard.ZstdCompressor().compress(TEN.encode()), {("FL011", 1)}),
    "zstd-damaged": (b"\x28\xb5\x2f\xfd" + b"\x00" * 32, {("FL012", 1)}),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_reported_precisely(name: str, tmp_path: Path) -> None:
    data, expected = CASES[name]
    path = tmp_path / "data.jsonl"
    path.write_bytes(data)
    run = run_cli("check", str(path), "--output-format", "json")
    assert "Traceback" not in run.stderr
    assert run.code in (0, 1), run.stderr
    report = json.loads(run.stdout)
    found = {(f["code"], f["line"]) for f in report["findings"]}
    assert expected <= found, found


def test_last_line_without_newline_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_text(TEN.rstrip("\n"))
    run = run_cli("check", str(path))
    assert run.code == 0, run.stdout
    assert "10 records" in run.stdout


def test_records_inside_a_json_array_are_checked_at_their_own_lines(tmp_path: Path) -> None:
    records = [json.loads(CHAT)] * 9 + [{"messages": [{"role": "human", "content": "x"}]}]
    path = tmp_path / "data.json"
    path.write_text(json.dumps(records, indent=2))
    report = json.loads(run_cli("check", str(path), "--output-format", "json").stdout)
    ch001 = [f for f in report["findings"] if f["code"] == "CH001"]
    assert [f["line"] for f in ch001] == [text_line(path, '"human"') - 3]


def text_line(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_twenty_megabyte_line(tmp_path: Path) -> None:
    big = json.dumps({"messages": [{"role": "user", "content": "word " * 4_000_000},
                                   {"role": "assistant", "content": "ok"}]})
    path = tmp_path / "big.jsonl"
    path.write_text(TEN + big + "\n")
    report = json.loads(run_cli("check", str(path), "--output-format", "json").stdout)
    assert ("TK001", 11) in {(f["code"], f["line"]) for f in report["findings"]}


def test_invalid_utf8_reports_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    raw = TEN.encode().replace(b"Hi 3", b"H\xffi")
    path.write_bytes(raw)
    report = json.loads(run_cli("check", str(path), "--output-format", "json").stdout)
    message = next(f["message"] for f in report["findings"] if f["code"] == "FL001")
    bad_byte = raw.index(b"\xff")
    assert f"offset {bad_byte}" in message


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["missing.jsonl"], "missing.jsonl: no such file or directory"),
        (["emptydir"], "emptydir: directory has no .jsonl files"),
        (["--select", "XX999", "data.jsonl"], "`XX999` selects no rule"),
        (["--model", "gpt-9", "data.jsonl"], "unknown model `gpt-9`"),
        (["--profile", "nope", "data.jsonl"], "unknown profile `nope`"),
        (["--output-format", "yaml", "data.jsonl"], "Invalid value for '--output-format'"),
        (["--profile", "openai", "--model", "davinci-002", "data.jsonl"], "choose a profile for that model"),
    ],
)
def test_usage_and_io_errors_exit_2(args: list[str], needle: str, tmp_path: Path) -> None:
    (tmp_path / "emptydir").mkdir()
    (tmp_path / "data.jsonl").write_text(TEN)
    run = run_cli("check", *args, cwd=tmp_path)
    assert run.code == 2
    assert needle in run.stderr
    assert "Traceback" not in run.stderr


def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    import os
    import subprocess

    from tests.conftest import FTLINT

    path = tmp_path / "secret.jsonl"
    path.write_text(TEN)
    path.chmod(0)
    command = [str(FTLINT), "check", str(path)]
    if os.geteuid() == 0:
        # root reads anything: drop the capabilities that let it ignore file permissions
        caps = "-dac_override,-dac_read_search"
        command = ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}", *command]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 2, done.stderr
    assert "secret.jsonl: permission denied" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_pipe_is_read_like_a_file(tmp_path: Path) -> None:
    import os
    import threading

    fifo = tmp_path / "stream.jsonl"
    os.mkfifo(fifo)

    def feed() -> None:
        with fifo.open("w") as out:
            out.write(TEN + "[1]\n")

    writer = threading.Thread(target=feed)
    writer.start()
    run = run_cli("check", str(fifo), "--output-format", "json")
    writer.join()
    report = json.loads(run.stdout)
    assert run.code == 1
    assert report["summary"]["records"] == 10
    assert [(f["code"], f["line"]) for f in report["findings"]] == [("FL006", 11)]


def test_a_stray_nul_byte_spoils_its_line_not_the_file(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_bytes((TEN * 50).encode().replace(b"Hi 7", b"Hi\x007", 1))
    report = json.loads(run_cli("check", str(path), "--output-format", "json").stdout)
    assert report["summary"]["records"] == 499
    assert ("FL005", 8) in {(f["code"], f["line"]) for f in report["findings"]}


# Nesting: orjson (and so ftlint) reads 1,024 levels; Python's `json` gives up sooner, with a RecursionError.
TOO_DEEP = "nesting is deeper than the 1,024 levels a JSON parser accepts"


def _deep(opener: str, depth: int) -> str:
    closer = "]" if opener == "[" else "}"
    return opener * depth + closer * depth


def _report(path: Path, *args: str) -> tuple[int, list[dict[str, object]]]:
    run = run_cli("check", str(path), "--output-format", "json", *args)
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    assert run.code in (0, 1), run.stderr
    return run.code, json.loads(run.stdout)["findings"]


def _too_deep(findings: list[dict[str, object]]) -> list[tuple[object, object]]:
    return [(f["line"], f["message"]) for f in findings if f["code"] == "FL005"]


@pytest.mark.parametrize(("opener", "depth"), [("in-object", 1025), ('{"a":', 1025), ("[", 1025),
                                               ('{"a":', 10_000), ("[", 10_000), ('{"a":', 100_000), ("[", 100_000)])
def test_a_line_nested_too_deep_is_the_same_finding_alone_or_among_records(opener: str, depth: int,
                                                                           tmp_path: Path) -> None:
    line = '{"a":' + _deep("[", depth) + "}" if opener == "in-object" else _deep(opener, depth)
    alone, among = tmp_path / "alone.jsonl", tmp_path / "among.jsonl"
    alone.write_text(line + "\n")
    among.write_text(line + "\n" + TEN)
    (code_alone, found_alone), (code_among, found_among) = _report(alone), _report(among)
    assert code_alone == code_among == 1
    assert _too_deep(found_alone) == _too_deep(found_among)
    [(number, message)] = _too_deep(found_alone)
    assert number == 1 and TOO_DEEP in str(message), message


def test_a_pretty_printed_document_nested_too_deep(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    document = '{\n  "messages":\n' + "[\n" * 3000 + "]\n" * 3000 + "}"
    path.write_text(document + "\n")
    code, found = _report(path)
    assert code == 1
    assert ("FL008", 1) in {(f["code"], f["line"]) for f in found}
    [(number, message)] = _too_deep(found)
    # the record starts on line 1; the 1,025th level opens on line 1,026 (`{` is the first level)
    assert number == 1 and f"{TOO_DEEP} at line 1026, column 1" in str(message), message
    fixed = run_cli("fix", "--unsafe-fixes", str(path))
    assert "Traceback" not in fixed.stderr and "internal error" not in fixed.stderr, fixed.stderr
    assert path.read_text() == ""  # now JSONL, without the record, which went to the rejects file
    [reject] = [json.loads(line) for line in (tmp_path / "deep.json.rejects.jsonl").read_text().splitlines()]
    assert (reject["line"], reject["code"]) == (1, "FL005")
    assert reject["raw"] == document  # exactly as it was written, over its lines


def test_a_json_array_with_a_record_nested_too_deep(tmp_path: Path) -> None:
    records = [json.dumps(json.loads(CHAT), indent=2) for _ in range(10)]
    records[4] = '{"messages": ' + _deep("[", 5000) + "}"
    records[7] = records[7].replace('"user"', '"human"')
    path = tmp_path / "data.json"
    path.write_text("[\n" + ",\n".join(records) + "\n]\n")
    code, found = _report(path)
    assert code == 1
    codes = {(f["code"], f["line"]) for f in found}
    assert ("FL008", 1) in codes
    assert ("CH001", text_line(path, '"human"') - 3) in codes  # the records after it are checked too
    [(number, message)] = _too_deep(found)
    assert number == text_line(path, '{"messages": [[') and TOO_DEEP in str(message), message
    safe = run_cli("fix", str(path))  # JSONL now; the deep record is still there, one line of its own
    assert "Traceback" not in safe.stderr and "internal error" not in safe.stderr, safe.stderr
    assert len(path.read_text().splitlines()) == 10


@pytest.mark.parametrize("depth", [250, 600, 990, 1020])
def test_deep_but_valid_records_are_checked_without_crashing(depth: int, tmp_path: Path) -> None:
    # inside a message inside the record: `depth` levels in all
    line = CHAT.replace('"Hi"}', f'"Hi", "extra": {_deep("[", depth - 3)}}}', 1)
    path = tmp_path / "data.jsonl"
    path.write_text(TEN + line + "\n" + line + "\n")
    _report(path, "--select", "ALL")
    run = run_cli("fix", "--unsafe-fixes", str(path))
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr


def test_tool_call_arguments_nested_too_deep(tmp_path: Path) -> None:
    call = {"id": "c1", "type": "function", "function": {"name": "f", "arguments": _deep("[", 100_000)}}
    record = {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "tool_calls": [call]},
                           {"role": "tool", "tool_call_id": "c1", "content": "ok"},
                           {"role": "assistant", "content": "Done."}],
              "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]}
    path = tmp_path / "data.jsonl"
    path.write_text(TEN + json.dumps(record) + "\n")
    code, found = _report(path, "--select", "ALL")
    assert code == 1
    [message] = [f["message"] for f in found if f["code"] == "TL003"]
    assert "nested too deep" in str(message), message
