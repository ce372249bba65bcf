"""The `Executor` on a Ray cluster (`--engine ray`, extra `ftlint[ray]`): the same chunk functions as the
local pool, as Ray tasks.

Each chunk task travels in its portable form (the file as given and its decoding steps, so a node
decodes its own range, never a copy on the driver's disk); the shared argument (the rule pack, a
conversion's options) is put in the object store once. At most `2 x the cluster's CPUs` tasks are in
flight (`ray.wait`), so results waiting to be folded stay few, as in the local pool. A task that
fails is retried (a lost worker by Ray itself, a read error as an exception); one that still fails
stops the run with its file and byte range: nothing is skipped silently.

Ray is imported here only, when the engine is chosen. With no address a local cluster is started on
127.0.0.1 for the run and stopped after it; with one, the run joins that cluster and leaves it as it was.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from ftlint.core.engine.lifecycle import EngineError
from ftlint.core.engine.pack import RulePack
from ftlint.core.engine.streamed import run_streamed
from ftlint.core.engine.worker import ChunkTask
from ftlint.core.jsondoc import deep_records
from ftlint.core.remote import is_url
from ftlint.core.sniff import STREAMED

R = TypeVar("R")

# Tries after the first: a node lost mid-task or a read that failed (object storage has bad moments).
RETRIES = 2


class RayUnavailable(EngineError):
    """Ray is not installed, or the cluster cannot be reached: a usage error (exit 2)."""


class ChunkFailed(EngineError):
    """A chunk failed on every try: its file and byte range, and the last error."""


class RayExecutor:
    decodes_in_tasks = True  # a compressed file is decoded by its task (`streamed`), not on the driver

    def __init__(self, address: str | None = None, jobs: int | None = None) -> None:
        self.address = address
        self.jobs = jobs  # CPUs of a local cluster started for the run (None: every core)

    def map(self, chunk_fn: Any, pack: RulePack, tasks: Sequence[ChunkTask]) -> Iterator[tuple[int, R]]:
        if not tasks:
            return
        ray, started = _connect(self.address, self.jobs)
        pending: dict[Any, int] = {}
        try:
            shared = ray.put(pack)
            remote = ray.remote(_run_chunk).options(max_retries=RETRIES, retry_exceptions=[OSError])
            portable = [_anywhere(task) for task in tasks]
            limit = 2 * max(1, int(ray.cluster_resources().get("CPU", 1)))
            queued = iter(enumerate(portable))
            for index, task in queued:
                pending[remote.remote(chunk_fn, shared, task)] = index
                if len(pending) >= limit:
                    break
            while pending:
                (ready,), _ = ray.wait(list(pending), num_returns=1)
                index = pending.pop(ready)
                yield index, _result(ray, ready, tasks[index])
                for index, task in queued:
                    pending[remote.remote(chunk_fn, shared, task)] = index
                    if len(pending) >= limit:
                        break
        except BaseException:
            for ref in pending:  # an error, a signal or the consumer gone: no chunk is worth waiting for
                ray.cancel(ref, force=True)
            raise
        finally:
            if started:
                ray.shutdown()


def _anywhere(task: ChunkTask) -> ChunkTask:
    """The task in its portable form with absolute paths: a Ray worker runs in a folder of its own."""
    portable = task.portable()
    return replace(portable, data_path=_absolute(portable.data_path), source=_absolute(portable.source))


def _absolute(path: str) -> str:
    return path if not path or is_url(path) else os.path.abspath(path)


def _run_chunk(chunk_fn: Any, pack: RulePack, task: ChunkTask) -> Any:
    with deep_records():
        if task.end == STREAMED:  # a compressed file, decoded here in pieces: never on the driver
            return run_streamed(chunk_fn, pack, task)
        return chunk_fn(pack, task)


def _result(ray: Any, ref: Any, task: ChunkTask) -> Any:
    from ray.exceptions import RayError, RayTaskError

    what = ("the file (one task decodes it whole)" if task.end == STREAMED else
            f"the chunk of bytes {task.start:,}-{task.end:,}")
    try:
        return ray.get(ref)
    except RayTaskError as failed:
        cause = failed.cause if failed.cause is not None else failed
        raise ChunkFailed(f"{task.path}: {what} failed {RETRIES + 1} times on the Ray cluster: "
                          f"{type(cause).__name__}: {cause}") from None
    except RayError as failed:
        raise ChunkFailed(f"{task.path}: {what} was lost on the Ray cluster after {RETRIES + 1} tries: "
                          f"{type(failed).__name__}: {failed}") from None


def _connect(address: str | None, jobs: int | None) -> tuple[Any, bool]:
    """Ray, connected; and whether this run started the cluster (and so stops it)."""
    # Bind a local cluster to the loopback interface only: nothing of the run is reachable from outside.
    os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # and nothing is reported home
    try:
        import ray
    except ImportError:
        raise RayUnavailable("--engine ray needs Ray: pip install 'ftlint[ray]'") from None
    _messages_to_stderr(ray)
    if ray.is_initialized():
        return ray, False
    quiet: dict[str, Any] = {"logging_level": "ERROR", "log_to_driver": False}
    try:
        if address:
            ray.init(address=address, **quiet)
            return ray, False
        ray.init(num_cpus=jobs, include_dashboard=False, _node_ip_address="127.0.0.1", **quiet)
    except (ConnectionError, RuntimeError, ValueError) as failed:
        where = f"the Ray cluster at {address}" if address else "a local Ray cluster"
        raise RayUnavailable(f"cannot reach {where}: {failed}") from None
    return ray, True


def _messages_to_stderr(ray: Any) -> None:
    """Ray prints the cluster's notes on this job's tasks ("Task failed. There are 2 retries remaining") on
    stdout, from a thread of its own; they belong on stderr, so that stdout stays the report (JSON, SARIF).
    A patch of Ray's printer (ray 2.60's `print_to_stdstream`), marked so it is applied once; without that
    function nothing is patched and the notes stay where Ray puts them."""
    module = getattr(getattr(ray, "_private", None), "worker", None)
    printer = getattr(module, "print_to_stdstream", None)
    if printer is None or getattr(printer, "ftlint_to_stderr", False):
        return

    def to_stderr(data: dict[str, Any], ignore_prefix: bool) -> None:
        printer({**data, "is_err": True}, ignore_prefix)

    to_stderr.ftlint_to_stderr = True  # type: ignore[attr-defined]
    module.print_to_stdstream = to_stderr
