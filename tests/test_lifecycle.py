"""Issue 13, processes: workers die with their parent (even a SIGKILLed one), SIGTERM and SIGINT stop a
run cleanly (workers stopped, scratch removed, exit 128 + signal, one line, no traceback), and a
later run removes what a killed run left in the temporary folder. Real processes, real signals."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ftlint.core.engine.lifecycle import stop_workers
from ftlint.core.scratch import LOCK_NAME, RUN_PREFIX
from tests.conftest import FTLINT

CHAT = {"messages": [{"role": "user", "content": "Question {i}: how do I reset the password of account {i}?"},
                     {"role": "assistant", "content": "Answer {i}: open the settings and choose reset. " * 3}]}


@pytest.fixture(scope="module")
def pooled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file large enough (12 MB, several seconds of work) for the worker pool to start."""
    path = tmp_path_factory.mktemp("pool") / "data.jsonl"
    template = json.dumps(CHAT)
    path.write_text("\n".join(template.replace("{i}", str(i)) for i in range(40_000)) + "\n")
    return path


def _start(args: list[str], tmp: Path, **kwargs: object) -> subprocess.Popen[bytes]:
    scratch = tmp / "scratch"
    scratch.mkdir(exist_ok=True)
    return subprocess.Popen([str(FTLINT), *args], cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "TMPDIR": str(scratch)}, **kwargs)  # type: ignore[call-overload]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its parent's reaping is missing


def _wait_for(condition: Callable[[], object], seconds: float) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    return condition()


def _workers_of(process: subprocess.Popen[bytes]) -> list[int]:
    workers = _wait_for(lambda: len(_children(process.pid)) >= 2 and _children(process.pid), 60)
    assert workers, "the worker pool did not start"
    return workers  # type: ignore[return-value]


def test_workers_die_when_the_parent_is_killed(pooled: Path, tmp_path: Path) -> None:
    process = _start(["check", str(pooled), "--jobs", "2"], tmp_path)
    workers = _workers_of(process)
    process.kill()
    process.wait(timeout=10)
    assert _wait_for(lambda: not any(_alive(pid) for pid in workers), 5), [p for p in workers if _alive(p)]
    # What the killed run left (its scratch folder, locked no more) goes with the next run.
    left = list((tmp_path / "scratch").glob(f"{RUN_PREFIX}*"))
    assert left and all((folder / LOCK_NAME).exists() for folder in left)
    nxt = subprocess.run([str(FTLINT), "rules"], env={**os.environ, "TMPDIR": str(tmp_path / "scratch")},
                         capture_output=True, timeout=60)
    assert nxt.returncode == 0
    assert list((tmp_path / "scratch").iterdir()) == []


@pytest.mark.parametrize(("signum", "code", "message"), [(signal.SIGTERM, 143, "ftlint: stopped by SIGTERM"),
                                                         (signal.SIGINT, 130, "ftlint: interrupted")])
def test_a_stop_signal_stops_the_workers_and_removes_the_scratch(pooled: Path, tmp_path: Path, signum: int,
                                                                 code: int, message: str) -> None:
    process = _start(["stats", str(pooled), "--jobs", "2"], tmp_path)
    workers = _workers_of(process)
    started = time.monotonic()
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=30)
    assert time.monotonic() - started < 5, "the run waited for its workers' chunks"
    assert process.returncode == code, stderr
    assert stderr.decode().strip().splitlines()[-1] == message, stderr
    assert b"Traceback" not in stderr
    assert _wait_for(lambda: not any(_alive(pid) for pid in workers), 5)
    assert list((tmp_path / "scratch").iterdir()) == []


def test_sigterm_while_a_stream_is_spooled_removes_the_partial_copy(tmp_path: Path) -> None:
    process = _start(["check", "-"], tmp_path, stdin=subprocess.PIPE)
    assert process.stdin is not None
    process.stdin.write(b'{"text": "partial"}\n' * 50_000)
    process.stdin.flush()
    spooled = _wait_for(lambda: list((tmp_path / "scratch").rglob("stream-*")), 30)
    assert spooled, "the stream was not being copied"
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 143 and stderr.decode().strip() == "ftlint: stopped by SIGTERM", stderr
    assert list((tmp_path / "scratch").iterdir()) == []


def test_a_worker_killed_under_the_run_is_an_error_not_a_traceback(pooled: Path, tmp_path: Path) -> None:
    process = _start(["stats", str(pooled), "--jobs", "2"], tmp_path)
    workers = _workers_of(process)
    os.kill(workers[0], signal.SIGKILL)  # as the kernel's out-of-memory killer would
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 2, stderr
    assert "ftlint: error: a worker process ended without its result" in stderr.decode(), stderr
    assert b"Traceback" not in stderr
    assert _wait_for(lambda: not any(_alive(pid) for pid in workers), 5)
    assert list((tmp_path / "scratch").iterdir()) == []


def test_a_stop_signal_waits_for_the_renames_that_commit_a_fix() -> None:
    """Rejects are renamed before the data: a SIGTERM between the two would leave rejects for records
    still in the file, so it is held until both are done, then stops the run."""
    import threading

    from ftlint.core.engine.lifecycle import Stopped, signals_held, stop_on_signals

    steps: list[str] = []
    # Another thread, as a real run may have: the kernel may hand it the signal (a signal mask of
    # the main thread alone would not hold it).
    done = threading.Event()
    other = threading.Thread(target=done.wait, daemon=True)
    other.start()
    with pytest.raises(Stopped) as stopped, stop_on_signals():
        with signals_held():
            os.kill(os.getpid(), signal.SIGTERM)
            steps.append("rejects renamed")
            steps.append("data renamed")
        steps.append("after")  # never reached: the held signal is delivered as the block ends
    done.set()
    assert steps == ["rejects renamed", "data renamed"]
    assert stopped.value.signum == signal.SIGTERM


def test_a_stopped_pools_own_threads_report_no_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    # Its manager and its queue's feeder may fail on the workers killed under them; once seen in CI,
    # their `Exception in thread ...` cut into ftlint's own last line. Other threads still report.
    from concurrent.futures import ProcessPoolExecutor

    reported: list[threading.Thread | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: reported.append(args.thread))
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
    assert list(pool.map(abs, [-1, 2])) == [1, 2]
    own = [pool._executor_manager_thread, pool._call_queue._thread]  # type: ignore[attr-defined]
    assert all(own)
    stop_workers(pool)
    other = threading.Thread(target=print)
    for thread in (*own, other):
        threading.excepthook(threading.ExceptHookArgs([RuntimeError, RuntimeError("broken pipe"), None, thread]))
    assert reported == [other]
