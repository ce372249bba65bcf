"""What every training backend offers: prepare a plan offline, run it, and report on the jobs it started.

The command checks the data with the backend's profile before it asks for a plan; a backend never
checks data itself and never prints: it returns plans, jobs and events, and raises `BackendError`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ftlint.backends.errors import BackendError

__all__ = ["BackendError"]  # here too: a backend's modules import everything they share from `base`

METHODS = ("supervised", "dpo", "reinforcement")


@dataclass(frozen=True)
class TrainRequest:
    """What `ftlint train` was asked to do, before anything is sent."""

    train: Path
    model: str
    valid: Path | None = None
    method: str = "supervised"
    suffix: str | None = None
    seed: int | None = None
    # Only the values given: the provider picks the others ("auto").
    hyperparameters: dict[str, int | float] = field(default_factory=dict)
    grader: dict[str, Any] | None = None  # reinforcement only


@dataclass(frozen=True)
class Plan:
    """A request the backend accepted offline: what will be uploaded and what the job will be asked."""

    request: TrainRequest
    files: tuple[Path, ...]  # training file first, then the validation file if any
    job: dict[str, Any]  # the job's parameters other than the file ids


@dataclass(frozen=True)
class Event:
    id: str
    created_at: int
    level: str
    message: str


@dataclass(frozen=True)
class Job:
    id: str
    model: str
    status: str
    created_at: int | None = None
    fine_tuned_model: str | None = None
    error: str | None = None
    trained_tokens: int | None = None
    result_files: tuple[str, ...] = ()
    training_file: str | None = None
    validation_file: str | None = None

    @property
    def finished(self) -> bool:
        return self.status in ("succeeded", "failed", "cancelled")


class Backend(Protocol):
    name: str
    title: str  # as messages name it
    profile: str  # the ftlint profile the data is checked with before training

    def prepare(self, request: TrainRequest) -> Plan:
        """Validate the request offline (method, hyperparameters, files) and say what `run` will do."""
        ...

    def run(self, plan: Plan, on_upload: Callable[[Path, str, bool], None] | None = None) -> Job:
        """Upload the files (reusing identical ones) and start the job."""
        ...

    def follow(self, job_id: str, poll_seconds: float) -> Iterator[Event | Job]:
        """The job's new events as they come, then the finished job."""
        ...

    def report(self, job: Job) -> str:
        """One line on how the job ended (or where it is)."""
        ...

    # What `ftlint upload` and `ftlint jobs` do with a backend's jobs.
    def upload(self, path: Path) -> tuple[str, bool]:
        """The file's id there, and whether an identical upload was reused."""
        ...

    def list_jobs(self, limit: int) -> list[Job]: ...

    def show(self, job_id: str) -> Job: ...

    def events(self, job_id: str) -> list[Event]: ...

    def cancel(self, job_id: str) -> Job: ...

    def metrics(self, job_id: str) -> Any:
        """The job's training metrics (`Metrics` of the backend's own module)."""
        ...
