"""What every command's pipeline shares before and after its chunk function: prepared files, the chunk
tasks cut from them, and the results folded back in the order of the chunks.

A chunk function (`check_chunk`, `convert_chunk`, ...) numbers lines from 1 within its chunk; the
number of lines before a chunk in its file is known only once the chunks before it are done, so
`in_chunk_order` hands each result over with that count, whatever order the executor returned them in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Protocol, TypeVar

from ftlint.core.engine.chunker import DEFAULT_CHUNK_BYTES, chunk_ranges
from ftlint.core.engine.worker import ChunkTask
from ftlint.core.sniff import LINE_CONTAINERS, STREAMED, PreparedFile, prepare_file
from ftlint.core.sources import InputFile


class ChunkOutcome(Protocol):
    file_index: int
    lines: int  # the chunk's lines, records or not


R = TypeVar("R", bound=ChunkOutcome)
# Told of each chunk as it is folded in, with the bytes of all the tasks: how a command shows progress.
ChunkDone = Callable[[ChunkTask, ChunkOutcome, int], None]


def prepare_inputs(inputs: list[InputFile], workdir: Path, forced_format: str | None,
                   sheet: str | None = None, decode_in_tasks: bool = False) -> list[PreparedFile]:
    """Each input sniffed and made readable by ranges; decoded copies go under `workdir`. `sheet`
    names the sheet to read of a workbook; `decode_in_tasks` leaves compressed JSON Lines to its task."""
    prepared = []
    for index, item in enumerate(inputs):
        scratch = workdir / str(index)
        scratch.mkdir(parents=True)
        prepared.append(prepare_file(item.display, item.path, scratch, forced_format, sheet, decode_in_tasks))
    return prepared


def chunk_tasks(prepared: list[PreparedFile], chunk_bytes: int = DEFAULT_CHUNK_BYTES) -> list[ChunkTask]:
    """The chunk tasks of every JSONL file (a JSON array or document is not cut: its records are parsed)."""
    tasks = []
    for file_index, item in enumerate(prepared):
        facts = item.facts
        if item.documents is not None or facts.container not in LINE_CONTAINERS:
            continue
        if item.end == STREAMED:  # one task decodes the whole file, in pieces (`ftlint.core.engine.streamed`)
            tasks.append(ChunkTask(file_index, facts.path, "", 0, STREAMED, facts.format, True, str(item.source),
                                   item.codec))
            continue
        offsets_known = not facts.encoding.startswith(("utf-16", "utf-32"))
        for start, end in chunk_ranges(item.data_path, item.start, item.end, chunk_bytes, facts.path):
            tasks.append(ChunkTask(file_index, facts.path, str(item.data_path), start, end, facts.format,
                                   offsets_known, str(item.source or ""), item.codec))
    return tasks


def in_chunk_order(tasks: list[ChunkTask], results: Iterable[tuple[int, R]]) -> Iterator[tuple[ChunkTask, R, int]]:
    """Each task's result, in the order of the tasks, with the number of lines before its chunk in its file."""
    lines_before: dict[int, int] = {}
    waiting: dict[int, R] = {}  # results that came before an earlier chunk's
    done = 0
    for index, result in results:
        waiting[index] = result
        while done in waiting:
            ready = waiting.pop(done)
            base = lines_before.get(ready.file_index, 0)
            lines_before[ready.file_index] = base + ready.lines
            yield tasks[done], ready, base
            done += 1


def reporting(results: Iterator[tuple[ChunkTask, R, int]], tasks: list[ChunkTask],
              on_chunk: ChunkDone | None) -> Iterator[tuple[ChunkTask, R, int]]:
    """`results`, telling `on_chunk` of each as it passes (nothing when there is no one to tell)."""
    if on_chunk is None:
        yield from results
        return
    total = sum(max(0, task.end - task.start) for task in tasks)  # a streamed file's size is not known
    for task, result, base in results:
        on_chunk(task, result, total)
        yield task, result, base
