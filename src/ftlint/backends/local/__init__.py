"""The local trainer: TRL (SFT or DPO) with a PEFT LoRA adapter, on this machine's GPU or CPU.

`prepare` settles the settings and the output folder offline; `run` loads the model from disk,
trains, saves the adapter (and the merged model with --merge) and writes `train.json`. There are
no jobs to follow: a run is over when `run` returns. torch and TRL load only inside `run`.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from ftlint.backends.base import BackendError, Event, Job, Plan, TrainingData, TrainRequest
from ftlint.backends.local.settings import local_settings, pick_device


class LocalBackend:
    name = "local"
    title = "the local trainer (TRL)"
    profile = "trl"
    remote = False

    def validate(self, request: TrainRequest) -> None:
        if request.output is None:
            raise BackendError("--backend local needs --output DIR: the folder the adapter and train.json go to",
                               exit_code=2)
        if request.output.exists() and (not request.output.is_dir() or any(request.output.iterdir())):
            raise BackendError(f"--output {request.output}: exists and is not an empty folder; name a new one "
                               "(nothing of an earlier run is overwritten)", exit_code=2)
        # The method is known once the records are read: until then, what any method takes is accepted.
        local_settings(request if request.method else replace(request, method="dpo"))

    def prepare(self, request: TrainRequest, data: TrainingData | None = None) -> Plan:
        if data is None:
            raise BackendError("the local trainer needs the checked records", exit_code=2)
        self.validate(request)
        settings = local_settings(request)
        return Plan(request, (), {"settings": settings, "data": data})

    def run(self, plan: Plan, on_upload: Callable[[Path, str, bool], None] | None = None,
            on_event: Callable[[Event], None] | None = None) -> Job:
        from ftlint.backends.local.summary import write_summary
        from ftlint.backends.local.trainer import train

        request, settings, data = plan.request, plan.job["settings"], plan.job["data"]
        output = request.output
        assert output is not None  # prepare made sure
        device = pick_device()
        created = not output.exists()
        output.mkdir(parents=True, exist_ok=True)
        try:
            outcome = train(request.model, data, settings, device, output, on_event)
            write_summary(output, request.model, data, settings, device, outcome)
        except BaseException:
            # A run that did not finish leaves nothing behind (the folder was new or empty): a half-saved
            # adapter would look like a result.
            if created:
                shutil.rmtree(output, ignore_errors=True)
            else:
                for item in output.iterdir():
                    if item.is_dir():
                        shutil.rmtree(item, ignore_errors=True)
                    else:
                        item.unlink(missing_ok=True)
            raise
        return Job(str(output), request.model, "succeeded", fine_tuned_model=str(output / "adapter"),
                   trained_tokens=None)

    def report(self, job: Job) -> str:
        merged = Path(job.id) / "merged"
        also = f", the merged model to {merged}" if merged.is_dir() else ""
        return f"saved the adapter to {job.fine_tuned_model}{also}, and train.json beside them"

    # A local run has no jobs to list or follow: it ends when `run` returns.
    def _no_jobs(self, *args: Any) -> Any:
        raise BackendError("the local trainer runs in the foreground and keeps no jobs: its results are in the "
                           "--output folder (train.json)", exit_code=2)

    upload = list_jobs = show = events = cancel = metrics = _no_jobs

    def follow(self, job_id: str, poll_seconds: float) -> Iterator[Event | Job]:
        return self._no_jobs()
