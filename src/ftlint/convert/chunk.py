"""The chunk function of `ftlint convert`: one byte range of a file in, its converted records out.

It runs wherever the session's executor puts it (this process, a worker process, later Ray), like
the check's: it reads its task's lines, converts each record with `convert`, writes the converted
lines to a part file of its own in the job's folder (so that the records never travel back through
a pipe and memory stays bounded by a chunk), and returns what it dropped and why. The driver joins
the parts in the order of the chunks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from ftlint.convert.api import convert
from ftlint.convert.options import Options
from ftlint.convert.result import Rejected
from ftlint.convert.writers import OUTPUTS
from ftlint.core.engine.pack import RulePack
from ftlint.core.engine.worker import ChunkTask, check_lines
from ftlint.core.findings import Severity
from ftlint.core.formats import record_format
from ftlint.core.records import Line


@dataclass(frozen=True)
class ConvertJob:
    """What every chunk of a conversion shares: each file's output format, the options, where parts
    go, and for each output format the record checks of its target (`ftlint check --profile P` on
    one record: the rules that can reject it, the dataset-wide ones aside)."""

    outputs: tuple[str, ...]  # by file index
    options: Options
    # A folder on a disk the workers share with the driver; "" when they share none (a Ray cluster's nodes):
    # then each chunk's converted lines travel back in its result.
    parts: str
    checks: Mapping[str, RulePack] = field(default_factory=dict)  # by output format


@dataclass(frozen=True)
class Dropped:
    line: int  # within the chunk, from 1
    reason: str
    raw: bytes  # the line exactly as it was


@dataclass
class ConvertedChunk:
    file_index: int
    lines: int = 0
    written: int = 0
    blank: int = 0
    part: str = ""  # the file of the converted lines, in order ("" when they are in `data`)
    data: bytes = b""  # the converted lines, when the job has no shared folder for parts
    dropped: list[Dropped] = field(default_factory=list)
    notes: Counter[str] = field(default_factory=Counter)  # lossy changes, with how many records had each

    def absorb(self, later: ConvertedChunk) -> None:
        """Take in the result of the chunk right after this one (a streamed file's next piece)."""
        base = self.lines
        self.dropped.extend(Dropped(item.line + base, item.reason, item.raw) for item in later.dropped)
        self.lines += later.lines
        self.written += later.written
        self.blank += later.blank
        self.data += later.data
        self.notes.update(later.notes)


def convert_chunk(job: ConvertJob, task: ChunkTask) -> ConvertedChunk:
    """Convert the lines of one chunk; line numbers in the result count from 1 within the chunk."""
    raws = task.read().split(b"\n")
    if raws[-1] == b"":
        raws.pop()  # the chunk ends with a newline: nothing after it
    result = ConvertedChunk(task.file_index, lines=len(raws))
    records: list[Parsed] = []
    for number, raw in enumerate(raws, start=1):
        if not raw.strip():
            result.blank += 1  # a blank line holds no record: nothing to convert, nothing lost
            continue
        try:
            records.append(Parsed(number, raw, orjson.loads(raw)))
        except orjson.JSONDecodeError as error:
            records.append(Parsed(number, raw, None, f"not valid JSON ({error.msg})"))
    out = convert_records(job, job.outputs[task.file_index], task.file_format, records, result)
    if job.parts:
        result.part = write_part(Path(job.parts) / f"{task.file_index}-{task.start}.jsonl", out)
    else:
        result.data = b"".join(out)
    return result


@dataclass(frozen=True)
class Parsed:
    """A record to convert: its line, its bytes, and its value (or why it has none)."""

    line: int
    raw: bytes
    value: Any
    error: str | None = None


def convert_records(job: ConvertJob, to: str, file_format: str | None, records: list[Parsed],
                    result: ConvertedChunk) -> list[bytes]:
    """The converted lines of `records`, in order; what cannot be converted, or would fail the output's
    check, goes to `result.dropped` with the reason, and the notes on lossy changes to `result.notes`."""
    written: list[tuple[Parsed, bytes, tuple[str, ...]]] = []
    for record in records:
        converted = Rejected(record.error) if record.error else convert_value(record.value, to, job.options,
                                                                             file_format)
        if isinstance(converted, Rejected):
            result.dropped.append(Dropped(record.line, converted.reason, record.raw))
        else:
            written.append((record, *converted))
    failed = check_written(job.checks.get(to), to, [line for _, line, _ in written])
    out = []
    for index, (record, line, notes) in enumerate(written):
        if index in failed:
            result.dropped.append(Dropped(record.line, failed[index], record.raw))
        else:
            out.append(line)
            result.notes.update(notes)
    result.dropped.sort(key=lambda dropped: dropped.line)
    result.written += len(out)
    return out


def convert_value(value: Any, to: str, options: Options,
                  file_format: str | None) -> tuple[bytes, tuple[str, ...]] | Rejected:
    """One parsed record as a converted JSON line with the notes on what changed, or why it cannot be
    converted."""
    if not isinstance(value, dict):
        return Rejected(f"not a JSON object but {_kind(value)}")
    # The record is read as the check reads it (the file's format when it has its keys), unless a
    # column mapping renames keys first: then its format is known only after the mapping.
    source = None if options.columns else record_format(value, file_format)
    converted = convert(value, to, source=source, options=options)
    if isinstance(converted, Rejected):
        return converted
    return orjson.dumps(converted.record) + b"\n", converted.notes


def check_written(pack: RulePack | None, to: str, lines: list[bytes]) -> dict[int, str]:
    """The converted lines (by index) that the output's target would reject, each with the first error:
    what convert writes passes `ftlint check --profile P` record by record. (The checks a whole
    dataset needs, such as a minimum number of examples, are the check's to make.)"""
    if pack is None or not lines:
        return {}
    output = OUTPUTS[to]
    task = ChunkTask(0, "", "", 0, 0, output.checks_as)
    numbered = (Line(index, -1, line.rstrip(b"\n"), b"\n") for index, line in enumerate(lines, start=1))
    failed: dict[int, str] = {}
    for finding in check_lines(pack, task, numbered).findings:
        if finding.severity is Severity.ERROR and finding.line - 1 not in failed:
            where = f" at {finding.pointer}" if finding.pointer else ""
            failed[finding.line - 1] = (f"written as {to}, it fails `ftlint check --profile {output.profile}`: "
                                        f"{finding.code} {finding.message}{where}")
    return failed


def write_part(path: Path, lines: list[bytes]) -> str:
    with path.open("wb") as out:
        out.write(b"".join(lines))
    return str(path)


def _kind(value: Any) -> str:
    return {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(type(value), "a number")
