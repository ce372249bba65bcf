"""`ftlint fix` through the real console script: in place, atomically, with rejects, diffs and exit codes."""

from __future__ import annotations

import gzip
import json
import os
import stat
from pathlib import Path

from tests.conftest import run_cli

CLEAN = [
    '{"messages": [{"role": "user", "content": "Best month to visit Kyoto?"}, '
    '{"role": "assistant", "content": "Late March."}]}',
    '{"messages":[{"role":"user","content":"Caf\\u00e9 open?"},{"role":"assistant","content":"Until 6."}]}',
]
MISCASED = '{"messages": [{"role": "User", "content": "Hello"}, {"role": "assistant", "content": "Hi!"}]}'
BROKEN = '{"messages": [{"role": "user", "content": "cut'


def _dataset(extra: list[str]) -> list[str]:
    """Twelve clean, distinct records (enough for OpenAI's minimum) plus `extra`."""
    base = [CLEAN[i % 2].replace("Kyoto", f"Kyoto {i}").replace("open?", f"open on day {i}?")
            .replace("Late March.", f"Late March, week {i}.").replace("Until 6.", f"Until {i}.") for i in range(12)]
    return base + extra


def test_fix_in_place_keeps_untouched_lines_byte_identical_and_permissions(tmp_path: Path) -> None:
    lines = _dataset([MISCASED, ""])
    path = tmp_path / "data.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o640)
    run = run_cli("fix", str(path))
    assert run.code == 0, run.stdout + run.stderr
    after = path.read_text(encoding="utf-8").splitlines()
    assert after[:12] == lines[:12]  # byte for byte, whatever their spacing and escapes
    assert after[12] == MISCASED.replace('"User"', '"user"')
    assert len(after) == 13  # the blank line is gone, and nothing went to a rejects file
    assert not (tmp_path / "data.rejects.jsonl").exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert "Fixed 2 finding(s) (CH001 x1, FL004 x1); 0 left." in run.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["data.jsonl"]  # no temp file left behind


def test_unsafe_fixes_move_records_to_the_rejects_file_with_line_and_reason(tmp_path: Path) -> None:
    lines = _dataset([BROKEN])
    lines.append(lines[0])  # an exact copy of the first record
    path = tmp_path / "data.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    safe = run_cli("fix", str(path))
    assert safe.code == 1 and path.read_text(encoding="utf-8").splitlines() == lines  # nothing safe to do
    assert "1 fixable" not in safe.stdout and "more with `--unsafe-fixes`" in safe.stdout
    run = run_cli("fix", "--unsafe-fixes", str(path))
    assert run.code == 0, run.stdout + run.stderr
    assert path.read_text(encoding="utf-8").splitlines() == lines[:12]
    rejects = [json.loads(line) for line in (tmp_path / "data.rejects.jsonl").read_text().splitlines()]
    assert [(r["line"], r["code"]) for r in rejects] == [(13, "FL005"), (14, "DQ001")]
    assert rejects[0]["raw"] == BROKEN and rejects[1]["reason"] == "duplicate of line 1"
    assert rejects[1]["raw"] == lines[13]  # the line as it was, not its value written again
    assert f"{path}: 2 records moved to {tmp_path / 'data.rejects.jsonl'} (line, rule and reason for each)" \
        in run.stderr


def test_rejects_accumulate_across_runs_and_can_go_elsewhere(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    rejects = tmp_path / "dropped.jsonl"
    for attempt in range(2):
        path.write_text("\n".join(_dataset([BROKEN])) + "\n", encoding="utf-8")
        assert run_cli("fix", "--unsafe-fixes", "--rejects", str(rejects), str(path)).code == 0
        assert len(rejects.read_text().splitlines()) == attempt + 1
    assert not (tmp_path / "data.rejects.jsonl").exists()


def test_diff_shows_the_change_and_writes_nothing(tmp_path: Path) -> None:
    lines = _dataset([MISCASED])
    path = tmp_path / "data.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = path.read_bytes()
    run = run_cli("fix", "--diff", str(path))
    assert run.code == 1
    assert path.read_bytes() == before and len(list(tmp_path.iterdir())) == 1
    assert f"--- a/{path}" in run.stdout and f"+{MISCASED.replace('User', 'user')}" in run.stdout
    assert f"-{MISCASED}" in run.stdout and "Would fix 1 finding(s) (CH001 x1)" in run.stderr
    path.write_text("\n".join(_dataset([])) + "\n", encoding="utf-8")
    clean = run_cli("check", "--diff", str(path))
    assert clean.code == 0 and clean.stdout == ""


def test_output_elsewhere_leaves_the_input(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + ("\r\n".join(_dataset([])) + "\r\n").encode())
    before = path.read_bytes()
    out = tmp_path / "out" / "clean.jsonl"
    out.parent.mkdir()
    run = run_cli("check", "--fix", "-o", str(out), str(path))
    assert run.code == 0, run.stderr
    assert path.read_bytes() == before
    assert out.read_bytes() == ("\n".join(_dataset([])) + "\n").encode()
    two = run_cli("fix", "-o", str(out), str(path), str(path.with_name("other.jsonl")))
    assert two.code == 2 and "traceback" not in two.stderr.lower()


def test_output_flags_need_fixing(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_text("\n".join(_dataset([])) + "\n", encoding="utf-8")
    run = run_cli("check", "-o", str(tmp_path / "x.jsonl"), str(path))
    assert run.code == 2 and "-o/--output goes with --fix" in run.stderr and "`ftlint fix`" in run.stderr
    diff = run_cli("check", "--diff", "-o", str(tmp_path / "x.jsonl"), str(path))  # a diff writes no output
    assert diff.code == 2 and "goes with --fix" in diff.stderr and not (tmp_path / "x.jsonl").exists()


def test_stdin_is_fixed_to_stdout(tmp_path: Path) -> None:
    data = ("\n".join(_dataset([MISCASED])) + "\n").encode()
    run = run_cli("fix", "-", stdin=data)
    assert run.code == 0
    assert run.stdout.splitlines()[-1] == MISCASED.replace('"User"', '"user"')
    assert "Fixed 1 finding(s)" in run.stderr
    dropped = run_cli("fix", "--unsafe-fixes", "-", stdin=data + BROKEN.encode() + b"\n")
    assert dropped.code == 2 and "--rejects" in dropped.stderr


def test_compressed_files_are_reported_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl.gz"
    path.write_bytes(gzip.compress(("\n".join(_dataset([MISCASED])) + "\n").encode()))
    before = path.read_bytes()
    run = run_cli("fix", str(path))
    assert run.code == 1
    assert path.read_bytes() == before
    assert "not fixed: gzip-compressed files are not fixed in place" in run.stderr


def test_directories_skip_rejects_files(tmp_path: Path) -> None:
    (tmp_path / "data.jsonl").write_text("\n".join(_dataset([BROKEN])) + "\n", encoding="utf-8")
    assert run_cli("fix", "--unsafe-fixes", str(tmp_path)).code == 0
    assert (tmp_path / "data.rejects.jsonl").exists()
    run = run_cli("check", str(tmp_path))
    assert run.code == 0 and "1 file" in run.stdout


def test_fixing_a_clean_file_touches_nothing(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_text("\n".join(_dataset([])) + "\n", encoding="utf-8")
    os.utime(path, (1_000_000, 1_000_000))
    run = run_cli("fix", str(path))
    assert run.code == 0 and "Fixed 0 finding(s); 0 left." in run.stderr
    assert path.stat().st_mtime == 1_000_000  # not even rewritten


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"/" for p in sorted(folder.rglob("*"))}


def test_check_never_writes_without_fix(tmp_path: Path) -> None:
    lines = _dataset([MISCASED, BROKEN])
    lines.append(lines[0])  # a duplicate: dropped by an unsafe fix
    path = tmp_path / "data.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = _snapshot(tmp_path)
    for flags in (["--unsafe-fixes"], ["--unsafe-fixes", "--rejects", str(tmp_path / "r.jsonl")],
                  ["--unsafe-fixes", "-o", str(tmp_path / "out.jsonl")], ["--rejects", str(tmp_path / "r.jsonl")]):
        run = run_cli("check", *flags, str(path))
        assert run.code == 2, (flags, run.stdout, run.stderr)
        assert "--fix" in run.stderr and "ftlint fix" in run.stderr, run.stderr
        assert "traceback" not in run.stderr.lower() and "internal error" not in run.stderr
        assert _snapshot(tmp_path) == before, flags
    for flags in (["--diff"], ["--diff", "--unsafe-fixes"]):  # a diff writes nothing and needs no --fix
        run = run_cli("check", *flags, str(path))
        assert run.code == 1 and f"--- a/{path}" in run.stdout, (flags, run.stderr)
        assert _snapshot(tmp_path) == before, flags
    assert not (tmp_path / "data.rejects.jsonl").exists()


def test_the_summary_names_the_rejects_file_as_the_user_can_open_it(tmp_path: Path) -> None:
    def fresh() -> None:
        (tmp_path / "data.jsonl").write_text("\n".join(_dataset([BROKEN])) + "\n", encoding="utf-8")

    fresh()
    run = run_cli("fix", "--unsafe-fixes", "data.jsonl", cwd=tmp_path)  # relative: so is the rejects path
    assert "data.jsonl: 1 record moved to data.rejects.jsonl (line, rule and reason for each)" in run.stderr
    assert (tmp_path / "data.rejects.jsonl").exists()
    fresh()
    (tmp_path / "out").mkdir()
    run = run_cli("fix", "--unsafe-fixes", "data.jsonl", "-o", "out/clean.jsonl", cwd=tmp_path)
    # The input is left as it was, so its rejects go beside the output, named after it.
    assert "data.jsonl: 1 record moved to out/clean.rejects.jsonl" in run.stderr, run.stderr
    assert len((tmp_path / "out" / "clean.rejects.jsonl").read_text().splitlines()) == 1
    assert len((tmp_path / "data.rejects.jsonl").read_text().splitlines()) == 1  # untouched by this run
    fresh()
    run = run_cli("fix", "--unsafe-fixes", "data.jsonl", "--rejects", "dropped.jsonl", cwd=tmp_path)
    assert "data.jsonl: 1 record moved to dropped.jsonl (line, rule and reason for each)" in run.stderr
    fresh()
    before = _snapshot(tmp_path)
    run = run_cli("fix", "--diff", "--unsafe-fixes", "data.jsonl", cwd=tmp_path)
    assert "data.jsonl: 1 record would be moved to data.rejects.jsonl" in run.stderr, run.stderr
    assert "# 1 record would go to data.rejects.jsonl" in run.stdout
    assert _snapshot(tmp_path) == before


def test_no_output_path_may_be_an_input(tmp_path: Path) -> None:
    """Issue 13, item 2: `--rejects` on the input "moved" the dropped records into the void; an
    output is compared with the inputs as a file (a link or another spelling is the same file)."""
    path = tmp_path / "data.jsonl"
    before = ("\n".join(_dataset([BROKEN, CLEAN[0]])) + "\n").encode()
    path.write_bytes(before)
    (tmp_path / "link.jsonl").symlink_to(path)
    for args in (["--rejects", str(path)], ["--rejects", str(tmp_path / "link.jsonl")],
                 ["--rejects", str(tmp_path / "." / "data.jsonl")], ["-o", str(path)]):
        run = run_cli("fix", str(path), "--unsafe-fixes", *args)
        assert run.code == 2 and "is the input file" in run.stderr, args
        assert path.read_bytes() == before
    same = run_cli("fix", str(path), "--unsafe-fixes", "-o", str(tmp_path / "out.jsonl"),
                   "--rejects", str(tmp_path / "out.jsonl"))
    assert same.code == 2 and "are the same file" in same.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.jsonl", "link.jsonl"]
    html = run_cli("stats", str(path), "--html", str(path))
    assert html.code == 2 and "--html" in html.stderr and path.read_bytes() == before


def test_a_rejected_line_is_kept_exactly(tmp_path: Path) -> None:
    """Issue 13, item 3: a dropped line was parsed and written again (`1.0000000000000000001` became
    1.0, a duplicate key was lost; lines orjson cannot read were already kept as text)."""
    odd = ('{"messages": [{"role": "user", "content": "\\u00e9 costs 1.0?"}, {"role": "assistant", '
           '"content": "yes", "content": "yes"}], "score": 1.0000000000000000001}')
    path = tmp_path / "data.jsonl"
    path.write_text("\n".join(_dataset([odd, odd])) + "\n", encoding="utf-8")
    run = run_cli("fix", str(path), "--unsafe-fixes", "--select", "DQ001")
    assert run.code == 0, run.stdout + run.stderr
    rejects = (tmp_path / "data.rejects.jsonl").read_bytes()
    rejects.decode("utf-8")  # still UTF-8 text
    [entry] = [json.loads(line) for line in rejects.splitlines()]
    assert entry["line"] == 14 and entry["raw"] == odd


def test_exit_non_zero_on_fix_fails_when_a_file_changed_even_with_nothing_left(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_text("\n".join(_dataset([MISCASED])) + "\n", encoding="utf-8")
    run = run_cli("fix", "--exit-non-zero-on-fix", str(path))
    assert run.code == 1, run.stdout + run.stderr
    assert "Fixed 1 finding(s) (CH001 x1); 0 left." in run.stderr
    assert '"role": "user", "content": "Hello"' in path.read_text(encoding="utf-8")
    # Nothing to change the second time: the same flag exits 0, as a plain fix does.
    again = run_cli("fix", "--exit-non-zero-on-fix", str(path))
    assert again.code == 0 and "Fixed 0 finding(s); 0 left." in again.stderr
    # Without the flag the same change exits 0; --exit-zero wins over it, as in ruff.
    for args in ([], ["--exit-non-zero-on-fix", "--exit-zero"]):
        path.write_text("\n".join(_dataset([MISCASED])) + "\n", encoding="utf-8")
        plain = run_cli("fix", *args, str(path))
        assert plain.code == 0 and "Fixed 1 finding(s)" in plain.stderr, args
