"""Shared test helpers: run the real console script, or the engine in-process with given settings."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import orjson
import pytest

from ftlint.config.loader import resolve
from ftlint.config.model import Settings
from ftlint.config.session import build_session
from ftlint.core.engine.driver import CheckResult
from ftlint.core.fixer import FixOutcome, fix_inputs
from ftlint.core.fixer.plan import allowed
from ftlint.core.session import Session
from ftlint.core.sources import resolve_inputs

# Verdicts that depend on the date (a retired model, OpenAI's wind-down note) are tested on a fixed day,
# the one the dates in rules/models.toml were last read; tests that need another day set it themselves.
os.environ["FTLINT_TODAY"] = "2026-12-05"

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
FTLINT = Path(sys.executable).parent / "ftlint"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: Path | None = None, stdin: bytes | None = None, env: dict[str, str] | None = None,
            timeout: float = 120) -> Run:
    """Run the installed `ftlint` console script, as a user would."""
    # GitHub Actions changes the default output format (to `github`): a test asks for it by name.
    merged = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"} | (env or {})
    done = subprocess.run([str(FTLINT), *args], cwd=cwd, input=stdin, capture_output=True, timeout=timeout,
                          env=merged)
    return Run(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"))


def session_for(profile: str = "openai", *, jobs: int | None = 1, executor: object = None,
                **settings: object) -> Session:
    """The session a command builds, for `settings` layered over `profile`."""
    return build_session(resolve(Settings(**settings), REPO, profile), profile, jobs=jobs,
                         executor=executor)  # type: ignore[arg-type]


def check_paths(paths: list[Path], *, profile: str = "openai", jobs: int | None = 1, chunk_bytes: int | None = None,
                input_format: str | None = None, in_process_bytes: int | None = None, executor: object = None,
                **settings: object) -> CheckResult:
    """Check `paths` in-process (or on `executor`) as the commands do, with `settings` layered over `profile`."""
    if input_format is not None:
        settings["input_format"] = input_format
    session = session_for(profile, jobs=jobs, executor=executor, **settings)
    sizes: dict[str, int] = {"in_process_bytes": in_process_bytes} if in_process_bytes is not None else {}
    with tempfile.TemporaryDirectory() as scratch:  # spooled streams go here, as in the command
        inputs = resolve_inputs([str(p) for p in paths], Path(scratch))
        return session.check(inputs, chunk_bytes=chunk_bytes, **sizes)


def write_table(frame: object, path: Path, kind: str) -> None:
    """Write a polars DataFrame as a CSV, TSV, Parquet or XLSX file (XLSX needs xlsxwriter, a test extra)."""
    if kind == "csv":
        frame.write_csv(path)  # type: ignore[attr-defined]
    elif kind == "tsv":
        frame.write_csv(path, separator="\t")  # type: ignore[attr-defined]
    elif kind == "parquet":
        frame.write_parquet(path)  # type: ignore[attr-defined]
    else:
        frame.write_excel(path)  # type: ignore[attr-defined]


@pytest.fixture
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write bytes or text to a file under tmp_path and return its path."""

    def _write(name: str, content: bytes | str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return _write


@dataclass
class Fixed:
    content: bytes  # the file after fixing (the input's bytes when nothing changed)
    rejects: list[dict[str, object]]
    outcome: FixOutcome


def fix_path(path: Path, *, unsafe: bool = False, profile: str = "openai", **settings: object) -> Fixed:
    """Run the fixer in-process on one file; the file itself is left as it was."""
    session = session_for(profile, **settings)
    with tempfile.TemporaryDirectory() as scratch:
        inputs = resolve_inputs([str(path)], Path(scratch))
        outcome = fix_inputs(inputs, session.check, allowed(unsafe), Path(scratch), session.input_format)
        state = outcome.files[0]
        content = state.current.read_bytes()
    return Fixed(content, [orjson.loads(line) for line in state.rejects], outcome)


# CI installs every optional piece (.ci/run): there, a test that skips for want of one has not tested what
# it claims to, so a skip is a failure. Elsewhere the skip stands, with its reason.
_SKIPS_FAIL = os.environ.get("CI") == "true"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if _SKIPS_FAIL and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under CI, where every optional piece is installed: {report.longrepr}"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):  # type: ignore[no-untyped-def]
    outcome = yield  # a module's `importorskip` skips the whole module at collection
    report = outcome.get_result()
    if _SKIPS_FAIL and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"skipped under CI, where every optional piece is installed: {report.longrepr}"
