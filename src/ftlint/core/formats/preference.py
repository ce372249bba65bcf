"""Preference records: OpenAI DPO (`input`/`preferred_output`/`non_preferred_output`) and TRL.

TRL's preference type (`docs/source/dataset_formats.md`, "Preference") has an explicit prompt,
`{"prompt", "chosen", "rejected"}`, or an implicit one, `{"chosen", "rejected"}`, where both
answers repeat the prompt and differ after it (TRL's `extract_prompt` splits them at the first
character, or message, where they differ). Each field is a string (standard) or a list of
messages (conversational).
"""

from __future__ import annotations

from typing import Any, NotRequired

from pydantic import with_config
from typing_extensions import TypedDict

from ftlint.core.formats._base import STRICT
from ftlint.core.formats.chat import Message


@with_config(STRICT)
class PreferenceInput(TypedDict):
    messages: list[Message]
    tools: NotRequired[list[dict[str, Any]]]
    parallel_tool_calls: NotRequired[bool]


@with_config(STRICT)
class PreferenceRecord(TypedDict):
    input: PreferenceInput
    preferred_output: list[Message]
    non_preferred_output: list[Message]


@with_config(STRICT)
class TrlPreferenceRecord(TypedDict):
    """TRL's shape: each field a string (standard) or a list of messages (conversational); the
    prompt may be left implicit, inside both answers."""

    prompt: NotRequired[str | list[Message]]
    chosen: str | list[Message]
    rejected: str | list[Message]
