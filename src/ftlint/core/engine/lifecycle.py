"""How a run stops: a signal unwinds it cleanly, and worker processes never outlive it.

- SIGTERM, SIGHUP and SIGINT (Ctrl-C) raise `Stopped` in the main thread, so every `with` block
  unwinds as it would on an error: the run's scratch folder is removed, the worker pool is killed
  (it would otherwise finish its chunks first), and the command line exits 128 + the signal number
  with one line. Further signals are ignored while that happens, so a second Ctrl-C cannot cut the
  clean-up short.
- A worker asks the kernel to kill it when its parent dies (Linux `PR_SET_PDEATHSIG`), so that a
  SIGKILL of the main process, which nothing can catch, takes the workers with it; elsewhere a
  thread in each worker watches for the parent to go. The kernel's signal follows the thread that
  forked the worker: the pool is started from the main thread, whose end is the process's.
- A worker ignores SIGINT: Ctrl-C reaches the whole process group, and the parent stops the pool.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from types import FrameType
from typing import Any

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


class Stopped(BaseException):
    """The run was asked to stop by a signal. A BaseException, as KeyboardInterrupt is, so that no
    `except Exception` in a rule or a library takes it for an error it can handle."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_code(self) -> int:
        return 128 + self.signum  # what a shell reports for a process the signal ended


class EngineError(Exception):
    """Where the chunks run failed, not the data: a worker lost, a cluster unreachable. Exit 2."""


class WorkerDied(EngineError):
    """A worker process ended without a result (killed, or out of memory). Exit 2."""


_held: list[int] = []  # while signals are held: [] = none arrived yet, [signum] = one arrived
_holding = False


def _raise_stopped(signum: int, frame: FrameType | None) -> None:
    for number in STOP_SIGNALS:
        signal.signal(number, signal.SIG_IGN)  # the clean-up runs once, whole
    if _holding:
        _held.append(signum)  # raised by `signals_held` when its steps are done
        return
    raise Stopped(signum)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn the stop signals into `Stopped` for the duration; the previous handlers are put back after."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers
        return
    previous = {number: signal.signal(number, _raise_stopped) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold the stop signals for a few steps that must not be split (the renames that commit a fix):
    a signal that arrives meanwhile is delivered, and stops the run, right after them."""
    # Noted by the handler rather than blocked with a signal mask: the kernel hands a process's signal
    # to any thread that does not block it, and Python then runs the handler in the main thread anyway.
    global _holding
    if _holding:
        yield
        return
    _holding = True
    try:
        yield
    finally:
        _holding = False
        if _held:
            raise Stopped(_held.pop())


def die_with_parent(parent: int) -> None:
    """In a freshly forked worker: end when process `parent` ends, and leave signals to the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)  # not the parent's `Stopped`: a worker has nothing to clean
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    else:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="ftlint-parent-watch").start()
    if os.getppid() != parent:
        os._exit(1)  # the parent died before the request above was in place


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def stop_workers(pool: Any) -> None:
    """Kill a ProcessPoolExecutor's workers at once: an interrupted run must not wait for their chunks."""
    _quiet_threads_of(pool)
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        with contextlib.suppress(Exception):
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def _quiet_threads_of(pool: Any) -> None:
    """From now on, an exception in the pool's own threads (its manager, its call queue's feeder) is
    not reported: they may fail on the workers killed under them, and the run is ending. Their
    report, `Exception in thread ...`, landed in the middle of ftlint's own last line (seen once in
    CI on Ctrl-C). Exceptions of any other thread are reported as before."""
    threads = [thread for thread in (getattr(pool, "_executor_manager_thread", None),
                                     getattr(getattr(pool, "_call_queue", None), "_thread", None))
               if thread is not None]
    if not threads:
        return
    report = threading.excepthook

    def quiet(args: threading.ExceptHookArgs) -> None:
        if not any(args.thread is thread for thread in threads):
            report(args)

    threading.excepthook = quiet
