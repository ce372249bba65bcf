"""LLaMA-Factory v1's preference records: `{"chosen_messages": [...], "rejected_messages": [...]}`.

Its data engine (v1) reads one message format for every task: a role, a list of typed parts whose
text is under `value`, and a `loss_weight` per message (hiyouga/LLaMA-Factory
src/llamafactory/v1/extras/types.py: `DPOSample`, `Message`, `Content`; the demo is data/v1_dpo_demo.jsonl).
"""

from __future__ import annotations

from typing import Literal, NotRequired

from pydantic import with_config
from typing_extensions import TypedDict

from ftlint.core.formats._base import STRICT


@with_config(STRICT)
class PartV1(TypedDict):
    type: Literal["text", "tools", "reasoning", "tool_calls", "image_url"]
    value: str


@with_config(STRICT)
class MessageV1(TypedDict):
    role: Literal["system", "user", "assistant"]
    content: list[PartV1]
    loss_weight: NotRequired[int | float]


@with_config(STRICT)
class PreferenceV1Record(TypedDict):
    chosen_messages: list[MessageV1]
    rejected_messages: list[MessageV1]
    extra_info: NotRequired[str]
