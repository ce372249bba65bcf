"""`ftlint train`: check the data with the backend's profile, then hand it to the trainer.

A service (OpenAI): show the cost, ask, upload and start the job (and, with --wait, follow it to
its end). The local trainer: convert the records to TRL's, train here (`commands.train_local`).
Nothing is sent or trained when the check finds errors, unless --force."""

from __future__ import annotations

import glob
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from ftlint.backends import get_backend
from ftlint.backends.base import BackendError, TrainRequest
from ftlint.commands.check import Run
from ftlint.commands.follow import follow_job
from ftlint.commands.settings import Flags
from ftlint.commands.stats import image_counting
from ftlint.core.engine.driver import CheckResult
from ftlint.core.engine.pack import RulePack
from ftlint.core.findings import Severity
from ftlint.core.sources import resolve_inputs
from ftlint.core.textsafe import escape_controls
from ftlint.report.features import token_features
from ftlint.report.stats import Stats, compute_stats

# The method a training file's records are for, when --method is not given.
METHOD_FOR_FORMAT = {"chat": "supervised", "prompt_completion": "supervised", "preference": "dpo",
                     "rft": "reinforcement"}


@dataclass(frozen=True)
class TrainOptions:
    request: TrainRequest  # its method is "" when not given: the training file's records decide
    backend: str = "openai"
    base_url: str | None = None
    yes: bool = False
    force: bool = False
    wait: bool = False
    config: str | None = None
    jobs: int | None = None


def run_train(options: TrainOptions, stdout: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    backend = get_backend(options.backend, options.base_url)
    request = options.request
    backend.validate(request)  # usage errors before the model's tokenizer loads or the data is read
    # A retired model, or one past its last day for new jobs, is refused here with its date.
    run = Run.from_flags(Flags(config=options.config, profile=backend.profile, model=request.model), options.jobs)
    run.announce()
    if not backend.remote:
        run = _for_local_training(run, request)
    result = _check(run, request)
    errors = sum(1 for finding in result.findings if finding.severity >= Severity.ERROR)
    if result.findings:
        run.report(result, stdout)
    if errors and not options.force:
        verb = ("sent", "send") if backend.remote else ("trained", "train on")
        _say(f"ftlint: {errors:,} error(s) in the data: {backend.title} would refuse it or train badly on it; "
             f"nothing was {verb[0]}. Fix them (`ftlint fix` repairs some) or pass --force to {verb[1]} it anyway")
        return 1
    if errors:
        _say(f"ftlint: warning: {'training on' if not backend.remote else 'sending'} the data with {errors:,} "
             "error(s) (--force)")
    if not backend.remote:
        from ftlint.commands.train_local import train_here

        return train_here(backend, run, result, options, stdout)
    plan = backend.prepare(replace(request, method=request.method or _method_of(result, request)))
    _show_cost(run, result, plan.request, stdout)
    if not _confirmed(options.yes, plan.request):
        _say("ftlint: nothing was sent")
        return 0
    job = backend.run(plan, on_upload=_said_upload)
    stdout.write(f"started fine-tuning job {job.id} ({job.model}, {plan.job['method']['type']})\n")
    if not options.wait:
        stdout.write(f"follow it with: ftlint jobs show {job.id} --wait\n")
        return 0
    return follow_job(backend, job.id, stdout)


def _check(run: Run, request: TrainRequest) -> CheckResult:
    """The training and validation files checked together (so that leakage between them shows), with the
    token counts the cost estimate needs."""
    images, _ = image_counting(run.target)
    session = run.session.with_features(token_features(run.target.model.encoding, images))
    if request.valid:
        session = replace(session, pack=with_options(session.pack, {"validation": [glob.escape(request.valid.name)]}))
    paths = [str(request.train)] + ([str(request.valid)] if request.valid else [])
    with tempfile.TemporaryDirectory(prefix="ftlint-") as tmp:
        return session.check(resolve_inputs(paths, Path(tmp)), Path(tmp))


def with_options(pack: RulePack, values: dict[str, object]) -> RulePack:
    """The pack with `values` set on every rule that has such options: `--valid`'s file known as the
    validation file, whatever its name, by the rules that treat validation files apart (DQ004's leaks,
    TK002's minimum: their `validation` name patterns); the run's `max_length` for TK004."""
    rules = []
    for rule in pack.rules:
        options = rule.options
        mine = {name: value for name, value in values.items() if name in type(options).declared()}
        if mine:
            rule = type(rule)(type(options).model_construct(**{**options.model_dump(), **mine}), target=rule.target)
        rules.append(rule)
    return replace(pack, rules=tuple(rules))


def _for_local_training(run: Run, request: TrainRequest) -> Run:
    """The check of data for the local trainer, which converts what TRL does not read (OpenAI's preference
    records, Alpaca, ShareGPT) before training: those formats are trainable; and TK004 judges truncation
    at the length the run will use (given, or the model's own limit)."""
    from ftlint.commands.train_data import TRAINABLE_FORMATS
    from ftlint.commands.train_local import require_local_model

    require_local_model(run, request.model)
    target = replace(run.target, formats=run.target.formats | TRAINABLE_FORMATS)
    limit = request.hyperparameters.get("max_length") or target.model.max_tokens
    pack = with_options(run.session.pack, {"max_length": int(limit)})
    pack = replace(pack, rules=tuple(type(rule)(rule.options, target=target) for rule in pack.rules))
    return replace(run, session=replace(run.session, pack=pack, target=target))


def _method_of(result: CheckResult, request: TrainRequest) -> str:
    detected = next((f.format for f in result.files if Path(f.path) == request.train), None)
    return METHOD_FOR_FORMAT.get(detected or "", "supervised")


def _train_stats(run: Run, result: CheckResult, request: TrainRequest) -> Stats | None:
    table = result.table
    if table is None:
        return None
    # Validation tokens are not billed: the estimate counts the training file alone.
    index = next((n for n, path in enumerate(table.paths) if Path(path) == request.train), 0)
    epochs = request.hyperparameters.get("n_epochs")
    _, counting = image_counting(run.target)
    return compute_stats(replace(result, table=table.of_file(index)), run.target.model, counting,
                         epochs=int(epochs) if epochs else None)


def _show_cost(run: Run, result: CheckResult, request: TrainRequest, stdout: TextIO) -> None:
    stats = _train_stats(run, result, request)
    if stats is None:
        return
    model = run.target.model
    stdout.write(f"{escape_controls(str(request.train))}: {stats.records:,} examples, {stats.billing_tokens:,} "
                 f"billing tokens x {stats.epochs} epochs = {stats.trained_tokens:,} trained tokens\n")
    cost = next((c for c in stats.costs if c.model == model.name), None)
    if cost is None:
        stdout.write(f"estimated cost: none known for {model.name} (not billed per token, or no price in "
                     "rules/models.toml)\n")
    else:
        stdout.write(f"estimated cost: ${cost.dollars:,.2f} ({model.name} at ${cost.price_per_1m:g} per 1M "
                     "training tokens; validation is not billed; re-check the price)\n")


def _confirmed(yes: bool, request: TrainRequest) -> bool:
    if yes:
        return True
    if not sys.stdin.isatty():
        raise BackendError("not asking for confirmation without a terminal: pass --yes to start the job",
                           exit_code=2)
    import click

    return click.confirm(f"Upload {request.train.name} and start fine-tuning {request.model}?", default=False)


def _said_upload(path: Path, file_id: str, reused: bool) -> None:
    name = escape_controls(str(path))
    _say(f"ftlint: {name}: reusing {file_id}, uploaded before" if reused else f"ftlint: {name}: uploaded as {file_id}")


def _say(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()
