"""A session: everything a command needs before it reads a file, and the one way every command checks.

A session is built once per run from the settings (`ftlint.config.session.build_session`: the rule
pack for the target, the per-file policy, a forced input format) and handed the inputs. `check`
prepares each file, cuts it into chunk tasks, runs `check_chunk` on them through an `Executor`
(this process, a local pool, later Ray) and folds the results into one `CheckResult`. `fix`,
`stats`, `convert` and `split` go through it too; none builds a pipeline of its own, and the
tests use the same one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from ftlint.core.engine.cache import ResultCache
from ftlint.core.engine.chunker import DEFAULT_CHUNK_BYTES
from ftlint.core.engine.chunks import ChunkDone, ChunkOutcome, chunk_tasks, in_chunk_order, prepare_inputs, reporting
from ftlint.core.engine.driver import CheckResult, check_inputs
from ftlint.core.engine.executor import IN_PROCESS_BYTES, Executor, choose_executor
from ftlint.core.engine.pack import RulePack
from ftlint.core.engine.worker import ChunkTask
from ftlint.core.findings import Finding
from ftlint.core.rule import Feature, Target
from ftlint.core.sniff import PreparedFile
from ftlint.core.sources import InputFile

S = TypeVar("S")
R = TypeVar("R", bound=ChunkOutcome)


def keep_every_finding(finding: Finding) -> bool:
    return True


@dataclass(frozen=True)
class Session:
    """The rule pack for a target, the policy applied to its findings, and where chunks run."""

    pack: RulePack
    target: Target
    keep: Callable[[Finding], bool] = keep_every_finding  # the per-file ignores
    input_format: str | None = None  # every record read as this format (`--input-format`)
    jobs: int | None = None  # worker processes when the session chooses the executor (None: one per core)
    executor: Executor | None = None  # None: this process or a local pool, by the size of the input
    on_chunk: ChunkDone | None = None  # told of each chunk done (a command's progress display)
    cache: ResultCache | None = None  # results of files checked before (`check` only: see `commands.check`)

    def check(self, inputs: list[InputFile], scratch: Path | None = None, *, chunk_bytes: int | None = None,
              in_process_bytes: int = IN_PROCESS_BYTES) -> CheckResult:
        """Every finding in `inputs`, policy applied; decoded copies of the files go under `scratch`."""
        sizes = {"chunk_bytes": chunk_bytes} if chunk_bytes else {}
        return check_inputs(inputs, self.pack, forced_format=self.input_format, jobs=self.jobs, keep=self.keep,
                            scratch=scratch, in_process_bytes=in_process_bytes, executor=self.executor,
                            on_chunk=self.on_chunk, cache=self.cache, **sizes)

    def prepare(self, inputs: list[InputFile], workdir: Path, sheet: str | None = None, *,
                for_the_driver: bool = False) -> list[PreparedFile]:
        """Each input sniffed (container, encoding, format) and made readable by byte ranges; `sheet`
        names the sheet to read of a workbook (the first when None). A compressed file is left for its
        task to decode when the executor's tasks run elsewhere, unless the driver reads it itself
        (`for_the_driver`: `split` writes its records here)."""
        decode_in_tasks = not for_the_driver and self.executor is not None and self.executor.decodes_in_tasks
        return prepare_inputs(inputs, workdir, self.input_format, sheet, decode_in_tasks=decode_in_tasks)

    def chunk_tasks(self, prepared: list[PreparedFile], chunk_bytes: int = DEFAULT_CHUNK_BYTES) -> list[ChunkTask]:
        return chunk_tasks(prepared, chunk_bytes)

    def map_chunks(self, chunk_fn: Callable[[S, ChunkTask], R], shared: S,
                   tasks: list[ChunkTask]) -> Iterator[tuple[ChunkTask, R, int]]:
        """`chunk_fn(shared, task)` for every task on the session's executor, in the order of the tasks,
        each with the number of lines before its chunk in its file. `shared` goes once to each worker."""
        executor = self.executor or choose_executor(self.jobs, tasks)
        ordered = in_chunk_order(tasks, executor.map(chunk_fn, shared, tasks))  # type: ignore[arg-type]
        return reporting(ordered, tasks, self.on_chunk)

    def with_features(self, features: tuple[Feature, ...]) -> Session:
        """This session, with feature columns a report wants (`stats`) computed beside the rules' own."""
        return replace(self, pack=replace(self.pack, extra_features=features))
