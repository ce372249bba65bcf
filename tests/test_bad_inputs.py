"""Every kind of bad input from the spine issue, through the real console script: a precise finding
(or exit 2 for a path that cannot be read), never a traceback."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
from pathlib import Path

import pytest

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
    "zstd": (b"\x28\xb5\x2f\xfd" + b"\x00" * 32, {("FL012", 1)}),
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
