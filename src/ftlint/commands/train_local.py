"""`ftlint train --backend local`, after the check passed: the records converted to TRL's, the run's
settings said, the training's progress on stderr, and the lines that load the result on stdout."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ftlint.backends.base import Backend, BackendError, Event, TrainingData, TrainRequest
from ftlint.backends.local.settings import LocalSettings, pick_device
from ftlint.commands.check import Run
from ftlint.commands.train_data import method_of, training_data
from ftlint.core.engine.driver import CheckResult
from ftlint.core.textsafe import escape_controls
from ftlint.core.tokens.hf import hf_path, is_hf
from ftlint.report.features import COLUMN, COUNTS

if TYPE_CHECKING:
    from ftlint.commands.train import TrainOptions


def require_local_model(run: Run, name: str) -> None:
    """The model must be on this machine: a folder, or in the local Hugging Face cache."""
    if not is_hf(run.target.model.encoding):
        raise BackendError(f"--backend local trains a model on this machine: `{name}` is neither a local folder "
                           "with a Hugging Face model nor a model in the local Hugging Face cache; download it "
                           "first (e.g. `hf download NAME`) or give the folder", exit_code=2)


def train_here(backend: Backend, run: Run, result: CheckResult, options: TrainOptions, stdout: TextIO) -> int:
    request = options.request
    model = run.target.model
    formats = {Path(item.path): item.format for item in result.files}
    files = [request.train, *([request.valid] if request.valid else [])]
    data = training_data([(path, formats.get(path)) for path in files], options.config, options.force)
    for item in (data.train, data.valid):
        for note in item.notes if item else ():
            _say(f"ftlint: note: {escape_controls(str(item.path))}: {escape_controls(note)}")
    method = request.method or method_of(data)
    hyper = dict(request.hyperparameters)
    longest = _longest(result)
    if "max_length" not in hyper and longest:
        hyper["max_length"] = min(longest, model.max_tokens)
    # A folder by its absolute path: the adapter records it as its base model, to be found from anywhere.
    path = hf_path(model.encoding)
    base = str(Path(path).resolve()) if Path(path).is_dir() else path
    local_request = replace(request, model=base, method=method, hyperparameters=hyper)
    plan = backend.prepare(local_request, data)
    settings = plan.job["settings"]
    _say(_describe(local_request, settings, data, longest, "max_length" in request.hyperparameters))
    job = backend.run(plan, on_event=_said_event)
    summary = Path(job.id) / "train.json"
    stdout.write(f"{backend.report(job)}\n")
    _say_summary(summary, stdout)
    return 0


def _longest(result: CheckResult) -> int:
    """The most tokens of one example, as the model's chat template renders it (0 when none was counted)."""
    table = result.table
    if table is None or not table.has(COLUMN):
        return 0
    position = COUNTS.index("tokens")
    # Row by row: a large table lives in polars, where `column` has no Python list to give.
    return max((counts[position] for (counts,) in table.iter_rows(COLUMN) if counts), default=0)


def _describe(request: TrainRequest, settings: LocalSettings, data: TrainingData, longest: int,
              length_given: bool) -> str:
    valid = f" + {len(data.valid.rows):,} validation" if data.valid else ""
    length = "given" if length_given else ("the longest example" if settings.max_length == longest else
                                          "the model's limit")
    return (f"ftlint: training {escape_controls(request.model)} with LoRA (rank {settings.lora_r}, alpha "
            f"{settings.lora_alpha}) by {'DPO' if settings.method == 'dpo' else 'SFT'} on {pick_device().describe()}: "
            f"{len(data.train.rows):,} examples ({data.train.trained_as}){valid}, {settings.n_epochs} epoch(s), "
            f"batch {settings.batch_size} x {settings.gradient_accumulation_steps}, learning rate "
            f"{settings.learning_rate:g}, max_length {settings.max_length:,} ({length})")


def _said_event(event: Event) -> None:
    _say(f"ftlint: {event.message}")


def _say_summary(summary: Path, stdout: TextIO) -> None:
    import json

    facts = json.loads(summary.read_text(encoding="utf-8"))
    losses = facts["losses"]
    parts = [f"{name} {losses[key]:.4f}" for name, key in (("first training loss", "first_train"),
                                                           ("last", "final_train"),
                                                           ("validation", "final_validation"))
             if losses[key] is not None]
    stdout.write(f"{facts['steps']:,} steps in {facts['runtime_seconds']:.1f} s; loss on {facts['loss_on']}"
                 + (f"; {', '.join(parts)}" if parts else "") + "\n")
    for note in facts["trainer_notes"][:5]:
        _say(f"ftlint: the trainer said: {escape_controls(note)}")
    stdout.write(f"summary: {summary}\nload it with:\n")
    for line in facts["load"]:
        stdout.write(f"    {line}\n")


def _say(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()
