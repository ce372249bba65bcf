"""Issue 13: a state machine drives `ftlint fix --unsafe-fixes` (the real console script) through runs to
completion, SIGKILLs at random moments, full disks and appends made while it runs.

After every step the data file holds the content from before the step or the full fixed result (plus
any records appended meanwhile), and every record ever written is in the data file or the rejects
file exactly once: the entries of a run whose data rename never happened (killed between its two
renames) are copies, and are told apart by the run id each entry carries.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from tests.conftest import FTLINT

FIX = [str(FTLINT), "fix", "--unsafe-fixes", "--profile", "openai"]

GOOD = '{"messages": [{"role": "user", "content": "q%d"}, {"role": "assistant", "content": "a%d"}]}'
MISCASED = '{"messages":[{"role":"User","content":"q%d"},{"role":"assistant","content":"a%d"}]}'  # a safe fix
BROKEN = '{"messages": [{"role": "user", "content": "cut %d'  # FL005: dropped by --unsafe-fixes

# Good records (a number may repeat: a duplicate, also dropped), records a safe fix edits, broken lines, blanks.
record = st.one_of(
    st.integers(0, 12).map(lambda n: GOOD % (n, n)),
    st.integers(0, 12).map(lambda n: MISCASED % (n, n)),
    st.integers(0, 99).map(lambda n: BROKEN % n),
    st.just(""),
)
records = st.lists(record, min_size=1, max_size=8)
# Clean records first, so that a run spends a while reading and writing, not only starting up.
FILLER = "".join(GOOD.replace("q%d", f"filler question {n}") % n + "\n" for n in range(1_000))


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")[:-1] if data.endswith(b"\n") else data.split(b"\n")


def _held(data: bytes) -> int:
    """Records a file holds: lines with something on them (a blank line holds none and goes without a trace)."""
    return sum(1 for line in _lines(data) if line.strip())


def _file_limit(limit: int):  # type: ignore[no-untyped-def]
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails with EFBIG, as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


class FixUnderFaults(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="ftlint-machine-"))
        self.data = self.folder / "data.jsonl"
        self.rejects = self.folder / "data.rejects.jsonl"
        self.written = 0  # records ever put into the data file
        self.copies: set[str] = set()  # runs whose rejects entries copy records still in the data file
        self.killed_last = False
        self.fixed: dict[bytes, bytes] = {}
        self.renamed_at = 1.0  # when an undisturbed run renames its result into place, measured

    # --- helpers -------------------------------------------------------------------------------------------

    def _reference(self, content: bytes) -> bytes:
        """What fixing `content` to completion gives, from an undisturbed run on a copy."""
        if content not in self.fixed:
            folder = Path(tempfile.mkdtemp(prefix="ftlint-reference-"))
            try:
                (folder / "data.jsonl").write_bytes(content)
                done = self._timed_run(folder / "data.jsonl")
                assert done.returncode in (0, 1), done.stderr.decode()
                self.fixed[content] = (folder / "data.jsonl").read_bytes()
            finally:
                shutil.rmtree(folder)
        return self.fixed[content]

    def _timed_run(self, path: Path) -> subprocess.CompletedProcess[bytes]:
        """Run a fix on `path`, noting when it renamed its result into place (when the name's inode changed)."""
        inode, started = path.stat().st_ino, time.perf_counter()
        process = subprocess.Popen([*FIX, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        while process.poll() is None and path.stat().st_ino == inode:
            time.sleep(0.002)
        if path.stat().st_ino != inode:
            self.renamed_at = time.perf_counter() - started
        out, err = process.communicate(timeout=120)
        return subprocess.CompletedProcess(process.args, process.returncode, out, err)

    def _entries(self) -> list[dict[str, object]]:
        if not self.rejects.exists():
            return []
        raw = self.rejects.read_bytes()
        assert raw == b"" or raw.endswith(b"\n"), "a rejects line was left incomplete"
        return [json.loads(line) for line in raw.splitlines()]

    def _runs(self) -> set[str]:
        return {str(entry["run"]) for entry in self._entries()}

    def _check_new_entries(self, runs_before: set[str], base: bytes) -> None:
        """Each new entry is a line of the file the run read, exactly, at the line it names."""
        lines = _lines(base)
        for entry in self._entries():
            if entry["run"] not in runs_before:
                assert entry["file"] == str(self.data)
                assert lines[int(entry["line"]) - 1].rstrip(b"\r") == str(entry["raw"]).encode()

    def _temps(self) -> list[Path]:
        return list(self.folder.glob(".*.ftlint-tmp"))

    def _add(self, lines: list[str]) -> bytes:
        """Append records before a step's run (so that it has work to do); the data file as the run finds it."""
        added = ("\n".join(lines) + "\n").encode()
        with self.data.open("ab") as out:
            out.write(added)
        self.written += _held(added)
        return self.data.read_bytes()

    # --- steps ---------------------------------------------------------------------------------------------

    @initialize(lines=records)
    def start(self, lines: list[str]) -> None:
        content = (FILLER + "\n".join(lines) + "\n").encode()
        self.data.write_bytes(content)
        self.written = _held(content)
        self._reference(content)  # also measures when a run puts its result in place

    def _at(self, share: int) -> float:
        """A moment `share` percent of the way to when a run renames its result: a run spends most of its
        time starting up, then reads, checks and writes in the last part, where these moments aim."""
        return self.renamed_at * share / 100

    @rule(new=records)
    def fix_to_completion(self, new: list[str]) -> None:
        before, runs = self._add(new), self._runs()
        done = subprocess.run([*FIX, str(self.data)], capture_output=True, timeout=120)
        assert done.returncode in (0, 1), done.stderr.decode()
        assert self.data.read_bytes() == self._reference(before)
        self._check_new_entries(runs, before)
        assert self._temps() == [], "a finished run left (or did not clean) temporary files"
        self.killed_last = False

    @rule(new=records, share=st.integers(75, 105))
    def fix_killed(self, new: list[str], share: int) -> None:
        before, runs = self._add(new), self._runs()
        process = subprocess.Popen([*FIX, str(self.data)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        time.sleep(self._at(share))
        os.killpg(process.pid, signal.SIGKILL)  # the command and any worker, mid-write if unlucky
        process.wait()
        after = self.data.read_bytes()
        self._check_new_entries(runs, before)
        if after == before:
            self.copies |= self._runs() - runs  # its data rename never happened: its entries are copies
        else:
            assert after == self._reference(before), "a killed fix left a data file that is neither old nor new"
        self.killed_last = True

    @rule(new=records, limit=st.integers(0, 150_000))
    def fix_on_a_full_disk(self, new: list[str], limit: int) -> None:
        before, rejects_before, runs = self._add(new), self._entries(), self._runs()
        done = subprocess.run([*FIX, str(self.data)], capture_output=True, timeout=120,
                              preexec_fn=_file_limit(limit))
        err = done.stderr.decode()
        if done.returncode == 2:
            assert "Traceback" not in err and "internal error" not in err, err
            assert self.data.read_bytes() == before and self._entries() == rejects_before, err
        else:
            assert done.returncode in (0, 1), err
            assert self.data.read_bytes() == self._reference(before)
            self._check_new_entries(runs, before)
        assert self._temps() == [], err
        self.killed_last = False

    @rule(new=records, lines=records, share=st.integers(75, 105))
    def append_while_fixing(self, new: list[str], lines: list[str], share: int) -> None:
        before, rejects_before, runs = self._add(new), self._entries(), self._runs()
        added = ("\n".join(lines) + "\n").encode()
        process = subprocess.Popen([*FIX, str(self.data)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(self._at(share))
        with self.data.open("ab") as out:  # another program, which takes no lock
            out.write(added)
        err = process.communicate(timeout=120)[1].decode()
        after = self.data.read_bytes()
        self.written += _held(added)
        if after == before + added:  # refused: it saw the change (or it had nothing to do)
            assert process.returncode in (0, 1, 2), err
            assert process.returncode != 2 or self._entries() == rejects_before, err
            if process.returncode == 2:
                assert "changed while it was being fixed" in err, err
        elif after == self._reference(before) + added:  # done before the append, which went to the new file
            self._check_new_entries(runs, before)
        else:  # the append came before the run read the file
            assert after == self._reference(before + added), err
            self._check_new_entries(runs, before + added)
        assert self._temps() == [], err
        self.killed_last = False

    # --- after every step ----------------------------------------------------------------------------------

    @invariant()
    def every_record_is_kept_or_rejected_once(self) -> None:
        if not self.data.exists():
            return  # before the first step
        kept = _held(self.data.read_bytes())
        rejected = [e for e in self._entries() if e["run"] not in self.copies]
        assert kept + len(rejected) == self.written, (kept, len(rejected), self.written)

    @precondition(lambda self: not self.killed_last)
    @invariant()
    def no_temporary_file_outlives_its_run(self) -> None:
        assert self._temps() == []

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


FixUnderFaults.TestCase.settings = settings(max_examples=4, stateful_step_count=5, deadline=None,
                                            suppress_health_check=list(HealthCheck))
test_fix_under_kills_full_disks_and_appends = FixUnderFaults.TestCase
