"""Prompt-only records (TRL: GRPO, RLOO, Online DPO, Nash-MD, XPO): `{"prompt": str | [messages]}`.

The trainer generates the completions itself and scores them, so a record holds no answer and
cannot be used for supervised fine-tuning (the target's formats say so, through SC006). Other keys
are data the reward functions read (TRL passes every other column of the dataset to them as
keyword arguments, e.g. `ground_truth` for an accuracy reward), so unknown keys are allowed here, as
in RFT records. Source: TRL `docs/source/dataset_formats.md` ("Prompt-only"; "Which dataset type
to use?") and `docs/source/grpo_trainer.md` ("Using a custom reward function": "All column names
(but `prompt`) that the dataset may have" reach the reward function).
"""

from __future__ import annotations

from pydantic import ConfigDict, with_config
from typing_extensions import TypedDict

from ftlint.core.formats.chat import Message

REWARD_FIELDS = ConfigDict(extra="allow", strict=True, allow_inf_nan=False)


@with_config(REWARD_FIELDS)
class PromptOnlyRecord(TypedDict):
    prompt: str | list[Message]
