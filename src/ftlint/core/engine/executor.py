"""Where chunk functions run: the `Executor` protocol and its two local implementations.

An executor maps a chunk function over chunk tasks and yields each result with the index of its
task, in whatever order the results are ready; the caller folds them in task order. The chunk
function is a module-level function of (shared, task), so that it can travel to a worker process
(or, later, to a Ray worker) by name; `shared` (the rule pack of a check, the options of a
conversion) travels once to each worker.

- `InProcess` runs the tasks one after the other in this process: no start-up, for small inputs.
- `LocalPool` runs them in forked worker processes, one per core, a bounded number in flight. What
  only a pool needs (building the formats' validators before the fork, so that every worker
  inherits them; freezing the garbage collector's view of the parent's objects, so that the
  workers do not copy those pages) happens inside it, and is undone when it is done.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from ftlint.core.engine.lifecycle import WorkerDied, die_with_parent, stop_workers
from ftlint.core.engine.pack import RulePack
from ftlint.core.engine.worker import ChunkTask
from ftlint.core.formats import FORMAT_BY_NAME
from ftlint.core.jsondoc import deep_records

# Below this many bytes, starting processes costs more than it saves.
IN_PROCESS_BYTES = 4 << 20

R = TypeVar("R")
ChunkFunction = Callable[[RulePack, ChunkTask], R]


class Executor(Protocol):
    # Whether a compressed file is left whole to one task that decodes it where it runs (a cluster's
    # nodes); otherwise the driver decodes a copy once and cuts it into chunks.
    decodes_in_tasks: bool

    def map(self, chunk_fn: ChunkFunction[R], pack: RulePack, tasks: Sequence[ChunkTask]) -> Iterator[tuple[int, R]]:
        """`chunk_fn(pack, task)` for every task, each result with its task's index, in any order."""
        ...


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def choose_executor(jobs: int | None, tasks: Sequence[ChunkTask], in_process_bytes: int = IN_PROCESS_BYTES) -> Executor:
    """A pool of `jobs` workers (default: one per core) when the tasks are many and large enough to
    pay for starting it, else this process."""
    jobs = jobs or default_jobs()
    total = sum(task.end - task.start for task in tasks)
    if jobs <= 1 or len(tasks) <= 1 or total < in_process_bytes:
        return InProcess()
    return LocalPool(jobs)


class InProcess:
    """Every task in this process, in order."""

    decodes_in_tasks = False

    def map(self, chunk_fn: ChunkFunction[R], pack: RulePack, tasks: Sequence[ChunkTask]) -> Iterator[tuple[int, R]]:
        with deep_records():
            for index, task in enumerate(tasks):
                yield index, chunk_fn(pack, task)


class LocalPool:
    """Forked worker processes on this machine; at most `2 * jobs` tasks in flight, so that results
    waiting to be folded stay few."""

    decodes_in_tasks = False

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs

    def map(self, chunk_fn: ChunkFunction[R], pack: RulePack, tasks: Sequence[ChunkTask]) -> Iterator[tuple[int, R]]:
        if not tasks:
            return
        import multiprocessing
        from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
        from concurrent.futures.process import BrokenProcessPool

        for name in {task.file_format for task in tasks} - {None}:
            FORMAT_BY_NAME[name].adapter  # noqa: B018  built once here, inherited by every forked worker
        # fork shares the already-imported rule pack and libraries; elsewhere fall back to the default.
        context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
        workers = min(self.jobs, len(tasks))
        frozen = gc.get_freeze_count()
        gc.freeze()  # what exists now is shared with the workers: their collector leaves those pages alone
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_install, initargs=(pack, os.getpid()))
        try:
            pending: dict[Future[Any], int] = {}
            queued = iter(enumerate(tasks))
            for index, task in queued:
                pending[pool.submit(_run_installed, chunk_fn, task)] = index
                if len(pending) >= 2 * workers:
                    break
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    index = pending.pop(future)
                    yield index, future.result()
                for index, task in queued:
                    pending[pool.submit(_run_installed, chunk_fn, task)] = index
                    if len(pending) >= 2 * workers:
                        break
        except BrokenProcessPool:
            stop_workers(pool)
            raise WorkerDied("a worker process ended without its result (killed, or out of memory?); "
                             "rerun with fewer workers (--jobs 1) or on a machine with more memory") from None
        except BaseException:  # an error, a signal (`Stopped`), or the consumer gone: no chunk is worth waiting for
            stop_workers(pool)
            raise
        finally:
            pool.shutdown(wait=True)
            if frozen == 0:
                gc.unfreeze()  # a long-lived caller (a notebook, a Ray driver) gets its collector back whole


_worker_pack: RulePack | None = None


def _install(pack: RulePack, parent: int) -> None:
    global _worker_pack
    die_with_parent(parent)
    _worker_pack = pack


def _run_installed(chunk_fn: ChunkFunction[R], task: ChunkTask) -> R:
    assert _worker_pack is not None, "worker started without a rule pack"
    with deep_records():
        return chunk_fn(_worker_pack, task)
