"""`train.json`: what a local run trained on, with what, and how it ended; and the lines that load it."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ftlint import __version__
from ftlint.backends.base import TrainingData, TrainingFile
from ftlint.backends.local.settings import Device, LocalSettings
from ftlint.backends.local.trainer import Outcome


def load_lines(output: Path, merged: bool) -> list[str]:
    """Two lines of Python that load the result (the adapter over its base model, or the merged model)."""
    if merged:
        folder = json.dumps(str((output / "merged").resolve()))
        return ["from transformers import AutoModelForCausalLM, AutoTokenizer",
                f"model, tokenizer = AutoModelForCausalLM.from_pretrained({folder}), "
                f"AutoTokenizer.from_pretrained({folder})"]
    folder = json.dumps(str((output / "adapter").resolve()))
    return ["from peft import AutoPeftModelForCausalLM; from transformers import AutoTokenizer",
            f"model, tokenizer = AutoPeftModelForCausalLM.from_pretrained({folder}), "
            f"AutoTokenizer.from_pretrained({folder})"]


def write_summary(output: Path, model: str, data: TrainingData, settings: LocalSettings, device: Device,
                  outcome: Outcome) -> Path:
    summary: dict[str, Any] = {
        "ftlint": __version__,
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "base_model": model,
        "method": settings.method,
        "data": {"train": _file(data.train), "valid": _file(data.valid) if data.valid else None},
        "settings": settings.as_dict(),
        "device": device.describe(),
        "loss_on": outcome.loss_on,
        "steps": outcome.steps,
        "runtime_seconds": round(outcome.runtime_seconds, 3),
        "losses": {"first_train": outcome.first_loss, "final_train": outcome.final_loss,
                   "final_validation": outcome.eval_loss},
        "adapter": "adapter",
        "merged": "merged" if settings.merge else None,
        "load": load_lines(output, settings.merge),
        "trainer_notes": outcome.trainer_notes,
    }
    path = output / "train.json"
    # Atomic, like every file ftlint writes: a reader never sees half a summary.
    handle, temporary = tempfile.mkstemp(dir=output, prefix=".train.json.")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(summary, out, indent=2)
        out.write("\n")
    os.replace(temporary, path)
    return path


def _file(item: TrainingFile) -> dict[str, Any]:
    return {"path": str(item.path), "sha256": item.sha256, "records": len(item.rows), "trained_as": item.trained_as,
            "left_out": item.left_out, "notes": list(item.notes)}
