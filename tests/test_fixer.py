"""The fixer's guarantees: idempotent, conserving, bounded, and atomic under SIGKILL."""

from __future__ import annotations

import base64
import json
import os
import random
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ftlint.core.edits import EditText
from ftlint.core.engine.driver import CheckResult
from ftlint.core.findings import Applicability, Finding, Fix, Severity
from ftlint.core.fixer import fix_inputs
from ftlint.core.fixer.plan import allowed
from ftlint.core.sources import InputFile
from tests.conftest import FTLINT, fix_path

GOOD = ['{"messages": [{"role": "user", "content": "q%d"}, {"role": "assistant", "content": "a%d"}]}',
        '{"messages":[{"role":"User","content":"q%d"},{"role":"assistant","content":"a%d"}]}',
        '{"prompt": "p%d", "completion": "c%d"}']
BAD = ["", "   ", "{broken", "[1, 2]", "null", '{"messages": "x"}', "\xff"]
pieces = st.lists(st.one_of(st.tuples(st.sampled_from(GOOD), st.integers(0, 3)).map(lambda t: t[0] % (t[1], t[1])),
                            st.sampled_from(BAD)), max_size=25)
endings = st.sampled_from(["\n", "\r\n"])


def _records(data: bytes) -> list[bytes]:
    """Lines that hold something (blank lines carry no data and may go without a trace)."""
    return [line.rstrip(b"\r") for line in data.split(b"\n") if line.strip()]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces, endings, st.booleans())
def test_fixing_conserves_records_and_is_idempotent(lines: list[str], ending: str, bom: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.jsonl"
        data = ("\ufeff" if bom else "") + ending.join(lines) + ending
        path.write_bytes(data.encode("utf-8", "surrogateescape").replace(b"\xc3\xbf", b"\xff"))
        fixed = fix_path(path, unsafe=True, profile="openai")
        kept, rejected = _records(fixed.content), fixed.rejects
        # Conservation: every line that held data is kept (maybe edited) or in the rejects, once.
        assert len(kept) + len(rejected) == len(_records(path.read_bytes().removeprefix(b"\xef\xbb\xbf")))
        originals = path.read_bytes().removeprefix(b"\xef\xbb\xbf").split(b"\n")
        for reject in rejected:
            original = originals[reject["line"] - 1].rstrip(b"\r")
            if "raw" in reject:  # every rejected line, exactly as it was
                assert original == reject["raw"].encode()
            else:
                assert original == base64.b64decode(reject["raw_base64"])
        # Idempotence: fixing the result changes nothing and rejects nothing.
        again = Path(folder) / "again.jsonl"
        again.write_bytes(fixed.content)
        second = fix_path(again, unsafe=True, profile="openai")
        assert second.content == fixed.content and not second.rejects


def test_a_fix_that_never_settles_stops_after_the_bound(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_text('{"prompt": "a", "completion": "b"}\n', encoding="utf-8")
    grow = Fix("grow", Applicability.SAFE, (EditText("/prompt", append="!"),), every_record=True)

    def check(items: list[InputFile]) -> CheckResult:  # a rule that is never satisfied
        return CheckResult([Finding(items[0].display, 1, "/prompt", "X001", "never", Severity.ERROR, "m", grow)])

    outcome = fix_inputs([InputFile(str(path), path)], check, allowed(False), tmp_path, max_passes=4)
    assert not outcome.converged and outcome.passes == 4
    assert json.loads(outcome.files[0].current.read_text())["prompt"] == "a!!!!"
    assert path.read_text(encoding="utf-8") == '{"prompt": "a", "completion": "b"}\n'


def _big_file(path: Path, records: int) -> None:
    """CRLF records with a miscased role every 50th: fixing rewrites every line."""
    with path.open("wb") as out:
        for i in range(records):
            role = "User" if i % 50 == 0 else "user"
            out.write(json.dumps({"messages": [{"role": role, "content": f"question {i} " + "x" * 200},
                                               {"role": "assistant", "content": f"answer {i}"}]}).encode() + b"\r\n")


def test_sigkill_leaves_the_original_or_the_complete_result(tmp_path: Path) -> None:
    original = tmp_path / "original.jsonl"
    _big_file(original, 60_000)
    expected = tmp_path / "expected.jsonl"
    expected.write_bytes(original.read_bytes())
    started = time.perf_counter()
    assert subprocess.run([str(FTLINT), "fix", str(expected)], capture_output=True).returncode == 0
    full = time.perf_counter() - started
    assert expected.read_bytes() != original.read_bytes()
    outcomes = {"original": 0, "fixed": 0}
    rng = random.Random(7)
    target = tmp_path / "work" / "data.jsonl"
    target.parent.mkdir()
    for attempt in range(12):
        target.write_bytes(original.read_bytes())
        process = subprocess.Popen([str(FTLINT), "fix", str(target)], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
        # Half the kills anywhere, half late, when the result is being written and renamed.
        time.sleep(rng.uniform(0.05, full * 1.1) if attempt % 2 else rng.uniform(full * 0.6, full * 1.05))
        os.killpg(process.pid, signal.SIGKILL)  # the command and its workers, mid-write if unlucky
        process.wait()
        content = target.read_bytes()
        if content == original.read_bytes():
            outcomes["original"] += 1
        else:
            assert content == expected.read_bytes(), "a killed fix left a partial file"
            outcomes["fixed"] += 1
        for leftover in target.parent.glob(".data.jsonl.*.ftlint-tmp"):
            leftover.unlink()  # a killed run may leave its temp file beside the target, never in its place
    assert outcomes["original"] > 0, outcomes  # the kills did land before the end


def test_an_edit_changes_nothing_but_its_place(tmp_path: Path) -> None:
    """Integers beyond 64 bits, key order and the other messages survive a role being lowercased."""
    line = ('{"id": 123456789012345678901234567890, "messages": [{"role": "User", "content": "x"}, '
            '{"content": "y", "role": "assistant"}], "score": 0.1}')
    path = tmp_path / "data.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    fixed = fix_path(path, select=["CH001"])
    assert fixed.content.decode() == line.replace('"User"', '"user"') + "\n"
