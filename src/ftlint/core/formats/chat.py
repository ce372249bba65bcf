"""Chat records (OpenAI supervised fine-tuning): `{"messages": [...], "tools"?, ...}`."""

from __future__ import annotations

from typing import Any, NotRequired

from pydantic import with_config
from typing_extensions import TypedDict

from ftlint.core.formats._base import STRICT


@with_config(STRICT)
class ImageURL(TypedDict):
    url: str
    detail: NotRequired[str]


@with_config(STRICT)
class ContentPart(TypedDict):
    """One part of a multimodal content list; which keys a type needs is checked by rules."""

    type: str
    text: NotRequired[str]
    image_url: NotRequired[ImageURL]


@with_config(STRICT)
class FunctionCall(TypedDict):
    name: str
    # A string holding JSON (OpenAI, Mistral) or an object (Hugging Face chat templates, TRL): both
    # are read; TL009 says which the target wants, TL003 checks the string's JSON.
    arguments: str | dict[str, Any]


@with_config(STRICT)
class ToolCall(TypedDict):
    # OpenAI and Mistral require an id (TL002, TL011); Hugging Face templates and Fireworks' own
    # example do without one.
    id: NotRequired[str]
    type: str
    function: FunctionCall


@with_config(STRICT)
class Message(TypedDict):
    """A message; `content` may be absent or null only where rules allow it (assistant tool calls)."""

    role: str
    content: NotRequired[str | list[ContentPart] | None]
    name: NotRequired[str]
    weight: NotRequired[int | float]
    # The OpenAI SDK dumps unset fields as null, so null is accepted where the key is optional.
    tool_calls: NotRequired[list[ToolCall] | None]
    tool_call_id: NotRequired[str]
    refusal: NotRequired[str | None]
    function_call: NotRequired[FunctionCall | None]  # deprecated, same shape as a tool call's function
    # An assistant's thinking trace (Fireworks thinking models, Together and TRL reasoning data).
    reasoning_content: NotRequired[str]


@with_config(STRICT)
class ChatRecord(TypedDict):
    messages: list[Message]
    tools: NotRequired[list[dict[str, Any]] | None]
    parallel_tool_calls: NotRequired[bool]
    functions: NotRequired[list[dict[str, Any]] | None]
