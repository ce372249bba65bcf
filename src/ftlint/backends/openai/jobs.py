"""Fine-tuning jobs: create, list, show, events (followed until the job ends), cancel."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from ftlint.backends.base import Event, Job
from ftlint.backends.openai.client import provider_errors


def as_job(raw: Any) -> Job:
    error = getattr(raw, "error", None)
    message = getattr(error, "message", None) if error is not None else None
    return Job(id=raw.id, model=raw.model, status=raw.status, created_at=getattr(raw, "created_at", None),
               fine_tuned_model=getattr(raw, "fine_tuned_model", None), error=message,
               trained_tokens=getattr(raw, "trained_tokens", None),
               result_files=tuple(getattr(raw, "result_files", None) or ()),
               training_file=getattr(raw, "training_file", None), validation_file=getattr(raw, "validation_file", None))


def as_event(raw: Any) -> Event:
    return Event(id=raw.id, created_at=raw.created_at, level=raw.level, message=raw.message)


def create(client: Any, params: dict[str, Any]) -> Job:
    with provider_errors(client, "creating the fine-tuning job"):
        return as_job(client.fine_tuning.jobs.create(**params))


def list_jobs(client: Any, limit: int) -> list[Job]:
    with provider_errors(client, "listing fine-tuning jobs"):
        return [as_job(raw) for raw in client.fine_tuning.jobs.list(limit=limit).data]


def retrieve(client: Any, job_id: str) -> Job:
    with provider_errors(client, f"looking up {job_id}"):
        return as_job(client.fine_tuning.jobs.retrieve(job_id))


def cancel(client: Any, job_id: str) -> Job:
    with provider_errors(client, f"cancelling {job_id}"):
        return as_job(client.fine_tuning.jobs.cancel(job_id))


def events(client: Any, job_id: str, limit: int = 100) -> list[Event]:
    """The job's latest events, oldest first (the API lists newest first)."""
    with provider_errors(client, f"reading the events of {job_id}"):
        page = client.fine_tuning.jobs.list_events(job_id, limit=limit)
    return [as_event(raw) for raw in reversed(page.data)]


def follow(client: Any, job_id: str, poll_seconds: float) -> Iterator[Event | Job]:
    """Each event not yet seen, as the job goes; then the job once it has ended."""
    seen: set[str] = set()
    while True:
        job = retrieve(client, job_id)
        for event in events(client, job_id):
            if event.id not in seen:
                seen.add(event.id)
                yield event
        if job.finished:
            yield job
            return
        time.sleep(poll_seconds)
