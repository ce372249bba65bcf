"""Timing harness for the benchmark: the programs under test, how to run them and how to judge a run.

Every measurement is the wall-clock time of a fresh process (`time.perf_counter` around
`subprocess.run`), so interpreter start-up and imports count, exactly as a user waiting for the command
experiences them.  Repeated runs are interleaved (round 1 of every program, then round 2, ...) so a
slow patch on this noisy 2-core machine hurts all programs alike instead of one of them.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

HERE = Path(__file__).resolve().parent
TOGETHER_VERSION = "1.5.34"
TIMEOUT = 3600  # seconds; generous enough for the 1 GB file, but a hung program cannot stall forever

# The Together SDK prints an upgrade banner unless told not to; keep its output parseable.
ENV: dict[str, str] = {**os.environ, "TOGETHER_NO_BANNER": "1"}


def use_bytecode_cache(work: Path) -> None:
    """Let every timed program cache bytecode under WORK/pycache, as a pip-installed package would.

    This machine exports PYTHONDONTWRITEBYTECODE, which makes each run recompile the modules that have
    no .pyc (ftlint's editable sources): a start-up cost no installed user pays.  The prefix keeps the
    .pyc files out of the source tree.  The first run of each program fills the cache; best-of-N and
    the interleaved rounds absorb that.
    """
    ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    ENV["PYTHONPYCACHEPREFIX"] = str(work / "pycache")


_TOGETHER_SNIPPET = (
    "from together.utils.files import check_file; import json,sys; r=check_file(sys.argv[1]); "
    "print(json.dumps({k: r.get(k) for k in ('is_check_passed', 'line_number', 'num_samples', 'message')}))"
)


@dataclass
class Result:
    """All runs of one program on one dataset."""

    times: list[float] = field(default_factory=list)
    ok: bool = True
    error: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def best(self) -> float | None:
        return min(self.times) if self.ok and self.times else None


Judge = Callable[[subprocess.CompletedProcess[str]], tuple[str | None, dict[str, Any]]]


@dataclass
class Program:
    """A command to time and a judge that returns (error or None, details) for a finished run."""

    key: str
    label: str
    command: Callable[[Path], list[str]]
    judge: Judge
    primed: bool = False  # run once, untimed, before the rounds (the cached check fills its cache)


def _tail(text: str, lines: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def _last_json(stdout: str) -> Any:
    lines = stdout.strip().splitlines()
    return orjson.loads(lines[-1]) if lines else None


def judge_ref(cp: subprocess.CompletedProcess[str]) -> tuple[str | None, dict[str, Any]]:
    if cp.returncode != 0:
        return f"exit {cp.returncode}\n{_tail(cp.stderr)}", {}
    return None, _last_json(cp.stdout)


def judge_together(cp: subprocess.CompletedProcess[str]) -> tuple[str | None, dict[str, Any]]:
    if cp.returncode != 0:
        return f"exit {cp.returncode}\n{_tail(cp.stderr)}", {}
    report = _last_json(cp.stdout)
    # check_file stops at the first invalid line; a JSON decode error reports the line only in its text.
    if report.get("line_number") is None and (m := re.search(r"line (\d+)", report.get("message") or "")):
        report["line_number"] = int(m.group(1))
    return None, report


def judge_ftlint(cp: subprocess.CompletedProcess[str]) -> tuple[str | None, dict[str, Any]]:
    # Exit 1 only means "findings exist"; 2 (usage/internal error) or anything else is a failure.  An
    # uncaught Python exception also exits 1, so a traceback on stderr marks a crash too.
    if cp.returncode not in (0, 1) or "Traceback (most recent call last)" in cp.stderr:
        return f"exit {cp.returncode}\n{_tail(cp.stderr, 30)}", {}
    detail: dict[str, Any] = {"returncode": cp.returncode, "stdout_bytes": len(cp.stdout)}
    # Human-readable output (the cold-start run) or unknown JSON just yields no finding counts.
    with contextlib.suppress(orjson.JSONDecodeError):
        detail.update(summarize_ftlint_json(orjson.loads(cp.stdout)))
    return None, detail


def summarize_ftlint_json(doc: Any) -> dict[str, Any]:
    """Best-effort: the number of findings and their count per rule, whatever the exact JSON layout."""
    findings = doc if isinstance(doc, list) else doc.get("findings") if isinstance(doc, dict) else None
    if not isinstance(findings, list):
        return {}
    per_rule: dict[str, int] = {}
    for finding in findings:
        if isinstance(finding, dict):
            rule = " ".join(str(finding[k]) for k in ("code", "name") if finding.get(k)) or "?"
            per_rule[rule] = per_rule.get(rule, 0) + 1
    return {"findings": len(findings), "findings_per_rule": dict(sorted(per_rule.items()))}


def judge_exit0(cp: subprocess.CompletedProcess[str]) -> tuple[str | None, dict[str, Any]]:
    return (None, {}) if cp.returncode == 0 else (f"exit {cp.returncode}\n{_tail(cp.stderr)}", {})


def run_once(cmd: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    t0 = time.perf_counter()
    try:
        cp = subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        cp = subprocess.CompletedProcess(cmd, -9, "", f"timed out after {exc.timeout} s")
    except OSError as exc:  # e.g. the executable does not exist (yet)
        cp = subprocess.CompletedProcess(cmd, 127, "", str(exc))
    return time.perf_counter() - t0, cp


Judge = Callable[[subprocess.CompletedProcess[str]], tuple[str | None, dict[str, Any]]]


def attempt(res: Result, cmd: list[str], judge: Judge, label: str, log: Callable[[str], None]) -> float | None:
    """Run `cmd` once and record its time in `res`; on failure mark `res` failed and return None."""
    seconds, cp = run_once(cmd)
    error, detail = judge(cp)
    if error:
        res.ok, res.error = False, error
        log(f"    {label}: FAILED ({error.splitlines()[0]})\n{_indent(error)}")
        return None
    res.times.append(seconds)
    res.detail = detail
    return seconds


def measure(programs: list[Program], path: Path, repeats: int, log: Callable[[str], None]) -> dict[str, Result]:
    """Run each program `repeats` times on `path`, interleaved; a program that fails is not retried."""
    warm_cache(path)
    results = {p.key: Result() for p in programs}
    for prog in programs:
        if prog.primed:
            shutil.rmtree(_out(path) / "cache", ignore_errors=True)
            run_once(prog.command(path))
    for round_no in range(1, repeats + 1):
        for prog in programs:
            res = results[prog.key]
            if not res.ok:
                continue
            seconds = attempt(res, prog.command(path), prog.judge, prog.label, log)
            if seconds is not None:
                log(f"    round {round_no}  {prog.label:<22} {seconds:8.3f} s")
    return results


def _indent(text: str) -> str:
    return "\n".join("      | " + line for line in text.splitlines()[1:])


def warm_cache(path: Path) -> None:
    """Read the file once so the first timed program does not pay for disk reads the others skip."""
    with path.open("rb", buffering=0) as f:
        while f.read(16 << 20):
            pass


def ensure_together(work: Path, log: Callable[[str], None]) -> tuple[Path | None, str]:
    """A venv with together==TOGETHER_VERSION under `work`, installed once: (python or None, note)."""
    venv = work / "together-venv"
    python = venv / "bin" / "python"
    marker = venv / f".installed-together-{TOGETHER_VERSION}"
    if marker.exists() and python.exists():
        return python, "reused"
    log(f"  installing together=={TOGETHER_VERSION} into {venv} (once) ...")
    base = shutil.which("python3") or sys.executable
    steps = [
        [base, "-m", "venv", str(venv)],
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", f"together=={TOGETHER_VERSION}"],
        [str(python), "-c", "import together.utils.files"],
    ]
    for step in steps:
        _, cp = run_once(step)
        if cp.returncode != 0:
            return None, f"`{' '.join(step[-3:])}` failed (exit {cp.returncode}):\n{_tail(cp.stdout + cp.stderr)}"
    marker.touch()
    return python, "installed"


def programs(python: str, ftlint: str, together_python: Path | None) -> list[Program]:
    """The programs timed on every dataset, in the order they run within a round."""
    ref = str(HERE / "ref_parse.py")
    progs = [
        Program("parse", "(a) parse-only", lambda p: [python, ref, str(p)], judge_ref),
        Program("tokens", "(b) parse+o200k count", lambda p: [python, ref, str(p), "--tokens"], judge_ref),
    ]
    if together_python is not None:
        tp = str(together_python)
        progs.append(
            Program("together", "(c) together check", lambda p: [tp, "-c", _TOGETHER_SNIPPET, str(p)], judge_together)
        )
    progs.append(
        Program(
            "ftlint", "(d) ftlint check", lambda p: [ftlint, "check", str(p), "--output-format", "json"], judge_ftlint
        )
    )
    # The same check without the PI rules: what the privacy screen (and presidio, where text passes it) costs.
    progs.append(
        Program(
            "nopii", "(f) ftlint check, PI ignored",
            lambda p: [ftlint, "check", str(p), "--output-format", "json", "--ignore", "PI"], judge_ftlint,
        )
    )
    # Exact token counts of every record, with the check: compared with (b), which also tokenizes everything.
    progs.append(Program("stats", "(e) ftlint stats", lambda p: [ftlint, "stats", str(p)], judge_exit0))
    # The two commands that write: each compared with the check of the same file (issue 15). Their
    # outputs go to a folder beside the data, replaced at every run.
    progs.append(Program(
        "convert", "(g) ftlint convert",
        lambda p: [ftlint, "convert", str(p), "--to", "trl_messages", "-o", str(_out(p) / "converted.jsonl"),
                   "--output-format", "json"], judge_ftlint))
    progs.append(Program(
        "split", "(h) ftlint split",
        lambda p: [ftlint, "split", str(p), "--valid", "0.1", "-o", str(_out(p)), "--output-format", "json"],
        judge_ftlint))
    # A repeated check of the unchanged file with the result cache (issue 16): an untimed first run fills
    # the cache, the timed rounds read it; compared with (d).
    progs.append(Program(
        "cached", "(i) ftlint check, cached",
        lambda p: [ftlint, "check", str(p), "--output-format", "json", "--cache-dir", str(_out(p) / "cache")],
        judge_ftlint, primed=True))
    return progs


def _out(data: Path) -> Path:
    folder = data.parent / f"{data.stem}.out"
    folder.mkdir(exist_ok=True)
    return folder
