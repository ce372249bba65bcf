"""The local trainer's settings: what `ftlint train --backend local` takes, its defaults, and the device.

Defaults are LoRA's usual ones, not TRL's full fine-tuning ones: TRL's learning rate (2e-5) is for
updating every weight and barely moves a low-rank adapter.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ftlint.backends.base import HYPERPARAMETER_FLAGS, BackendError, TrainRequest

# The hyperparameters each method takes here, by their names in `TrainRequest.hyperparameters`.
SHARED = ("n_epochs", "batch_size", "learning_rate", "gradient_accumulation_steps", "max_length", "lora_r",
          "lora_alpha", "lora_dropout")
ALLOWED = {"supervised": SHARED, "dpo": (*SHARED, "beta")}


TRL_MAX_LENGTH = 1024  # SFTConfig's and DPOConfig's default (TRL 1.16)


@dataclass(frozen=True)
class LocalSettings:
    """Everything the run is trained with (written to train.json as it is)."""

    method: str  # supervised (TRL SFT) or dpo (TRL DPO)
    max_length: int
    n_epochs: int = 3
    batch_size: int = 8  # per device, TRL's default
    learning_rate: float = 2e-4
    gradient_accumulation_steps: int = 1
    lora_r: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.05
    target_modules: tuple[str, ...] = ("all-linear",)
    beta: float = 0.1  # DPO's, TRL's default
    seed: int = 42  # TrainingArguments' default
    merge: bool = False

    def as_dict(self) -> dict[str, Any]:
        values = asdict(self)
        values["target_modules"] = list(self.target_modules)
        return values


def local_settings(request: TrainRequest) -> LocalSettings:
    """The settings of `request` (its values over the defaults); a usage error for what does not apply.
    `max_length` defaults to TRL's 1024; the command passes the longest example it measured instead."""
    if request.method not in ALLOWED:
        raise BackendError(f"--method {request.method} is not trained locally: the local trainer does supervised "
                           "fine-tuning (TRL SFT) and dpo (TRL DPO)", exit_code=2)
    wrong = [HYPERPARAMETER_FLAGS[name] for name in request.hyperparameters if name not in ALLOWED[request.method]]
    if wrong:
        raise BackendError(f"{', '.join(wrong)} does not apply to --backend local --method {request.method}",
                           exit_code=2)
    for given, flag in ((request.suffix, "--suffix"), (request.grader, "--grader")):
        if given is not None:
            raise BackendError(f"{flag} is OpenAI's; the local trainer writes to --output", exit_code=2)
    values: dict[str, Any] = {"method": request.method, "max_length": TRL_MAX_LENGTH, **request.hyperparameters}
    if request.target_modules:
        values["target_modules"] = request.target_modules
    if request.seed is not None:
        values["seed"] = request.seed
    values["merge"] = request.merge
    for name in ("n_epochs", "batch_size", "gradient_accumulation_steps", "max_length", "lora_r", "lora_alpha"):
        values[name] = int(values.get(name, getattr(LocalSettings, name, 0)))
    return LocalSettings(**values)


@dataclass(frozen=True)
class Device:
    """Where the run trains and in which precision."""

    name: str  # "cuda" or "cpu"
    bf16: bool

    def describe(self) -> str:
        return f"{self.name} ({'bf16' if self.bf16 else 'fp32'})"


def pick_device() -> Device:
    """CUDA in bf16 where the GPU has it; otherwise fp32, on the GPU or the CPU. TRL's configs default to
    bf16=True, which a CPU run must never get (slow, and unsupported on many CPUs)."""
    import torch

    if torch.cuda.is_available():
        return Device("cuda", bool(torch.cuda.is_bf16_supported()))
    return Device("cpu", False)
