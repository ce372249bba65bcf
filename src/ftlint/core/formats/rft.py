"""Reinforcement fine-tuning records (OpenAI RFT): chat messages ending with the user, plus grader fields.

`messages` and `tools` are the only reserved keys: any other key is data the grader reads
(`{{ item.answer }}`), so unknown keys are allowed here, unlike in every other format.
"""

from __future__ import annotations

from typing import Any, NotRequired

from pydantic import ConfigDict, with_config
from typing_extensions import TypedDict

from ftlint.core.formats.chat import Message

GRADER_FIELDS = ConfigDict(extra="allow", strict=True, allow_inf_nan=False)


@with_config(GRADER_FIELDS)
class RftRecord(TypedDict):
    messages: list[Message]
    tools: NotRequired[list[dict[str, Any]] | None]
