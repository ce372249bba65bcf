"""The trainer's logs as ftlint events: one line per logging step (loss, learning rate) and per evaluation.

The callback class derives from transformers' `TrainerCallback`, so it is defined when a run starts
(importing transformers loads torch): importing this module costs nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from ftlint.backends.base import Event


def progress_callback(on_event: Callable[[Event], None] | None) -> Any:
    """A callback that tells `on_event` of each logged loss and keeps the losses the summary reports
    (`first_loss`, `last_loss`, `last_eval_loss`)."""
    from transformers import TrainerCallback

    class ProgressCallback(TrainerCallback):  # type: ignore[misc]
        def __init__(self) -> None:
            self.first_loss: float | None = None
            self.last_loss: float | None = None
            self.last_eval_loss: float | None = None
            self.count = 0

        def on_log(self, args: Any, state: Any, control: Any, logs: dict[str, Any] | None = None,
                   **kwargs: Any) -> None:
            logs = logs or {}
            where = f"step {state.global_step}/{state.max_steps} (epoch {state.epoch or 0:.2f})"
            if "loss" in logs:
                loss = float(logs["loss"])
                self.first_loss = loss if self.first_loss is None else self.first_loss
                self.last_loss = loss
                rate = logs.get("learning_rate")
                message = f"{where}: loss {loss:.4f}"
                if rate is not None:
                    message += f", learning rate {float(rate):.2e}"
            elif "eval_loss" in logs:
                self.last_eval_loss = float(logs["eval_loss"])
                message = f"{where}: validation loss {self.last_eval_loss:.4f}"
            else:
                return
            self.count += 1
            if on_event is not None:
                on_event(Event(f"log-{self.count}", int(time.time()), "info", message))

    return ProgressCallback()
