"""`ftlint stats`: exact token counts for every example, by part and by file, epochs, cost, classes and
the findings, as text, JSON or a self-contained HTML page."""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TextIO

from ftlint.commands.check import CheckRequest, Run
from ftlint.commands.progress import with_progress
from ftlint.commands.settings import input_excludes
from ftlint.commands.snippets import read_snippets
from ftlint.core.engine.driver import CheckResult
from ftlint.core.images import REFERENCE_IMAGE_COST
from ftlint.core.models import ModelSpec
from ftlint.core.paths import refuse_clobbering
from ftlint.core.rule import Target
from ftlint.core.session import Session
from ftlint.core.sources import NOTHING_LEFT, InputError, InputFile, resolve_inputs
from ftlint.core.tokens.counting import exact_measure
from ftlint.core.tokens.hf import hf_path, is_hf
from ftlint.privacy.masking import mask_labels, mask_text
from ftlint.report.features import ImageCounter, token_features
from ftlint.report.findings import summarise_findings
from ftlint.report.stats import Counting, Preference, Stats, compute_stats
from ftlint.report.text import emit_json, emit_text
from ftlint.rules._validation_files import VALIDATION_NAMES, validation_files
from ftlint.rules.classification import classification_files
from ftlint.rules.preference import pair_figures, stats_features


@dataclass(frozen=True)
class StatsRequest:
    check: CheckRequest
    html: str | None = None
    epochs: int | None = None


def run_stats(request: StatsRequest, stdout: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    run = Run.from_flags(request.check.flags, request.check.jobs)
    run.announce()
    target = run.target
    images, counting = image_counting(target)
    session = run.session.with_features((*token_features(target.model.encoding, images), *stats_features()))
    # Every record will be tokenized: load the tokenizer's tables once here, before the worker
    # processes fork and share them, instead of once in each worker.
    exact_measure(target.model.encoding)
    with tempfile.TemporaryDirectory(prefix="ftlint-") as tmp, with_progress(session, request.check.quiet) as watched:
        scratch = Path(tmp)
        inputs = resolve_inputs(request.check.paths, scratch, input_excludes(run.settings))
        if not inputs:
            raise InputError(NOTHING_LEFT.format(verb="count"))
        refuse_clobbering({"--html": Path(request.html) if request.html else None},
                          [item.path for item in inputs if not item.remote])
        result = watched.check(inputs, scratch)
        stats = _stats(result, session, counting, inputs, request)
    if (run.settings.output_format or "text") == "json":
        emit_json(stats, stdout)
    else:
        emit_text(stats, stdout)
    if request.html:
        from ftlint.report.html import emit_html  # jinja2 is imported only for a page

        with open(request.html, "w", encoding="utf-8") as out:
            emit_html(stats, out)
    return 0


def _stats(result: CheckResult, session: Session, counting: Counting, inputs: list[InputFile],
           request: StatsRequest) -> Stats:
    target, pack = session.target, session.pack
    classes = _classes(result, target.label_field)
    # Class labels, messages and snippets quote the data: masked like every report (credentials even
    # with `--show-pii`).
    personal = not target.show_pii
    classes = {path: mask_labels(counts, personal) for path, counts in classes.items()}
    paths = [f.path for f in result.files]
    # Validation files are named as DQ004 (train/valid leaks) is told to find them, else by its defaults.
    leaks = next((rule for rule in pack.rules if rule.code == "DQ004"), None)
    validation = validation_files(paths, list(leaks.options.validation) if leaks else VALIDATION_NAMES)

    def snippets(places: list[tuple[str, int]]) -> dict[tuple[str, int], str]:
        return read_snippets(inputs, places, target.show_pii)

    return compute_stats(result, target.model, counting, classes=classes, epochs=request.epochs,
                         preference=_preference(result),
                         checked_for=target.trainer if target.provider else "any trainer", validation=validation,
                         findings=summarise_findings(result.findings, snippets,
                                                     partial(mask_text, personal=personal)))


def image_counting(target: Target) -> tuple[ImageCounter | None, Counting]:
    """How the target counts an image, and how the report says it: the named model's own rule (none
    for a model that trains on no images), or gpt-4o's as a reference when no model is named."""
    model = target.model
    tokenizer, template = _tokenizer(model), is_hf(model.encoding)
    if not target.model_named:
        cost = REFERENCE_IMAGE_COST
        said = f"gpt-4o's rule, as no model is named: {cost.describe()} ({cost.source})"
        return cost.tokens, Counting(tokenizer, said, True, template)
    cost = model.image_cost
    if cost is None:
        return None, Counting(tokenizer, "", False, template)
    return cost.tokens, Counting(tokenizer, f"{model.name}'s rule: {cost.describe()} ({cost.source})", True, template)


def _tokenizer(model: ModelSpec) -> str:
    if is_hf(model.encoding):
        return f"the model's own tokenizer and chat template ({hf_path(model.encoding)})"
    if model.provider == "open-weight":
        return (f"{model.encoding}, an estimate for {model.name} (name its folder with --model for its own "
                "tokenizer)")
    return f"{model.encoding} (tiktoken's ranks, shipped with ftlint)"


def _preference(result: CheckResult) -> dict[str, Preference]:
    """Each preference file's figures, from the very columns and functions PF007-PF009 judge."""
    if result.table is None:
        return {}
    return {result.table.paths[file]: Preference(f.pairs, f.chosen_longer, f.chosen_longer / f.pairs,
                                                 f.median_ratio, f.refusal_chosen, f.reversed)
            for file, f in pair_figures(result.table).items()}  # a file listed has at least one pair


def _classes(result: CheckResult, label_field: str | None) -> dict[str, dict[str, int]]:
    if result.table is None or not result.table.has("label"):
        return {}  # the CL rules were not selected: there is no label column
    return {f.path: dict(f.classes.most_common()) for f in classification_files(result.table, label_field)}
