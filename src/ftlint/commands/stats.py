"""`ftlint stats`: exact token counts for every example, epochs, cost, classes and the top findings."""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ftlint.commands.check import CheckRequest, Run
from ftlint.commands.progress import with_progress
from ftlint.commands.settings import input_excludes
from ftlint.core.engine.driver import CheckResult
from ftlint.core.paths import refuse_clobbering
from ftlint.core.sources import NOTHING_LEFT, InputError, resolve_inputs
from ftlint.core.tokens.counting import exact_measure
from ftlint.privacy.masking import mask_labels
from ftlint.report.features import token_features
from ftlint.report.html import emit_html
from ftlint.report.stats import compute_stats
from ftlint.report.text import emit_json, emit_text
from ftlint.rules.classification import classification_files


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
    session = run.session.with_features(token_features(target.model.encoding))
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
    classes = _classes(result, target.label_field)
    if not target.show_pii:  # class labels are quoted from the data: masked like every report
        classes = {path: mask_labels(counts) for path, counts in classes.items()}
    stats = compute_stats(result, target.model, classes, request.epochs,
                          checked_for=target.trainer if target.provider else "any trainer")
    if (run.settings.output_format or "text") == "json":
        emit_json(stats, stdout)
    else:
        emit_text(stats, stdout)
    if request.html:
        with open(request.html, "w", encoding="utf-8") as out:
            emit_html(stats, out)
    return 0


def _classes(result: CheckResult, label_field: str | None) -> dict[str, dict[str, int]]:
    if result.table is None or not result.table.has("label"):
        return {}  # the CL rules were not selected: there is no label column
    return {f.path: dict(f.classes.most_common()) for f in classification_files(result.table, label_field)}
