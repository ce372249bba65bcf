"""`ftlint jobs list|show|events|cancel|metrics`: the provider's fine-tuning jobs."""

from __future__ import annotations

import datetime
import importlib.util
import sys
from pathlib import Path
from typing import TextIO

from ftlint.backends.base import Backend, BackendError, Job
from ftlint.commands.backend_use import use_backend
from ftlint.commands.follow import event_line, follow_job
from ftlint.core.textsafe import escape_controls


def _when(seconds: int | None) -> str:
    if seconds is None:
        return "-"
    return datetime.datetime.fromtimestamp(seconds, datetime.UTC).strftime("%Y-%m-%d %H:%M")


def job_lines(job: Job) -> list[str]:
    lines = [f"id: {job.id}", f"model: {job.model}", f"status: {job.status}", f"created: {_when(job.created_at)}"]
    for title, value in (("training file", job.training_file), ("validation file", job.validation_file),
                         ("fine-tuned model", job.fine_tuned_model), ("trained tokens", job.trained_tokens),
                         ("error", job.error)):
        if value is not None:
            lines.append(f"{title}: {value}")
    if job.result_files:
        lines.append(f"result files: {', '.join(job.result_files)}")
    return [escape_controls(line) for line in lines]


def run_jobs(action: str, job_id: str | None, *, backend_name: str, base_url: str | None, wait: bool = False,
             limit: int = 20, plot: str | None = None, stdout: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    if plot and importlib.util.find_spec("matplotlib") is None:
        # Said before anything is downloaded.
        raise BackendError("--plot needs matplotlib, which ftlint does not install: pip install matplotlib",
                           exit_code=2)
    backend = use_backend(backend_name, base_url)
    if action == "list":
        for job in backend.list_jobs(limit):
            stdout.write(escape_controls(f"{job.id}  {job.status:<16} {_when(job.created_at)}  {job.model}"
                                         f"{'  -> ' + job.fine_tuned_model if job.fine_tuned_model else ''}") + "\n")
        return 0
    assert job_id is not None  # the CLI requires it for every other action
    if action == "show":
        return _show(backend, job_id, wait, stdout)
    if action == "events":
        if wait:
            return follow_job(backend, job_id, stdout)
        for event in backend.events(job_id):
            stdout.write(event_line(event))
        return 0
    if action == "cancel":
        job = backend.cancel(job_id)
        stdout.write(f"{job.id}: {job.status}\n")
        return 0
    return _metrics(backend, job_id, plot, stdout)


def _show(backend: Backend, job_id: str, wait: bool, stdout: TextIO) -> int:
    if wait:
        code = follow_job(backend, job_id, stdout)
        stdout.write("\n")
    job = backend.show(job_id)
    stdout.write("\n".join(job_lines(job)) + "\n")
    return code if wait else 0


def _metrics(backend: Backend, job_id: str, plot: str | None, stdout: TextIO) -> int:
    from ftlint.backends.metrics import plot as draw
    from ftlint.backends.metrics import summary

    metrics = backend.metrics(job_id)
    stdout.write("\n".join(summary(metrics)) + "\n")
    if plot:
        draw(metrics, Path(plot))
        stdout.write(f"wrote {escape_controls(plot)}\n")
    return 0
