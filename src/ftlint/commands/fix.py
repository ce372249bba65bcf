"""`ftlint fix` (and `ftlint check --fix`): apply fixes, put the results in place, report what is left."""

from __future__ import annotations

import difflib
import os
import sys
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ftlint.commands.check import CheckRequest, Run
from ftlint.commands.progress import with_progress
from ftlint.commands.settings import input_excludes
from ftlint.config.model import ConfigError
from ftlint.core.fixer import FileFix, FixOutcome, fix_inputs
from ftlint.core.fixer.commit import Placement, new_run_id, put_in_place
from ftlint.core.fixer.guard import FixRefused, HeldInput
from ftlint.core.fixer.plan import allowed
from ftlint.core.fixer.stale import remove_stale_temps
from ftlint.core.paths import refuse_clobbering
from ftlint.core.sources import STDIN_DISPLAY, InputFile, resolve_inputs
from ftlint.core.textsafe import escape_controls
from ftlint.privacy.masking import mask_line


@dataclass(frozen=True)
class FixRequest:
    check: CheckRequest
    unsafe: bool = False
    diff: bool = False
    output: str | None = None  # write the fixed file here instead of replacing the input
    rejects: str | None = None  # the rejects file instead of PATH.rejects.jsonl
    force: bool = False  # replace read-only and hard-linked files too
    exit_non_zero_on_fix: bool = False  # exit 1 when a file was changed (ruff's flag; pre-commit's convention)


def run_fix(request: FixRequest, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    run = Run.from_flags(request.check.flags, request.check.jobs)
    run.announce()
    run_id = new_run_id()
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="ftlint-") as tmp, ExitStack() as held, \
            with_progress(run.session, request.check.quiet) as session:
        scratch = Path(tmp)
        inputs = resolve_inputs(request.check.paths, scratch, input_excludes(run.settings))
        if not inputs:
            return 0  # every path named is excluded, as `check` says nothing then
        if remote := next((item.display for item in inputs if item.remote), None):
            raise ConfigError(f"{remote}: ftlint fix rewrites local files, and a URL is only read; copy the object "
                              "here, fix it, and upload it again (`ftlint check` reads it where it is)")
        if request.output and len(inputs) != 1:
            raise ConfigError(f"-o/--output takes one input file; {len(inputs)} were given")
        originals = [item.path for item in inputs if item.display != STDIN_DISPLAY]
        refuse_clobbering({"-o": Path(request.output) if request.output else None,
                           "--rejects": Path(request.rejects) if request.rejects else None}, originals)
        # Held from before the first read to the last rename: no other ftlint run fixes them meanwhile.
        guards = {} if request.diff else _hold_inputs(inputs, held)
        if not request.diff:
            notes += _remove_stale_temps(request, inputs)
        passes = scratch / "passes"
        passes.mkdir()
        try:
            outcome = fix_inputs(inputs, lambda items: session.check(items, scratch),
                                 allowed(request.unsafe), passes, run.settings.input_format, run=run_id)
        except OSError as exc:
            if exc.filename is not None and not str(exc.filename).startswith(str(scratch)):
                raise  # about an input: reported with its name
            raise FixRefused(f"could not write the scratch copies the fix works on, in {scratch.parent}: "
                             f"{exc.strerror or exc} (set TMPDIR to a folder with more room); nothing was "
                             "changed") from None
        changed = [state for state in outcome.files if state.changed]
        if request.diff:
            # Personal data is masked in the diff as in every report, whatever rules ran, unless asked for.
            for state in changed:
                _print_diff(state, stdout, not run.target.show_pii, rejects_destination(request, state))
        else:
            placements = _placements(request, outcome.files, guards)
            notes += put_in_place(placements, run_id, request.force, _to_stdout(stdout))
    data_on_stdout = any(s.item.display == STDIN_DISPLAY for s in outcome.files) and not request.output
    report_to = stderr if request.diff or data_on_stdout else stdout
    run.report(outcome.result, report_to, request.check.statistics, request.check.summary)
    _summarise(outcome, request, stderr, run_id, notes)
    if request.diff and changed:
        return 1
    if not outcome.converged:
        return 1
    if request.exit_non_zero_on_fix and changed and not request.diff and not request.check.exit_zero:
        # A changed file fails the run, so the change is looked at (and staged) before a commit, as with
        # ruff; --exit-zero still wins, as there.
        return 1
    return run.exit_code(outcome.result, request.check.exit_zero)


def _hold_inputs(inputs: list[InputFile], held: ExitStack) -> dict[str, HeldInput]:
    """Lock every input that is a file, and note what it is, until `held` closes."""
    guards: dict[str, HeldInput] = {}
    for item in inputs:
        source = Path(item.display)
        if item.display == STDIN_DISPLAY or not source.is_file():
            continue  # a stream was copied whole before anything read it: nothing can change under us
        guard = HeldInput(source, item.display)
        held.callback(guard.release)
        guards[item.display] = guard
    return guards


def _remove_stale_temps(request: FixRequest, inputs: list[InputFile]) -> list[str]:
    """Clear what interrupted runs left beside the files this run may write; a note when there was any."""
    targets = {Path(request.output)} if request.output else set()
    for item in inputs:
        if item.display != STDIN_DISPLAY:
            targets.add(Path(item.display))
        if destination := rejects_destination(request, FileFix(item, item.path)):
            targets.add(destination)
    removed = [path for target in sorted({Path(os.path.realpath(t)) for t in targets})
               for path in remove_stale_temps(target)]
    if not removed:
        return []
    names = ", ".join(str(path) for path in removed)
    return [f"removed {len(removed)} temporary file{'s' if len(removed) > 1 else ''} left by an interrupted run "
            f"({names})"]


def _placements(request: FixRequest, files: list[FileFix], guards: dict[str, HeldInput]) -> list[Placement]:
    """What to write for each file: changed files in place, everything to -o, standard input to stdout."""
    placements = []
    for state in files:
        display = state.item.display
        to_stdout = display == STDIN_DISPLAY and not request.output
        if not state.changed and not request.output and not to_stdout:
            continue
        rejects_file = rejects_destination(request, state)
        if state.rejects and rejects_file is None:
            raise ConfigError("fixing standard input would drop records; name a file for them with --rejects")
        guard = guards.get(display)
        if to_stdout:
            target, shown = None, "standard output"
        elif request.output:
            target, shown = Path(os.path.realpath(request.output)), request.output
        elif guard is None:
            raise FixRefused(f"{display} was read as a stream (a pipe or a device), so it cannot be replaced; "
                             "write the result with -o FILE; nothing was changed")
        else:
            target, shown = Path(os.path.realpath(display)), display  # a link stays a link: its target is fixed
        mode = guard.mode if guard else 0o666  # standard input: a new -o file gets the umask's mode
        placements.append(Placement(display, state.current, target, shown, guard, mode, state.rejects,
                                    rejects_file if state.rejects else None))
    return placements


def _to_stdout(stdout: TextIO) -> Callable[[Path], None]:
    def write(content: Path) -> None:
        stdout.flush()
        sys.stdout.buffer.write(content.read_bytes())
        sys.stdout.buffer.flush()

    return write


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
    before, after = _shown_lines(state.item.path.read_bytes(), mask), _shown_lines(state.current.read_bytes(), mask)
    name = escape_controls(state.item.display)
    stdout.writelines(difflib.unified_diff(before, after, f"a/{name}", f"b/{name}"))
    if state.rejects:
        where = escape_controls(str(rejects)) if rejects else "the rejects file (--rejects)"
        stdout.write(f"# {_records(len(state.rejects))} would go to {where}\n")


def _shown_lines(data: bytes, mask: bool) -> list[str]:
    """A file's lines as the diff shows them, each ending in one LF.

    Split at LF only (a U+2028 inside a JSON string ends no line); personal data masked when asked,
    credentials always (both sides alike, so an unchanged line stays unchanged); then control characters escaped, a
    CR included, so that a line of the data can neither drive the terminal nor pass for a diff line.
    """
    lines = data.decode("utf-8", "replace").split("\n")
    if lines[-1] == "":
        lines.pop()  # the file ends with a line end: nothing after it
    lines = [mask_line(line, personal=mask) for line in lines]  # credentials even with `--show-pii`
    return [escape_controls(line) + "\n" for line in lines]


def _summarise(outcome: FixOutcome, request: FixRequest, stderr: TextIO, run: str, notes: list[str]) -> None:
    diff = request.diff
    total = sum(outcome.fixed.values())
    verb = "Would fix" if diff else "Fixed"
    by_code = ", ".join(f"{code} x{count}" for code, count in sorted(outcome.fixed.items()))
    left = len(outcome.result.findings)
    stderr.write(f"{verb} {total} finding(s){f' ({by_code})' if by_code else ''}; {left} left.\n")
    moved = "would be moved" if diff else "moved"
    for state in sorted((s for s in outcome.files if s.rejects), key=lambda s: s.item.display):
        destination = rejects_destination(request, state)
        where = escape_controls(str(destination)) if destination else "a rejects file (name it with --rejects)"
        as_run = "" if diff else f", as run {run}"  # every entry carries it: a cut-short run's can be told apart
        stderr.write(f"{escape_controls(state.item.display)}: {_records(len(state.rejects))} {moved} to {where} "
                     f"(line, rule and reason for each){as_run}\n")
    for note in notes:
        stderr.write(f"ftlint: {escape_controls(note)}\n")
    for state in outcome.files:
        if state.skipped:
            stderr.write(f"{escape_controls(state.item.display)}: not fixed: {escape_controls(state.skipped)}\n")
    if not outcome.converged:
        stderr.write(f"ftlint: fixes did not settle after {outcome.passes} passes; the files hold the last "
                     "pass, and what is left is reported above. Please report this as a bug.\n")
