"""The commands that talk to a trainer: `ftlint upload`, `ftlint train`, `ftlint jobs ...` (registered on the
`cli` group by `ftlint.cli`). Only click is imported here; the backend and its SDK load when a command runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ftlint.cli import UsageError, _guarded

_backend_options = (
    click.option("--backend", type=click.Choice(["openai", "local"]), default="openai", show_default=True,
                 help="Who trains: OpenAI (the `openai` extra), or TRL with LoRA on this machine (the `local` "
                      "extra)."),
    click.option("--base-url", envvar="OPENAI_BASE_URL", metavar="URL",
                 help="The API's address, e.g. Azure OpenAI's https://NAME.openai.azure.com/openai/v1/ "
                      "(its key from AZURE_OPENAI_API_KEY). The key always comes from the environment "
                      "(OPENAI_API_KEY) and is never printed."),
)


def _with_backend(command: Any) -> Any:
    for option in reversed(_backend_options):
        command = option(command)
    return command


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@_with_backend
def upload(paths: tuple[Path, ...], backend: str, base_url: str | None) -> None:
    """Upload JSONL files for fine-tuning and print their ids; an identical file uploaded before is reused.

    The Files API takes up to 512 MB; larger files (up to 8 GB) go through the Uploads API in 64 MB parts.
    """

    def run() -> int:
        from ftlint.commands.upload import run_upload

        return run_upload(list(paths), backend, base_url)

    _guarded(run)


@click.command()
@click.argument("train_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--valid", type=click.Path(dir_okay=False, path_type=Path),
              help="A validation file (not billed by OpenAI; evaluated after each epoch locally).")
@_with_backend
@click.option("--model", required=True, help="The base model: an OpenAI model (or an ft: model to train further); "
                                              "locally, a model folder or a model in the Hugging Face cache.")
@click.option("--method", type=click.Choice(["supervised", "dpo", "reinforcement"]),
              help="How to train (default: by the training file's records: chat -> supervised, "
                   "preference -> dpo, reinforcement records -> reinforcement).")
@click.option("--epochs", type=click.IntRange(min=1), help="n_epochs (default: the provider's choice; locally 3).")
@click.option("--batch-size", type=click.IntRange(min=1), help="batch_size (default: the provider's choice; "
                                                                "locally 8 per device).")
@click.option("--beta", type=click.FloatRange(min=0, min_open=True), help="DPO's beta (--method dpo).")
@click.option("--seed", type=int, help="The run's seed, for reproducibility.")
@click.option("--force", is_flag=True, help="Send or train on the data even when the check finds errors.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file to use for the check.")
@click.option("--jobs", type=click.IntRange(min=1), help="Worker processes for the check.")
@click.option("--suffix", help="OpenAI: up to 64 characters added to the fine-tuned model's name.")
@click.option("--learning-rate-multiplier", type=click.FloatRange(min=0, min_open=True),
              help="OpenAI: learning_rate_multiplier (default: the provider's choice).")
@click.option("--grader", type=click.Path(dir_okay=False, path_type=Path),
              help="OpenAI: a JSON file with the grader object (--method reinforcement).")
@click.option("--wait", is_flag=True, help="OpenAI: follow the job's events until it ends; exit 1 if it fails.")
@click.option("-y", "--yes", is_flag=True, help="OpenAI: start without asking (needed when not on a terminal).")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Local: a new (or empty) folder for the adapter, the merged model and train.json.")
@click.option("--learning-rate", type=click.FloatRange(min=0, min_open=True),
              help="Local: default 2e-4 (LoRA's usual).")
@click.option("--gradient-accumulation", type=click.IntRange(min=1),
              help="Local: steps per optimizer update (default 1).")
@click.option("--max-length", type=click.IntRange(min=1),
              help="Local: tokens per example (default: the longest example the check measured, within the "
                   "model's limit).")
@click.option("--lora-rank", type=click.IntRange(min=1), help="Local: loRA's r (default 16).")
@click.option("--lora-alpha", type=click.IntRange(min=1), help="Local: loRA's alpha (default 32).")
@click.option("--lora-dropout", type=click.FloatRange(min=0, max=1, max_open=True), help="Local: default 0.05.")
@click.option("--target-modules", help="Local: comma-separated module names LoRA adapts (default: all-linear).")
@click.option("--merge", is_flag=True, help="Local: also save the model with the adapter merged in (output/merged).")
def train(train_file: Path, **options: Any) -> None:
    """Check TRAIN_FILE (and --valid) for the backend, then train on it.

    OpenAI: show the cost, then upload the files and start a fine-tuning job; nothing is sent without
    confirmation (or --yes). Locally: train a LoRA adapter with TRL (SFT, or DPO for preference data) on the
    GPU in bf16 or the CPU in fp32, and save it to --output with train.json. Nothing is sent or trained
    when the check finds errors, unless --force.
    """

    def run() -> int:
        from ftlint.backends.base import TrainRequest
        from ftlint.commands.train import TrainOptions, run_train

        request = TrainRequest(train_file, options["model"], options["valid"], options["method"] or "",
                               options["suffix"], options["seed"], _hyperparameters(options),
                               _grader(options["grader"]), options["output"], _modules(options["target_modules"]),
                               options["merge"])
        return run_train(TrainOptions(request, options["backend"], options["base_url"], options["yes"],
                                      options["force"], options["wait"], options["config_path"], options["jobs"]))

    _guarded(run)


# Each hyperparameter's name in the request, by its option's name.
_HYPERPARAMETERS = {"epochs": "n_epochs", "batch_size": "batch_size",
                    "learning_rate_multiplier": "learning_rate_multiplier", "beta": "beta",
                    "learning_rate": "learning_rate", "gradient_accumulation": "gradient_accumulation_steps",
                    "max_length": "max_length", "lora_rank": "lora_r", "lora_alpha": "lora_alpha",
                    "lora_dropout": "lora_dropout"}


def _hyperparameters(options: dict[str, Any]) -> dict[str, int | float]:
    return {name: options[key] for key, name in _HYPERPARAMETERS.items() if options[key] is not None}


def _modules(given: str | None) -> tuple[str, ...]:
    if given is None:
        return ()
    names = tuple(name.strip() for name in given.split(",") if name.strip())
    if not names:
        raise UsageError("--target-modules: name at least one module (e.g. q_proj,v_proj) or all-linear")
    return names


def _grader(path: Path | None) -> dict[str, Any] | None:
    if path is None:
        return None
    try:
        grader = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as problem:
        raise UsageError(f"--grader {path}: not JSON ({problem})") from None
    if not isinstance(grader, dict):
        raise UsageError(f"--grader {path}: a grader is a JSON object")
    return grader


@click.group()
def jobs() -> None:
    """The provider's fine-tuning jobs: list, show, events, cancel, metrics."""


def _jobs_command(action: str, job_id: str | None, **options: Any) -> None:
    def run() -> int:
        from ftlint.commands.jobs import run_jobs

        return run_jobs(action, job_id, backend_name=options["backend"], base_url=options["base_url"],
                        wait=options.get("wait", False), limit=options.get("limit", 20), plot=options.get("plot"))

    _guarded(run)


@jobs.command(name="list")
@click.option("--limit", type=click.IntRange(min=1, max=100), default=20, show_default=True)
@_with_backend
def list_jobs(**options: Any) -> None:
    """The latest jobs, newest first."""
    _jobs_command("list", None, **options)


_wait = click.option("--wait", is_flag=True, help="Follow the job until it ends; exit 1 if it fails.")


@jobs.command()
@click.argument("job_id")
@_wait
@_with_backend
def show(job_id: str, **options: Any) -> None:
    """A job's status, files and result (with --wait, once it has ended)."""
    _jobs_command("show", job_id, **options)


@jobs.command()
@click.argument("job_id")
@_wait
@_with_backend
def events(job_id: str, **options: Any) -> None:
    """A job's events, oldest first (with --wait, as they come until it ends)."""
    _jobs_command("events", job_id, **options)


@jobs.command()
@click.argument("job_id")
@_with_backend
def cancel(job_id: str, **options: Any) -> None:
    """Cancel a job."""
    _jobs_command("cancel", job_id, **options)


@jobs.command()
@click.argument("job_id")
@click.option("--plot", type=click.Path(dir_okay=False), help="Also draw loss and accuracy to this PNG "
              "(needs matplotlib, not installed with ftlint).")
@_with_backend
def metrics(job_id: str, **options: Any) -> None:
    """A finished job's metrics (its result file): steps, and each metric's first, last and best value."""
    _jobs_command("metrics", job_id, **options)
