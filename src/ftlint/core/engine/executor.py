"""Run chunk tasks in this process or in a pool of worker processes; results come back in task order."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator

from ftlint.core.engine.lifecycle import WorkerDied, die_with_parent, stop_workers
from ftlint.core.engine.pack import RulePack
from ftlint.core.engine.worker import ChunkResult, ChunkTask, check_chunk
from ftlint.core.formats import FORMAT_BY_NAME
from ftlint.core.jsondoc import deep_records

# Below this many bytes, starting processes costs more than it saves.
IN_PROCESS_BYTES = 4 << 20

_worker_pack: RulePack | None = None


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run_tasks(
    pack: RulePack, tasks: list[ChunkTask], jobs: int | None = None, in_process_bytes: int = IN_PROCESS_BYTES
) -> Iterator[ChunkResult]:
    """Results of `check_chunk` for every task, in order; parallel when the input is large enough."""
    jobs = jobs or default_jobs()
    total = sum(task.end - task.start for task in tasks)
    if jobs <= 1 or len(tasks) <= 1 or total < in_process_bytes:
        with deep_records():
            for task in tasks:
                yield check_chunk(pack, task)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    for name in {task.file_format for task in tasks} - {None}:
        FORMAT_BY_NAME[name].adapter  # noqa: B018  built once here, inherited by every forked worker
    # fork shares the already-imported rule pack and libraries; elsewhere fall back to the default.
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    # Objects that exist now are shared with the forked workers; freezing them keeps the workers'
    # garbage collector from touching (and so copying) those pages.
    gc.freeze()
    from concurrent.futures.process import BrokenProcessPool

    workers = min(jobs, len(tasks))
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_install, initargs=(pack, os.getpid()))
    try:
        yield from pool.map(_run_installed, tasks)
    except BrokenProcessPool:
        stop_workers(pool)
        raise WorkerDied("a worker process ended without its result (killed, or out of memory?); "
                         "rerun with fewer workers (--jobs 1) or on a machine with more memory") from None
    except BaseException:  # an error, a signal (`Stopped`), or the consumer gone: no chunk is worth waiting for
        stop_workers(pool)
        raise
    finally:
        pool.shutdown(wait=True)


def _install(pack: RulePack, parent: int) -> None:
    global _worker_pack
    die_with_parent(parent)
    _worker_pack = pack


def _run_installed(task: ChunkTask) -> ChunkResult:
    assert _worker_pack is not None, "worker started without a rule pack"
    with deep_records():
        return check_chunk(_worker_pack, task)
