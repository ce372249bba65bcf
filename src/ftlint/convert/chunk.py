"""The chunk function of `ftlint convert`: one byte range of a file in, its converted records out.

It runs wherever the session's executor puts it (this process, a worker process, later Ray), like
the check's: it reads its task's lines, converts each record with `convert`, writes the converted
lines to a part file of its own in the job's folder (so that the records never travel back through
a pipe and memory stays bounded by a chunk), and returns what it dropped and why. The driver joins
the parts in the order of the chunks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from ftlint.convert.api import convert
from ftlint.convert.options import Options
from ftlint.convert.result import Rejected
from ftlint.core.engine.worker import ChunkTask
from ftlint.core.formats import record_format


@dataclass(frozen=True)
class ConvertJob:
    """What every chunk of a conversion shares: each file's output format, the options, where parts go."""

    outputs: tuple[str, ...]  # by file index
    options: Options
    parts: str  # a folder on a disk the workers share with the driver


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
    part: str = ""  # the converted lines, in order
    dropped: list[Dropped] = field(default_factory=list)
    notes: Counter[str] = field(default_factory=Counter)  # lossy changes, with how many records had each


def convert_chunk(job: ConvertJob, task: ChunkTask) -> ConvertedChunk:
    """Convert the lines of one chunk; line numbers in the result count from 1 within the chunk."""
    raws = task.read().split(b"\n")
    if raws[-1] == b"":
        raws.pop()  # the chunk ends with a newline: nothing after it
    result = ConvertedChunk(task.file_index, lines=len(raws))
    to = job.outputs[task.file_index]
    out: list[bytes] = []
    for number, raw in enumerate(raws, start=1):
        if not raw.strip():
            result.blank += 1  # a blank line holds no record: nothing to convert, nothing lost
            continue
        try:
            value = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            result.dropped.append(Dropped(number, f"not valid JSON ({error.msg})", raw))
            continue
        converted = convert_value(value, to, job.options, task.file_format)
        if isinstance(converted, Rejected):
            result.dropped.append(Dropped(number, converted.reason, raw))
        else:
            line, notes = converted
            out.append(line)
            result.notes.update(notes)
    result.written = len(out)
    result.part = _write_part(job, task, out)
    return result


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


def _write_part(job: ConvertJob, task: ChunkTask, lines: list[bytes]) -> str:
    return write_part(Path(job.parts) / f"{task.file_index}-{task.start}.jsonl", lines)


def write_part(path: Path, lines: list[bytes]) -> str:
    with path.open("wb") as out:
        out.write(b"".join(lines))
    return str(path)


def _kind(value: Any) -> str:
    return {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(type(value), "a number")
