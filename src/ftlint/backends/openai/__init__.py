"""OpenAI fine-tuning through the official `openai` SDK (extra `ftlint[openai]`); Azure OpenAI through
`--base-url`. Imported only when the backend is used."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

from ftlint.backends.base import BackendError, Event, Job, Plan, TrainingData, TrainRequest
from ftlint.backends.openai import jobs
from ftlint.backends.openai.method import method_param
from ftlint.backends.openai.upload import check_size, upload

SUFFIX_LIMIT = 64


class OpenAIBackend:
    name = "openai"
    title = "OpenAI"
    profile = "openai"
    remote = True

    def __init__(self, base_url: str | None = None) -> None:
        self.base_url = base_url

    @cached_property
    def client(self) -> Any:
        from ftlint.backends.openai.client import make_client

        return make_client(self.base_url)

    def validate(self, request: TrainRequest) -> None:
        for given, flag in ((request.output, "--output"), (request.target_modules, "--target-modules"),
                            (request.merge, "--merge")):
            if given:
                raise BackendError(f"{flag} is the local trainer's (--backend local); OpenAI keeps the model",
                                   exit_code=2)
        if request.suffix is not None and not 0 < len(request.suffix) <= SUFFIX_LIMIT:
            raise BackendError(f"--suffix must be 1 to {SUFFIX_LIMIT} characters", exit_code=2)
        if request.method:
            method_param(request.method, request.hyperparameters, request.grader)

    def prepare(self, request: TrainRequest, data: TrainingData | None = None) -> Plan:
        self.validate(request)
        files = (request.train, *([request.valid] if request.valid else []))
        for path in files:
            check_size(path)
        job: dict[str, Any] = {"model": request.model,
                               "method": method_param(request.method, request.hyperparameters, request.grader)}
        if request.suffix is not None:
            job["suffix"] = request.suffix
        if request.seed is not None:
            job["seed"] = request.seed
        return Plan(request, files, job)

    def run(self, plan: Plan, on_upload: Callable[[Path, str, bool], None] | None = None,
            on_event: Callable[[Event], None] | None = None) -> Job:
        ids = []
        for path in plan.files:
            sent = upload(self.client, path)
            if on_upload:
                on_upload(path, sent.file_id, sent.reused)
            ids.append(sent.file_id)
        params = {**plan.job, "training_file": ids[0]}
        if len(ids) > 1:
            params["validation_file"] = ids[1]
        return jobs.create(self.client, params)

    def upload(self, path: Path) -> tuple[str, bool]:
        sent = upload(self.client, path)
        return sent.file_id, sent.reused

    def follow(self, job_id: str, poll_seconds: float) -> Iterator[Event | Job]:
        return jobs.follow(self.client, job_id, poll_seconds)

    def list_jobs(self, limit: int) -> list[Job]:
        return jobs.list_jobs(self.client, limit)

    def show(self, job_id: str) -> Job:
        return jobs.retrieve(self.client, job_id)

    def events(self, job_id: str) -> list[Event]:
        return jobs.events(self.client, job_id)

    def cancel(self, job_id: str) -> Job:
        return jobs.cancel(self.client, job_id)

    def metrics(self, job_id: str) -> Any:
        from ftlint.backends.openai.metrics import fetch_metrics

        return fetch_metrics(self.client, self.show(job_id))

    def report(self, job: Job) -> str:
        if job.status == "succeeded":
            return f"{job.id} succeeded: fine-tuned model {job.fine_tuned_model}"
        if job.status == "failed":
            return f"{job.id} failed: {job.error or 'no reason given'}"
        return f"{job.id} is {job.status}"
