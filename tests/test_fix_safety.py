"""Issue 13, data loss: `ftlint fix` under concurrent writers, faults, links, owners and stale temporary files.

Each test names what it guards. In-process runs (`_run`) let a test put a fault or a concurrent
write at an exact point; the others run the real console script, as a user would.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import resource
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

import ftlint.commands.fix as fix_command
import ftlint.core.fixer as fixer
from ftlint.cli import cli
from tests.conftest import FTLINT, run_cli
from tests.test_fix import BROKEN, CLEAN, MISCASED, _dataset

TEMP_GLOB = ".*.ftlint-tmp"


def _write_dataset(path: Path, extra: list[str]) -> bytes:
    data = ("\n".join(_dataset(extra)) + "\n").encode()
    path.write_bytes(data)
    return data


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """`ftlint ARGS` in this process (so a test can patch a step), with its exit code and output."""
    with pytest.raises(SystemExit) as done:
        cli.main(args, prog_name="ftlint")
    out = capsys.readouterr()
    return int(done.value.code or 0), out.out, out.err


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(TEMP_GLOB))


def _entries(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_bytes().splitlines()]


# --- 1. a concurrent change is refused, and two fixes cannot interleave -----------------------------------


APPENDED = CLEAN[0].replace("Kyoto", "Osaka") + "\n"


def test_an_append_made_after_the_file_was_read_is_never_lost(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Today the fixed file is renamed over the appended record: it is neither in the file nor in the rejects."""
    path = tmp_path / "data.jsonl"
    before = _write_dataset(path, [MISCASED, BROKEN])
    real = fix_command.fix_inputs

    def fix_then_append(*args: Any, **kwargs: Any) -> Any:
        outcome = real(*args, **kwargs)
        with path.open("ab") as out:  # another program appends while the fixed copy waits to be put in place
            out.write(APPENDED.encode())
        return outcome

    monkeypatch.setattr(fix_command, "fix_inputs", fix_then_append)
    code, _, err = _run(["fix", "--unsafe-fixes", str(path)], capsys)
    assert code == 2, err
    assert "changed while it was being fixed" in err and str(path) in err
    assert path.read_bytes() == before + APPENDED.encode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.jsonl"]  # no rejects, no temp file


def test_a_change_between_checking_and_rewriting_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """An edit after the check read the file, before the rewrite read it again: the plan no longer fits the lines."""
    path = tmp_path / "data.jsonl"
    before = _write_dataset(path, [MISCASED])
    real = fixer.plan_fixes
    changed = before.replace(b"Kyoto 0", b"Nara 00")  # same size: only the content tells

    def plan_then_edit(*args: Any, **kwargs: Any) -> Any:
        if path.read_bytes() == before:
            stamp = path.stat()
            path.write_bytes(changed)
            os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # as `cp -p` or rsync would leave it
        return real(*args, **kwargs)

    monkeypatch.setattr(fixer, "plan_fixes", plan_then_edit)
    code, _, err = _run(["fix", str(path)], capsys)
    assert code == 2 and "changed while it was being fixed" in err, err
    assert path.read_bytes() == changed
    assert _temps(tmp_path) == []


def test_a_file_another_fix_holds_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    before = _write_dataset(path, [MISCASED, BROKEN])
    with path.open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running `ftlint fix` holds it
        run = run_cli("fix", "--unsafe-fixes", str(path))
    assert run.code == 2, run.stderr
    assert "another ftlint run" in run.stderr and str(path) in run.stderr
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["data.jsonl"]
    # Checking and showing the diff write nothing, so they need no lock.
    assert run_cli("check", str(path)).code == 1


def _slow_dataset(records: int) -> bytes:
    """Records a fix edits (miscased roles) and drops (broken lines, duplicates), enough to take a while."""
    lines = []
    for i in range(records):
        role = "User" if i % 7 == 0 else "user"
        lines.append(json.dumps({"messages": [{"role": role, "content": f"question {i} " + "x" * 80},
                                              {"role": "assistant", "content": f"answer {i}"}]}))
        if i % 500 == 0:
            lines.append(BROKEN + str(i))
    lines.append(lines[0])
    return ("\n".join(lines) + "\n").encode()


def test_two_concurrent_fixes_never_lose_an_update_nor_double_the_rejects(tmp_path: Path) -> None:
    data = _slow_dataset(4_000)
    reference = tmp_path / "reference" / "data.jsonl"
    reference.parent.mkdir()
    reference.write_bytes(data)
    assert run_cli("fix", "--unsafe-fixes", str(reference)).code == 0
    wanted_rejects = [(e["line"], e["raw"]) for e in _entries(reference.with_name("data.rejects.jsonl"))]
    assert len(wanted_rejects) == 9  # eight broken lines and a duplicate
    for delay in (0.0, 0.3, 0.8):
        folder = tmp_path / f"round-{delay}"
        folder.mkdir()
        path = folder / "data.jsonl"
        path.write_bytes(data)
        first = subprocess.Popen([str(FTLINT), "fix", "--unsafe-fixes", str(path)], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE)
        time.sleep(delay)
        second = subprocess.Popen([str(FTLINT), "fix", "--unsafe-fixes", str(path)], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE)
        codes = [first.wait(120), second.wait(120)]
        messages = [first.stderr.read().decode(), second.stderr.read().decode()]  # type: ignore[union-attr]
        for code, message in zip(codes, messages, strict=True):
            assert code == 0 or (code == 2 and "another ftlint run" in message), (delay, code, message)
        assert path.read_bytes() == reference.read_bytes(), delay
        got = [(e["line"], e["raw"]) for e in _entries(folder / "data.rejects.jsonl")]
        assert got == wanted_rejects, delay  # once each: never lost, never twice
        assert _temps(folder) == []


# --- 2. FL008 copies each element's bytes ------------------------------------------------------------------


def test_a_json_array_becomes_jsonl_with_every_value_as_it_was_written(tmp_path: Path) -> None:
    """Parsed and written again, 1E400 became null (or `Infinity` beside a big integer), an escaped lone
    surrogate became bytes that are not UTF-8, 1.0000000000000000001 became 1.0, and a duplicate key was lost."""
    elements = [
        '{"prompt": "a", "completion": " b", "big": 1E400, "id": 123456789012345678901234567890}',
        '{"prompt": "s\\ud800", "completion": " c"}',
        '{"prompt": "n", "completion": " d", "n": 1.0000000000000000001, "k": 1, "k": 2}',
        '{\n    "prompt": "multi\\nline",\n    "completion": " e",\n    "tags": [ "x",  "y" ]\n  }',
    ]
    path = tmp_path / "data.json"
    path.write_text("[\n  " + ",\n  ".join(elements) + "\n]\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    run = run_cli("fix", "--select", "FL008", str(path), "-o", str(out))
    assert run.code == 0, run.stdout + run.stderr
    written = out.read_bytes()
    written.decode("utf-8")  # still UTF-8
    lines = written.decode().splitlines()
    assert lines[0] == '{"prompt":"a","completion":" b","big":1E400,"id":123456789012345678901234567890}'
    assert lines[1] == '{"prompt":"s\\ud800","completion":" c"}'
    assert lines[2] == '{"prompt":"n","completion":" d","n":1.0000000000000000001,"k":1,"k":2}'
    # Whitespace between tokens goes, whitespace inside strings stays.
    assert lines[3] == '{"prompt":"multi\\nline","completion":" e","tags":["x","y"]}'
    assert len(lines) == 4


def test_a_pretty_printed_document_keeps_its_strings_and_numbers(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text('{\n  "prompt": "two  spaces, a tab\\t",\n  "completion": " x",\n  "w": 1.50,\n'
                    '  "w": 2e0\n}\n\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run_cli("fix", "--select", "FL008", str(path), "-o", str(out)).code == 0
    assert out.read_text() == '{"prompt":"two  spaces, a tab\\t","completion":" x","w":1.50,"w":2e0}\n'


def test_an_array_holding_nan_is_never_written_with_null(tmp_path: Path) -> None:
    """NaN is not JSON: the file is not read as one array, and nothing turns it into null."""
    path = tmp_path / "data.json"
    path.write_text('[\n  {"prompt": "a", "completion": " b", "x": NaN}\n]\n', encoding="utf-8")
    before = path.read_bytes()
    run_cli("fix", str(path))
    assert path.read_bytes() == before


# --- 3. rejects committed with the data, with the run's id ---------------------------------------------------


def test_every_rejects_entry_names_its_file_and_run(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    _write_dataset(path, [BROKEN])
    run = run_cli("fix", "--unsafe-fixes", str(path))
    assert run.code == 0, run.stderr
    [entry] = _entries(tmp_path / "data.rejects.jsonl")
    assert entry["file"] == str(path) and entry["raw"] == BROKEN
    assert entry["run"] and entry["run"] in run.stderr  # the summary names the run its entries carry
    _write_dataset(path, [BROKEN])
    again = run_cli("fix", "--unsafe-fixes", str(path))
    first, second = _entries(tmp_path / "data.rejects.jsonl")
    assert first == entry and second["run"] != entry["run"] and second["run"] in again.stderr


def test_a_rejects_file_with_an_incomplete_last_line_is_never_added_to(tmp_path: Path) -> None:
    """A full disk once cut a rejects line short; appending would glue the next entry onto it."""
    path = tmp_path / "data.jsonl"
    before = _write_dataset(path, [BROKEN])
    rejects = tmp_path / "data.rejects.jsonl"
    rejects.write_bytes(b'{"line": 3, "code": "FL005", "reason": "invalid JSON", "raw": "{\\"mes')
    cut = rejects.read_bytes()
    run = run_cli("fix", "--unsafe-fixes", str(path))
    assert run.code == 2, run.stderr
    assert str(rejects) in run.stderr and "last line is incomplete" in run.stderr
    assert path.read_bytes() == before and rejects.read_bytes() == cut
    assert _temps(tmp_path) == []


@contextmanager
def _fault(monkeypatch: pytest.MonkeyPatch, name: str) -> Iterator[None]:
    """Make one step of putting the results in place fail as a real system would."""
    if name == "no-permission":  # a read-only directory
        def refuse(*args: Any, **kwargs: Any) -> Any:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), kwargs.get("dir"))
        monkeypatch.setattr("tempfile.mkstemp", refuse)
    elif name == "disk-full":
        def full(fd: int) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        monkeypatch.setattr(os, "fsync", full)
    elif name == "rejects-rename":
        real = os.replace

        def fail_first(source: Any, target: Any) -> None:
            if str(target).endswith(".rejects.jsonl"):
                raise OSError(errno.EIO, os.strerror(errno.EIO), str(target))
            real(source, target)
        monkeypatch.setattr(os, "replace", fail_first)
    yield


@pytest.mark.parametrize("fault", ["no-permission", "disk-full", "rejects-rename"])
def test_a_fault_while_writing_leaves_the_data_and_the_rejects_as_they_were(
        fault: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "data.jsonl"
    before = _write_dataset(path, [MISCASED, BROKEN])
    rejects = tmp_path / "data.rejects.jsonl"
    rejects.write_bytes(b'{"line":1,"code":"FL005","reason":"invalid JSON","raw":"{"}\n')
    old_rejects = rejects.read_bytes()
    with _fault(monkeypatch, fault):
        code, _, err = _run(["fix", "--unsafe-fixes", str(path)], capsys)
    assert code == 2, err
    assert "Traceback" not in err and "internal error" not in err
    assert "nothing was changed" in err, err
    assert path.read_bytes() == before and rejects.read_bytes() == old_rejects
    assert _temps(tmp_path) == []


def test_a_failed_data_rename_after_the_rejects_says_which_entries_are_copies(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "data.jsonl"
    before = _write_dataset(path, [BROKEN])
    real = os.replace

    def fail_data(source: Any, target: Any) -> None:
        if Path(target) == path:
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(target))
        real(source, target)

    monkeypatch.setattr(os, "replace", fail_data)
    code, _, err = _run(["fix", "--unsafe-fixes", str(path)], capsys)
    assert code == 2
    assert path.read_bytes() == before
    [entry] = _entries(tmp_path / "data.rejects.jsonl")
    assert f'"run":"{entry["run"]}"' in err and "still in" in err and str(path) in err, err
    assert _temps(tmp_path) == []


def test_a_directory_nobody_may_write_to_is_an_error_that_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    path = folder / "data.jsonl"
    before = _write_dataset(path, [MISCASED, BROKEN])
    root = os.geteuid() == 0
    # Root may write anywhere, except in an immutable directory.
    subprocess.run(["chattr", "+i", str(folder)], check=True) if root else folder.chmod(0o555)
    try:
        run = run_cli("fix", "--unsafe-fixes", str(path))
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True) if root else folder.chmod(0o755)
    assert run.code == 2, run.stderr
    assert str(folder) in run.stderr and "nothing was changed" in run.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["data.jsonl"] and path.read_bytes() == before


def _limit_file_size(limit: int) -> Callable[[], None]:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_a_full_disk_while_writing_the_rejects_changes_nothing(tmp_path: Path) -> None:
    """A real EFBIG: the rejects file (old entries + new) is larger than any file this run may write."""
    path = tmp_path / "data.jsonl"
    before = _write_dataset(path, [MISCASED, BROKEN])
    rejects = tmp_path / "data.rejects.jsonl"
    rejects.write_bytes(b'{"line":1,"code":"FL005","reason":"invalid JSON","raw":"' + b"x" * 9_000 + b'"}\n')
    old_rejects = rejects.read_bytes()
    done = subprocess.run([str(FTLINT), "fix", "--unsafe-fixes", str(path)], capture_output=True,
                          preexec_fn=_limit_file_size(len(old_rejects) + 10), timeout=120)
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert "File too large" in err and str(rejects) in err and "nothing was changed" in err, err
    assert path.read_bytes() == before and rejects.read_bytes() == old_rejects
    assert _temps(tmp_path) == []


def test_a_full_disk_while_fixing_the_copies_changes_nothing(tmp_path: Path) -> None:
    """The passes write their copies in the scratch folder first: no room there is said as such."""
    path = tmp_path / "data.jsonl"
    before = _write_dataset(path, [MISCASED, BROKEN])
    done = subprocess.run([str(FTLINT), "fix", "--unsafe-fixes", str(path)], capture_output=True,
                          preexec_fn=_limit_file_size(100), timeout=120)
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert "File too large" in err and "scratch" in err and "TMPDIR" in err and "nothing was changed" in err, err
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["data.jsonl"]


# --- 4. owner, links, read-only files ------------------------------------------------------------------------


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_a_file_fixed_by_root_keeps_its_owner_group_and_mode(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    _write_dataset(path, [MISCASED, BROKEN])
    os.chown(path, 65534, 65534)  # nobody:nogroup
    path.chmod(0o640)
    run = run_cli("fix", "--unsafe-fixes", str(path))
    assert run.code == 0, run.stderr
    for written in (path, tmp_path / "data.rejects.jsonl"):  # a new rejects file is as private as its data
        info = written.stat()
        assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (65534, 65534, 0o640), written


def test_a_symlink_is_fixed_at_its_target(tmp_path: Path) -> None:
    real = tmp_path / "store" / "data.jsonl"
    real.parent.mkdir()
    _write_dataset(real, [MISCASED])
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    run = run_cli("fix", str(link))
    assert run.code == 0, run.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text().splitlines()[-1] == MISCASED.replace('"User"', '"user"')
    assert _temps(tmp_path) == [] and _temps(real.parent) == []


def test_a_hard_linked_file_is_refused_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    before = _write_dataset(path, [MISCASED])
    other = tmp_path / "other.jsonl"
    os.link(path, other)
    run = run_cli("fix", str(path))
    assert run.code == 2 and "hard link" in run.stderr and "-o" in run.stderr and "--force" in run.stderr
    assert path.read_bytes() == before and os.path.samefile(path, other)
    forced = run_cli("fix", "--force", str(path))
    assert forced.code == 0, forced.stderr
    assert path.read_bytes() != before and other.read_bytes() == before  # this name only, as the note says
    assert str(other) not in forced.stderr and "other link" in forced.stderr


def test_a_read_only_file_is_refused_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    before = _write_dataset(path, [MISCASED])
    path.chmod(0o444)
    run = run_cli("fix", str(path))
    assert run.code == 2 and "read-only" in run.stderr and "--force" in run.stderr
    assert path.read_bytes() == before
    clean = tmp_path / "clean.jsonl"
    _write_dataset(clean, [])
    clean.chmod(0o444)
    assert run_cli("fix", str(clean)).code == 0  # nothing to write, nothing refused
    forced = run_cli("check", "--fix", "--force", str(path))
    assert forced.code == 0, forced.stderr
    assert path.read_bytes() != before and stat.S_IMODE(path.stat().st_mode) == 0o444
    usage = run_cli("check", "--force", str(path))
    assert usage.code == 2 and "--force goes with --fix" in usage.stderr


# --- 5. stale temporary files -------------------------------------------------------------------------------

_WRITER = """
import sys, time
from pathlib import Path
from ftlint.core.fixer.atomic import TempFile
temp = TempFile(Path(sys.argv[1]))
print(temp.path, flush=True)
time.sleep(60)
"""


def test_temporary_files_of_dead_runs_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    _write_dataset(path, [MISCASED, BROKEN])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    writers = [subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path / name)], env=env,
                                stdout=subprocess.PIPE) for name in ("data.jsonl", "data.rejects.jsonl")]
    temps = [Path(w.stdout.readline().decode().strip()) for w in writers]  # type: ignore[union-attr]
    try:
        assert all(t.exists() for t in temps)
        alive = run_cli("fix", "--unsafe-fixes", str(path))
        assert alive.code == 0, alive.stderr
        assert all(t.exists() for t in temps) and "temporary file" not in alive.stderr  # their writers live
    finally:
        for writer in writers:
            writer.send_signal(signal.SIGKILL)  # a run killed mid-write leaves its temporary file behind
            writer.wait()
    assert all(t.exists() for t in temps)
    diff = run_cli("fix", "--diff", str(path))  # a diff writes nothing and removes nothing
    assert diff.code == 0 and all(t.exists() for t in temps)
    run = run_cli("fix", str(path))  # nothing left to fix: the clean-up happens all the same
    assert run.code == 0, run.stderr
    assert _temps(tmp_path) == [], "temporary files of dead runs stay"
    assert "removed 2 temporary files left by an interrupted run" in run.stderr, run.stderr


def test_a_new_output_file_is_no_more_readable_than_its_input(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    _write_dataset(path, [MISCASED, BROKEN])
    path.chmod(0o600)
    out = tmp_path / "out.jsonl"
    run = run_cli("fix", "--unsafe-fixes", str(path), "-o", str(out))
    assert run.code == 0, run.stderr
    for written in (out, tmp_path / "out.rejects.jsonl"):  # not 0644 from the umask: the data is private
        assert stat.S_IMODE(written.stat().st_mode) == 0o600, written
