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
# Each hyperparameter's flag on `ftlint train`, for messages that say which one does not apply.
HYPERPARAMETER_FLAGS = {
    "n_epochs": "--epochs", "batch_size": "--batch-size", "learning_rate_multiplier": "--learning-rate-multiplier",
    "beta": "--beta", "learning_rate": "--learning-rate", "gradient_accumulation_steps": "--gradient-accumulation",
    "max_length": "--max-length", "lora_r": "--lora-rank", "lora_alpha": "--lora-alpha",
    "lora_dropout": "--lora-dropout",
}


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
    # The local trainer's own: where the adapter goes, the LoRA target modules, and whether to merge.
    output: Path | None = None
    target_modules: tuple[str, ...] = ()
    merge: bool = False


@dataclass(frozen=True)
class TrainingFile:
    """One checked file's records as a trainer on this machine takes them (TRL's dataset records)."""

    path: Path
    sha256: str  # of the file as given
    trained_as: str  # the `ftlint convert` output format of `rows`
    rows: list[dict[str, Any]]
    left_out: int = 0  # records that could not be converted (only with --force)
    notes: tuple[str, ...] = ()  # what the conversion changed, with how many records


@dataclass(frozen=True)
class TrainingData:
    train: TrainingFile
    valid: TrainingFile | None = None


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

    remote: bool  # a service that bills and runs jobs (upload, confirm, follow) or a trainer on this machine

    def validate(self, request: TrainRequest) -> None:
        """Refuse, before any data is read or model loaded, what the request alone shows to be wrong."""
        ...

    def prepare(self, request: TrainRequest, data: TrainingData | None = None) -> Plan:
        """Validate the request offline (method, hyperparameters, files) and say what `run` will do. A local
        trainer gets the checked records in `data`; a service uploads the files as they are."""
        ...

    def run(self, plan: Plan, on_upload: Callable[[Path, str, bool], None] | None = None,
            on_event: Callable[[Event], None] | None = None) -> Job:
        """Start the job: upload the files (reusing identical ones) and create it; or train here, telling
        `on_event` of the progress, until the result is saved."""
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
