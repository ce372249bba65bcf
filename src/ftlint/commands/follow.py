"""Follow a job to its end, printing its events as they come: `train --wait`, `jobs show|events --wait`."""

from __future__ import annotations

import datetime
import os
from typing import TextIO

from ftlint.backends.base import Backend, Event, Job
from ftlint.core.textsafe import escape_controls

# Seconds between two looks at a running job; the tests set it short.
POLL_VARIABLE = "FTLINT_POLL_SECONDS"
DEFAULT_POLL_SECONDS = 10.0


def poll_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get(POLL_VARIABLE) or DEFAULT_POLL_SECONDS))
    except ValueError:
        return DEFAULT_POLL_SECONDS


def event_line(event: Event) -> str:
    when = datetime.datetime.fromtimestamp(event.created_at, datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")
    # The provider's text: shown, control characters escaped.
    return f"{when}  {event.level:<7} {escape_controls(event.message)}\n"


def follow_job(backend: Backend, job_id: str, stdout: TextIO) -> int:
    """0 when the job succeeded, 1 when it failed or was cancelled."""
    for item in backend.follow(job_id, poll_seconds()):
        if isinstance(item, Event):
            stdout.write(event_line(item))
            stdout.flush()
        else:
            return finished(backend, item, stdout)
    return 1


def finished(backend: Backend, job: Job, stdout: TextIO) -> int:
    stdout.write(escape_controls(backend.report(job)) + "\n")
    return 0 if job.status == "succeeded" else 1
