"""`ftlint split`: cut train, validation (and test) files that cannot leak into each other.

The inputs are read as `check` reads them, on the session's executor, computing only the columns the
split needs (record hash, grouping key, class label, near-duplicate sketch: `SplitPlan.features`).
`split_table` places each group of records by a seeded hash (`ftlint.split`); then every line of
each input is copied, byte for byte, into NAME.train.jsonl, NAME.valid.jsonl or NAME.test.jsonl,
through the fixer's atomic placement. A line that is not a record (invalid JSON, not an object) goes
to NAME.rejects.jsonl with its line and reason; blank lines hold nothing and are left out.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import orjson

from ftlint.commands.convert import conversion_session
from ftlint.commands.progress import with_progress
from ftlint.commands.settings import Flags
from ftlint.config.model import ConfigError
from ftlint.core.fixer.commit import Placement, new_run_id, put_in_place
from ftlint.core.fixer.rewrite import Reject, reject_entry
from ftlint.core.paths import dataset_stem, refuse_clobbering
from ftlint.core.sniff import PreparedFile
from ftlint.core.sources import NOTHING_LEFT, STDIN_DISPLAY, InputError, InputFile, resolve_inputs
from ftlint.core.textsafe import escape_controls
from ftlint.privacy.masking import mask_labels
from ftlint.split import SPLIT_NAMES, SplitPlan, split_table

REJECT_CODE = "split"
_NO_RECORD = 255  # a line's split when it holds no record


@dataclass(frozen=True)
class SplitRequest:
    paths: list[str]
    flags: Flags
    plan: SplitPlan
    output: str | None = None  # a folder; default: beside each input
    jobs: int | None = None
    json: bool = False
    force: bool = False
    show_pii: bool = False
    quiet: bool = False  # no progress display


@dataclass
class _Written:
    """What one input became: a file per split, and the lines that were not records."""

    item: InputFile
    targets: dict[str, tuple[Path, str]]  # split -> (where, as shown)
    contents: dict[str, Path] = field(default_factory=dict)  # split -> its lines, in scratch
    counts: Counter[str] = field(default_factory=Counter)
    rejects: list[bytes] = field(default_factory=list)
    rejects_file: tuple[Path, str] | None = None


def run_split(request: SplitRequest, stdout: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    session, _, excludes = conversion_session(request.flags, request.jobs)
    plan = request.plan
    session = session.with_features(plan.features(session.target))
    run_id = new_run_id()
    with tempfile.TemporaryDirectory(prefix="ftlint-") as tmp, with_progress(session, request.quiet) as session:
        scratch = Path(tmp)
        inputs = resolve_inputs(request.paths, scratch, excludes)
        if not inputs:
            raise InputError(NOTHING_LEFT.format(verb="split"))
        if any(item.display == STDIN_DISPLAY for item in inputs) and request.output is None:
            raise ConfigError("splitting standard input writes files: name their folder with -o DIR")
        if any(item.remote for item in inputs) and request.output is None:
            raise ConfigError("a URL is only read: name the local folder the splits go to with -o DIR")
        outputs = [_targets(request, item, plan) for item in inputs]
        shown = [path for targets in outputs for _, path in targets.values()]
        if len(set(shown)) < len(shown):
            raise ConfigError("two inputs have the same name, so their split files would be the same; split them "
                              "one at a time, or into different folders with -o")
        refuse_clobbering({"-o": Path(request.output) if request.output else None},
                          [item.path for item in inputs if item.display != STDIN_DISPLAY and not item.remote])
        prepared = session.prepare(inputs, scratch / "prepared", for_the_driver=True)
        result = session.check(inputs, scratch)
        if result.table is None or not result.records:
            raise ConfigError("no records to split: " + ", ".join(item.display for item in inputs))
        split = split_table(result.table, plan, session.target)
        written = [_write(index, item, prepared[index], split.rows, targets, scratch, run_id)
                   for index, (item, targets) in enumerate(zip(inputs, outputs, strict=True))]
        placements = [placement for each in written for placement in _placements(each)]
        notes = put_in_place(placements, run_id, request.force, lambda content: None)
    summary = split.summary
    if summary.classes:  # class labels are quoted from the data (credentials masked even with `--show-pii`)
        summary.classes = mask_labels(summary.classes, personal=not request.show_pii)
    _report(summary, written, notes, stdout, request.json)
    return 0


def _targets(request: SplitRequest, item: InputFile, plan: SplitPlan) -> dict[str, tuple[Path, str]]:
    folder = Path(request.output) if request.output else Path(item.display).parent
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"-o {request.output}: split writes a file per split into a folder, and this is a file")
    folder.mkdir(parents=True, exist_ok=True)
    stem = dataset_stem(item.display if item.display != STDIN_DISPLAY else "stdin")
    wanted = ["train", "valid", *(["test"] if plan.test else [])]
    return {name: ((folder / f"{stem}.{name}.jsonl").resolve(), str(folder / f"{stem}.{name}.jsonl"))
            for name in wanted}


def _write(index: int, item: InputFile, prepared: PreparedFile, rows: Any, targets: dict[str, tuple[Path, str]],
           scratch: Path, run_id: str) -> _Written:
    """Copy each line of one input into the file of its split."""
    import polars as pl

    mine = rows.filter(pl.col("file") == index)
    last = int(mine["line"].max() or 0) if mine.height else 0
    split_of = bytearray([_NO_RECORD]) * (last + 1)
    for line, split in zip(mine["line"].to_list(), mine["split"].to_list(), strict=True):
        split_of[line] = split
    written = _Written(item, targets, {name: scratch / f"{index}.{name}.jsonl" for name in targets})
    outs = {name: path.open("wb") for name, path in written.contents.items()}
    try:
        for number, raw, ending in _lines(prepared):
            split = split_of[number] if number < len(split_of) else _NO_RECORD
            if split == _NO_RECORD:
                if raw.strip():
                    reason = "not a record (invalid JSON, or not a JSON object): `ftlint check` says why"
                    # The line without its end, as the fixer's rejects entries hold it.
                    written.rejects.append(reject_entry(Reject(number, REJECT_CODE, reason), raw.removesuffix(b"\r"),
                                                       item.display, run_id))
                continue
            name = SPLIT_NAMES[split]
            outs[name].write(raw + ending)
            written.counts[name] += 1
    finally:
        for out in outs.values():
            out.close()
    if written.rejects:
        stem = targets["train"][1].removesuffix(".train.jsonl")
        written.rejects_file = (Path(f"{stem}.rejects.jsonl").resolve(), f"{stem}.rejects.jsonl")
    return written


def _lines(prepared: PreparedFile) -> Iterator[tuple[int, bytes, bytes]]:
    """Each line of the file's text with its number (as the check numbers it) and its line end; a JSON
    array's or document's records, one per line."""
    if prepared.documents is not None:
        for line in prepared.documents:
            yield line.number, orjson.dumps(line.value) if line.error is None else line.raw, b"\n"
        return
    number, tail = 0, b""
    with prepared.data_path.open("rb") as handle:
        handle.seek(prepared.start)
        remaining = prepared.end - prepared.start
        while remaining > 0 and (block := handle.read(min(1 << 20, remaining))):
            remaining -= len(block)
            pieces = (tail + block).split(b"\n")
            tail = pieces.pop()
            for piece in pieces:
                number += 1
                yield number, piece, b"\n"
    if tail:
        yield number + 1, tail, b""


def _placements(written: _Written) -> list[Placement]:
    """A placement per split file; the lines that were not records go with the training file's."""
    placements = []
    for name, (target, shown) in written.targets.items():
        placement = Placement(written.item.display, written.contents[name], target, shown, None, 0o666)
        if name == "train" and written.rejects and written.rejects_file:
            placement.rejects, placement.rejects_file = list(written.rejects), written.rejects_file[0]
        placements.append(placement)
    return placements


def _report(summary: Any, written: list[_Written], notes: list[str], out: TextIO, as_json: bool) -> None:
    files = [{"input": w.item.display, "outputs": {name: shown for name, (_, shown) in w.targets.items()},
              "records": dict(w.counts), "rejected": len(w.rejects),
              "rejects_file": w.rejects_file[1] if w.rejects_file else None} for w in written]
    if as_json:
        out.write(orjson.dumps({**summary.to_dict(), "files": files, "notes": notes},
                               option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    out.writelines(escape_controls(line) + "\n" for line in summary.to_text().split("\n"))
    for each in files:
        shown = ", ".join(f"{escape_controls(path)} ({each['records'].get(name, 0):,})"
                          for name, path in each["outputs"].items())
        out.write(f"{escape_controls(each['input'])} -> {shown}\n")
        if each["rejected"]:
            out.write(f"  {each['rejected']:,} lines that are not records moved to "
                      f"{escape_controls(each['rejects_file'])} (line and reason for each)\n")
    for note in notes:
        out.write(f"ftlint: {escape_controls(note)}\n")

