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
                 help="Who trains: OpenAI (the `openai` extra), or the local TRL trainer (not built yet)."),
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
@click.option("--valid", type=click.Path(dir_okay=False, path_type=Path), help="A validation file (not billed).")
@_with_backend
@click.option("--model", required=True, help="The base model (or an ft: model to train further).")
@click.option("--method", type=click.Choice(["supervised", "dpo", "reinforcement"]),
              help="How to train (default: by the training file's records: chat -> supervised, "
                   "preference -> dpo, reinforcement records -> reinforcement).")
@click.option("--suffix", help="Up to 64 characters added to the fine-tuned model's name.")
@click.option("--epochs", type=click.IntRange(min=1), help="n_epochs (default: the provider's choice).")
@click.option("--batch-size", type=click.IntRange(min=1), help="batch_size (default: the provider's choice).")
@click.option("--learning-rate-multiplier", type=click.FloatRange(min=0, min_open=True),
              help="learning_rate_multiplier (default: the provider's choice).")
@click.option("--beta", type=click.FloatRange(min=0, min_open=True), help="DPO's beta (--method dpo).")
@click.option("--grader", type=click.Path(dir_okay=False, path_type=Path),
              help="A JSON file with the grader object (--method reinforcement).")
@click.option("--seed", type=int, help="The job's seed, for reproducibility.")
@click.option("--wait", is_flag=True, help="Follow the job's events until it ends; exit 1 if it fails.")
@click.option("-y", "--yes", is_flag=True, help="Start without asking (needed when not on a terminal).")
@click.option("--force", is_flag=True, help="Send the data even when the check finds errors.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file to use for the check.")
@click.option("--jobs", type=click.IntRange(min=1), help="Worker processes for the check.")
def train(train_file: Path, **options: Any) -> None:
    """Check TRAIN_FILE (and --valid) for the backend, show the cost, then upload it and start fine-tuning.

    Nothing is sent when the check finds errors (unless --force) or without confirmation (or --yes).
    """

    def run() -> int:
        from ftlint.backends.base import TrainRequest
        from ftlint.commands.train import TrainOptions, run_train

        hyper = {name: options[key] for name, key in (("n_epochs", "epochs"), ("batch_size", "batch_size"),
                                                      ("learning_rate_multiplier", "learning_rate_multiplier"),
                                                      ("beta", "beta")) if options[key] is not None}
        request = TrainRequest(train_file, options["model"], options["valid"], options["method"] or "",
                               options["suffix"], options["seed"], hyper, _grader(options["grader"]))
        return run_train(TrainOptions(request, options["backend"], options["base_url"], options["yes"],
                                      options["force"], options["wait"], options["config_path"], options["jobs"]))

    _guarded(run)


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
