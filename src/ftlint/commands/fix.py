"""`ftlint fix` (and `ftlint check --fix`): apply fixes, put the results in place, report what is left."""

from __future__ import annotations

import difflib
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ftlint.commands.check import CheckRequest, Engine
from ftlint.config.model import ConfigError
from ftlint.core.fixer import FileFix, FixOutcome, fix_inputs
from ftlint.core.fixer.atomic import append_durably, replace_atomically
from ftlint.core.fixer.plan import allowed
from ftlint.core.paths import refuse_clobbering
from ftlint.core.sources import STDIN_DISPLAY, resolve_inputs
from ftlint.privacy.masking import mask_line


@dataclass(frozen=True)
class FixRequest:
    check: CheckRequest
    unsafe: bool = False
    diff: bool = False
    output: str | None = None  # write the fixed file here instead of replacing the input
    rejects: str | None = None  # the rejects file instead of PATH.rejects.jsonl


def run_fix(request: FixRequest, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    engine = Engine.from_flags(request.check.flags)
    engine.announce()
    with tempfile.TemporaryDirectory(prefix="ftlint-") as tmp:
        scratch = Path(tmp)
        inputs = resolve_inputs(request.check.paths, scratch)
        if request.output and len(inputs) != 1:
            raise ConfigError(f"-o/--output takes one input file; {len(inputs)} were given")
        originals = [item.path for item in inputs if item.display != STDIN_DISPLAY]
        refuse_clobbering({"-o": Path(request.output) if request.output else None,
                           "--rejects": Path(request.rejects) if request.rejects else None}, originals)
        passes = scratch / "passes"
        passes.mkdir()
        outcome = fix_inputs(inputs, lambda items: engine.check(items, request.check.jobs, scratch),
                             allowed(request.unsafe), passes, engine.settings.input_format)
        changed = [state for state in outcome.files if state.changed]
        if request.diff:
            # Personal data is masked in the diff as in every report, whatever rules ran, unless asked for.
            for state in changed:
                _print_diff(state, stdout, not engine.target.show_pii, rejects_destination(request, state))
        else:
            _put_in_place(request, outcome.files, stdout)
    data_on_stdout = any(s.item.display == STDIN_DISPLAY for s in outcome.files) and not request.output
    report_to = stderr if request.diff or data_on_stdout else stdout
    engine.report(outcome.result, report_to, request.check.statistics)
    _summarise(outcome, request, stderr)
    if request.diff and changed:
        return 1
    if not outcome.converged:
        return 1
    return engine.exit_code(outcome.result, request.check.exit_zero)


def _put_in_place(request: FixRequest, files: list[FileFix], stdout: TextIO) -> None:
    """Rejects first (appended and synced), then each fixed file by an atomic rename."""
    for state in files:
        to_stdout = state.item.display == STDIN_DISPLAY and not request.output
        if not state.changed and not request.output and not to_stdout:
            continue
        target = Path(request.output) if request.output else state.item.path
        if state.rejects:
            destination = rejects_destination(request, state)
            if destination is None:
                raise ConfigError("fixing standard input would drop records; name a file for them with --rejects")
            append_durably(destination, state.rejects)
        if to_stdout:
            stdout.flush()
            sys.stdout.buffer.write(state.current.read_bytes())
            sys.stdout.buffer.flush()
        else:
            replace_atomically(target, state.current)


def rejects_destination(request: FixRequest, state: FileFix) -> Path | None:
    """Where a file's dropped records go: --rejects, else beside the file written (the output with
    -o, since the input is left as it was), named after it; None for standard input fixed to stdout.

    The path is as the user wrote the file's (relative stays relative), so it can be opened as shown.
    """
    if request.rejects:
        return Path(request.rejects)
    if request.output:
        return rejects_path(Path(request.output))
    if state.item.display == STDIN_DISPLAY:
        return None
    return rejects_path(state.item.path)


def rejects_path(target: Path) -> Path:
    """`data.jsonl` → `data.rejects.jsonl` beside it (directory checks skip such files)."""
    stem = target.name.removesuffix(".jsonl")
    return target.with_name(f"{stem}.rejects.jsonl")


def _records(count: int) -> str:
    return f"{count:,} record" + ("" if count == 1 else "s")


def _print_diff(state: FileFix, stdout: TextIO, mask: bool, rejects: Path | None) -> None:
    before = state.item.path.read_bytes().decode("utf-8", "replace").splitlines(keepends=True)
    after = state.current.read_bytes().decode("utf-8", "replace").splitlines(keepends=True)
    if mask:  # both sides alike, so an unchanged line stays unchanged
        before, after = [mask_line(line) for line in before], [mask_line(line) for line in after]
    name = state.item.display
    stdout.writelines(difflib.unified_diff(before, after, f"a/{name}", f"b/{name}"))
    if state.rejects:
        stdout.write(f"# {_records(len(state.rejects))} would go to {rejects or 'the rejects file (--rejects)'}\n")


def _summarise(outcome: FixOutcome, request: FixRequest, stderr: TextIO) -> None:
    diff = request.diff
    total = sum(outcome.fixed.values())
    verb = "Would fix" if diff else "Fixed"
    by_code = ", ".join(f"{code} x{count}" for code, count in sorted(outcome.fixed.items()))
    left = len(outcome.result.findings)
    stderr.write(f"{verb} {total} finding(s){f' ({by_code})' if by_code else ''}; {left} left.\n")
    moved = "would be moved" if diff else "moved"
    for state in sorted((s for s in outcome.files if s.rejects), key=lambda s: s.item.display):
        destination = rejects_destination(request, state) or "a rejects file (name it with --rejects)"
        stderr.write(f"{state.item.display}: {_records(len(state.rejects))} {moved} to {destination} "
                     "(line, rule and reason for each)\n")
    for state in outcome.files:
        if state.skipped:
            stderr.write(f"{state.item.display}: not fixed: {state.skipped}\n")
    if not outcome.converged:
        stderr.write(f"ftlint: fixes did not settle after {outcome.passes} passes; the files hold the last "
                     "pass, and what is left is reported above. Please report this as a bug.\n")
