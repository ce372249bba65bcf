"""One LoRA run with TRL on this machine: SFT or DPO, the adapter saved (and merged on request).

torch, transformers, peft and trl are imported here only, when a run starts. The model and its
tokenizer load from a local folder or the local Hugging Face cache, never from the network.
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ftlint.backends.base import BackendError, Event, TrainingData
from ftlint.backends.local.progress import progress_callback
from ftlint.backends.local.settings import Device, LocalSettings


@dataclass
class Outcome:
    """What a finished run measured."""

    steps: int
    runtime_seconds: float
    first_loss: float | None
    final_loss: float | None
    eval_loss: float | None
    loss_on: str  # which tokens the loss covered, in words
    trainer_notes: list[str] = field(default_factory=list)  # the libraries' warnings, once each


def train(model_path: str, data: TrainingData, settings: LocalSettings, device: Device, output: Path,
          on_event: Callable[[Event], None] | None) -> Outcome:
    """Train a LoRA adapter on `data`; save it to `output/adapter` (and the merged model to `output/merged`)."""
    os.environ["HF_HUB_OFFLINE"] = "1"  # with local_files_only below: a missing model is an error, not a fetch
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        from datasets import Dataset
        from peft import LoraConfig
        from transformers import AutoModelForCausalLM, AutoTokenizer
    except ImportError as missing:
        raise BackendError(f"the local trainer needs the `local` extra ({missing.name} is not installed): "
                           "pip install 'ftlint[local]' (with torch==2.13.0 or the build for your GPU)",
                           exit_code=2) from None
    import datasets
    import torch
    import transformers

    # ftlint prints the progress, one line per logged step: not the libraries' bars and log dicts.
    datasets.disable_progress_bars()
    transformers.utils.logging.disable_progress_bar()
    torch.manual_seed(settings.seed)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            tokenizer = AutoTokenizer.from_pretrained(model_path, local_files_only=True)
            model = AutoModelForCausalLM.from_pretrained(
                model_path, local_files_only=True, dtype=torch.bfloat16 if device.bf16 else torch.float32)
        except (OSError, ValueError) as failed:
            raise BackendError(f"cannot load the model at {model_path}: {_first_line(failed)}", exit_code=2) from None
        train_set = _dataset(Dataset, data.train.rows, "training")
        eval_set = _dataset(Dataset, data.valid.rows, "validation") if data.valid else None
        lora = LoraConfig(r=settings.lora_r, lora_alpha=settings.lora_alpha, lora_dropout=settings.lora_dropout,
                          target_modules=_target_modules(settings.target_modules), task_type="CAUSAL_LM")
        progress = progress_callback(on_event)
        trainer, loss_on = _trainer(model, tokenizer, train_set, eval_set, lora, settings, device, output, progress)
        trainer.remove_callback(transformers.PrinterCallback)
        try:
            result = trainer.train()
        except (ValueError, RuntimeError, TypeError) as failed:
            raise BackendError(f"the trainer stopped: {_first_line(failed)}") from None
        adapter = output / "adapter"
        trainer.save_model(str(adapter))
        (adapter / "training_args.bin").unlink(missing_ok=True)  # a pickle of the config: train.json says it all
        _remove_if_empty(output / "checkpoints")  # the trainer's output_dir; nothing is saved there per epoch
        if settings.merge:
            merged = trainer.model.merge_and_unload()
            merged.save_pretrained(str(output / "merged"))
            tokenizer.save_pretrained(str(output / "merged"))
    return Outcome(result.global_step, float(result.metrics.get("train_runtime", 0.0)), progress.first_loss,
                   progress.last_loss, progress.last_eval_loss, loss_on, _notes(caught))


def _dataset(dataset_type: Any, rows: list[dict[str, Any]], which: str) -> Any:
    try:
        return dataset_type.from_list(rows)
    except Exception as failed:  # pyarrow's errors have no common base: whatever it is, it is said
        raise BackendError(f"the {which} records do not fit one table (`datasets`, Arrow): {_first_line(failed)}; "
                           "a key whose type differs between records (a string here, a list there) is the usual "
                           "cause") from None


def _target_modules(names: tuple[str, ...]) -> str | list[str]:
    return "all-linear" if names == ("all-linear",) else list(names)


def _trainer(model: Any, tokenizer: Any, train_set: Any, eval_set: Any, lora: Any, settings: LocalSettings,
             device: Device, output: Path, progress: Any) -> tuple[Any, str]:
    """The TRL trainer for the method, and which tokens its loss covers."""
    steps_per_epoch = math.ceil(len(train_set) / (settings.batch_size * settings.gradient_accumulation_steps))
    common: dict[str, Any] = {
        "output_dir": str(output / "checkpoints"), "num_train_epochs": settings.n_epochs,
        "per_device_train_batch_size": settings.batch_size, "per_device_eval_batch_size": settings.batch_size,
        "gradient_accumulation_steps": settings.gradient_accumulation_steps,
        "learning_rate": settings.learning_rate, "max_length": settings.max_length, "seed": settings.seed,
        "bf16": device.bf16, "use_cpu": device.name == "cpu",
        # Checkpointing trades compute for GPU memory; a CPU run has the memory and not the compute.
        "gradient_checkpointing": device.name == "cuda",
        "logging_steps": max(1, steps_per_epoch * settings.n_epochs // 20), "logging_first_step": True,
        "eval_strategy": "epoch" if eval_set is not None else "no", "save_strategy": "no",
        "report_to": "none", "disable_tqdm": True,
    }
    try:
        if settings.method == "dpo":
            from trl import DPOConfig, DPOTrainer

            config = DPOConfig(beta=settings.beta, **common)
            trainer = DPOTrainer(model=model, args=config, train_dataset=train_set, eval_dataset=eval_set,
                                 processing_class=tokenizer, peft_config=lora, callbacks=[progress])
            return trainer, "the chosen and rejected answers (DPO)"
        from trl import SFTConfig, SFTTrainer

        masked = _can_mask(tokenizer) if "messages" in train_set.column_names else False
        config = SFTConfig(assistant_only_loss=masked, **common)
        trainer = SFTTrainer(model=model, args=config, train_dataset=train_set, eval_dataset=eval_set,
                             processing_class=tokenizer, peft_config=lora, callbacks=[progress])
        return trainer, _loss_on(train_set.column_names, masked)
    except (ValueError, RuntimeError, TypeError, KeyError) as failed:
        # jinja2's TemplateError is an Exception too, raised while TRL tokenizes the records.
        raise BackendError(f"the trainer refused the data: {_first_line(failed)}") from None
    except Exception as failed:
        if type(failed).__module__.startswith("jinja2"):
            raise BackendError(f"the model's chat template fails on a record: {_first_line(failed)}") from None
        raise


def _can_mask(tokenizer: Any) -> bool:
    """Whether assistant-only loss works: the template marks the assistant's text, or TRL knows a training
    template for it (TRL 1.16 swaps those in itself)."""
    from trl.chat_template_utils import get_training_chat_template, has_generation_markers

    template = tokenizer.chat_template
    if template and has_generation_markers(template):
        return True
    try:
        return get_training_chat_template(tokenizer) is not None
    except (ValueError, TypeError):
        return False


def _loss_on(columns: list[str], masked: bool) -> str:
    if "messages" in columns:
        return "the assistant's turns" if masked else \
            "every token (the chat template marks no assistant text: prompts are trained on too)"
    if "completion" in columns:
        return "the completions (TRL's completion-only loss)"
    return "every token (language modelling)"


def _remove_if_empty(folder: Path) -> None:
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


def _notes(caught: list[warnings.WarningMessage]) -> list[str]:
    """The libraries' warnings, once each; not their deprecation notices to one another (TRL calling a
    transformers name that is going away), which the user can do nothing about."""
    seen: list[str] = []
    for warning in caught:
        line = _first_line(warning.message)
        if issubclass(warning.category, (DeprecationWarning, FutureWarning)) or "deprecated" in line:
            continue
        if line and line not in seen:
            seen.append(line)
    return seen


def _first_line(value: object) -> str:
    text = str(value).strip()
    return text.splitlines()[0] if text else type(value).__name__
