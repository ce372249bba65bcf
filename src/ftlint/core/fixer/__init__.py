"""The fixer: apply the fixes findings carry, re-check, and repeat until nothing is left to fix.

Each pass checks the current content of every file (together, so dataset rules such as duplicates
see them all), plans the allowed edits per file, and writes each changed file to a scratch copy.
Only when the passes are over does the caller put the results in place (see `commit`), so a run
that is interrupted or fails leaves every input as it was.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ftlint.core.engine.driver import CheckResult
from ftlint.core.findings import Applicability
from ftlint.core.fixer.plan import plan_fixes
from ftlint.core.fixer.rewrite import CannotFix, Reject, original_lines, reject_entry, rewrite
from ftlint.core.jsondoc import deep_records
from ftlint.core.sniff import prepare_file
from ftlint.core.sources import InputFile

MAX_PASSES = 10


@dataclass
class FileFix:
    """What fixing did to one input: where its new content is, and the records it dropped."""

    item: InputFile
    current: Path  # the input itself until a pass changes it, then that pass's scratch copy
    origin: list[int] | None = None  # original line of every current line; None while unchanged
    rejects: list[bytes] = field(default_factory=list)  # rejects-file lines, once fixing is over
    dropped: list[Reject] = field(default_factory=list)
    skipped: str = ""  # why fixes for this file were not applied

    @property
    def changed(self) -> bool:
        return self.origin is not None


@dataclass
class FixOutcome:
    result: CheckResult  # the check of the final content: what is left
    files: list[FileFix]
    fixed: Counter[str]
    passes: int
    converged: bool


@deep_records()  # rewriting reads and writes records with Python's `json`, which recurses
def fix_inputs(
    inputs: list[InputFile],
    check: Callable[[list[InputFile]], CheckResult],
    applicability: frozenset[Applicability],
    scratch: Path,
    forced_format: str | None = None,
    max_passes: int = MAX_PASSES,
    run: str = "",
) -> FixOutcome:
    """Fix `inputs` to a fixed point in scratch copies; the inputs themselves are never written.

    `run` is the id each rejects entry carries (see `commit`).
    """
    files = [FileFix(item, item.path) for item in inputs]
    fixed: Counter[str] = Counter()
    for number in range(1, max_passes + 1):
        result = check([InputFile(f.item.display, f.current) for f in files])
        plans = plan_fixes(result.findings, applicability)
        progressed = False
        for index, state in enumerate(files):
            plan = plans.get(state.item.display)
            if not plan or state.skipped:
                continue
            folder = scratch / f"{index}-{number}"
            folder.mkdir()
            prepared = prepare_file(state.item.display, state.current, folder, forced_format)
            target = folder / "fixed.jsonl"
            try:
                with target.open("wb") as out:
                    done = rewrite(prepared, plan, state.origin, out)
            except CannotFix as reason:
                state.skipped = str(reason)
                continue
            if done.changed:
                progressed = True
                fixed.update(done.fixed)
                state.dropped.extend(done.rejects)
                state.current, state.origin = target, done.origin
        if not progressed:
            return _finish(FixOutcome(result, files, fixed, number, converged=True), scratch, forced_format, run)
    result = check([InputFile(f.item.display, f.current) for f in files])
    settled = not any(plan_fixes(result.findings, applicability).values())
    return _finish(FixOutcome(result, files, fixed, max_passes, converged=settled), scratch, forced_format, run)


def _finish(outcome: FixOutcome, scratch: Path, forced_format: str | None, run: str) -> FixOutcome:
    """Write each dropped line into the rejects as it was in the original file, before any fix edited it."""
    for index, state in enumerate(outcome.files):
        if not state.dropped:
            continue
        folder = scratch / f"{index}-originals"
        folder.mkdir()
        wanted = {reject.line for reject in state.dropped}
        original: dict[int, bytes] = {}
        for number, raw in original_lines(prepare_file(state.item.display, state.item.path, folder, forced_format)):
            if number in wanted:
                original[number] = raw.removesuffix(b"\r")
        state.rejects = [reject_entry(reject, original.get(reject.line, b""), state.item.display, run)
                         for reject in state.dropped]
    return outcome
