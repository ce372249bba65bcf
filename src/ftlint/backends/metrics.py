"""A job's training metrics: a CSV by step (OpenAI's result file: step, train_loss, train_accuracy,
valid_loss, valid_mean_token_accuracy, ...), read, summarised and optionally plotted."""

from __future__ import annotations

import base64
import binascii
import contextlib
import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

from ftlint.backends.base import BackendError


@dataclass(frozen=True)
class Metrics:
    columns: tuple[str, ...]
    rows: list[dict[str, float]]  # one per step; a metric not measured at a step is absent

    def series(self, name: str) -> list[tuple[float, float]]:
        return [(row["step"], row[name]) for row in self.rows if name in row and "step" in row]


def parse_metrics(content: bytes) -> Metrics:
    """The CSV as OpenAI serves it: base64-encoded for current jobs, plain for older ones."""
    text = content.decode("utf-8", "replace")
    if not text.lstrip().startswith("step"):
        # Not base64 either: the CSV check below says so.
        with contextlib.suppress(binascii.Error, ValueError):
            text = base64.b64decode(content, validate=False).decode("utf-8", "replace")
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "step" not in reader.fieldnames:
        raise BackendError("the result file is not the metrics CSV ftlint knows (no `step` column)")
    rows = []
    for raw in reader:
        row = {}
        for name, value in raw.items():
            try:
                number = float(value) if value not in (None, "") else math.nan
            except ValueError:
                continue
            if not math.isnan(number):
                row[name] = number
        rows.append(row)
    return Metrics(tuple(reader.fieldnames), rows)


def summary(metrics: Metrics) -> list[str]:
    """Lines: steps, then per metric its first, last and best value."""
    lines = [f"steps: {len(metrics.rows)}"]
    for name in metrics.columns:
        if name == "step" or not (values := [v for _, v in metrics.series(name)]):
            continue
        best = min(values) if "loss" in name else max(values)
        lines.append(f"{name}: first {values[0]:.4f}, last {values[-1]:.4f}, "
                     f"{'lowest' if 'loss' in name else 'highest'} {best:.4f}")
    return lines


def plot(metrics: Metrics, path: Path) -> None:
    """Loss and accuracy by step, written as an image; needs matplotlib (not a dependency of ftlint)."""
    try:
        import matplotlib

        matplotlib.use("Agg")  # no display needed
        import matplotlib.pyplot as plt
    except ImportError:
        raise BackendError("--plot needs matplotlib: pip install matplotlib", exit_code=2) from None
    figure, (losses, accuracies) = plt.subplots(2, 1, sharex=True, figsize=(8, 6))
    for name in metrics.columns:
        if name != "step" and (points := metrics.series(name)):
            axes = losses if "loss" in name else accuracies
            axes.plot([s for s, _ in points], [v for _, v in points], label=name)
    losses.set_ylabel("loss")
    accuracies.set_ylabel("accuracy")
    accuracies.set_xlabel("step")
    for axes in (losses, accuracies):
        if axes.lines:
            axes.legend()
    figure.savefig(path)
    plt.close(figure)
