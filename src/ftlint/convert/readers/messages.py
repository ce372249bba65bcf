"""OpenAI-shaped messages (chat, DPO, TRL conversational) into turns, and LLaMA-Factory's `<image>` placeholders.

The record has passed its format's typed view before it gets here, so types are known; what is
checked here is only what the view leaves open (which content part types exist, a text part's text).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ftlint.convert.model import Content, Image, Part, Text, ToolCall, Turn
from ftlint.convert.result import Reject

# Message keys kept verbatim by the chat writers; null is the OpenAI SDK's "unset" and is not kept.
MESSAGE_EXTRAS = ("refusal", "reasoning_content", "function_call")
IMAGE_PLACEHOLDER = "<image>"


def turns_from_messages(messages: Sequence[dict[str, Any]], where: str) -> tuple[Turn, ...]:
    return tuple(turn_from_message(m, f"{where} message {i + 1}") for i, m in enumerate(messages))


def turn_from_message(message: dict[str, Any], where: str) -> Turn:
    calls = tuple(
        ToolCall(name=c["function"]["name"], arguments=c["function"]["arguments"], id=c.get("id"), type=c["type"])
        for c in message.get("tool_calls") or ()
    )
    extras = tuple((key, message[key]) for key in MESSAGE_EXTRAS if message.get(key) is not None)
    return Turn(
        role=message["role"],
        content=content_from_json(message.get("content"), where),
        tool_calls=calls,
        tool_call_id=message.get("tool_call_id"),
        name=message.get("name"),
        weight=message.get("weight"),
        extras=extras,
    )


def content_from_json(content: str | list[dict[str, Any]] | None, where: str) -> Content:
    if content is None or isinstance(content, str):
        return content
    return tuple(_part(part, f"{where} part {i + 1}") for i, part in enumerate(content))


def _part(part: dict[str, Any], where: str) -> Part:
    kind = part["type"]
    if kind == "text" and isinstance(part.get("text"), str):
        return Text(part["text"])
    if kind == "image_url" and "image_url" in part:
        return Image(part["image_url"]["url"], part["image_url"].get("detail"))
    if kind in ("text", "image_url"):
        raise Reject(f"{where}: a `{kind}` part without its `{kind}` key")
    raise Reject(f"{where}: content part type `{kind}` is not one ftlint can convert (text, image_url)")


def expand_placeholders(turns: tuple[Turn, ...], images: Any, where: str) -> tuple[Turn, ...]:
    """LLaMA-Factory's multimodal rows: each `<image>` in the text is the next path of `images`."""
    if not (isinstance(images, list) and all(isinstance(i, str) for i in images)):
        raise Reject(f"{where}: `images` must be a list of image paths or URLs")
    queue = list(images)
    out = []
    for turn in turns:
        if isinstance(turn.content, str) and IMAGE_PLACEHOLDER in turn.content:
            pieces = turn.content.split(IMAGE_PLACEHOLDER)
            parts: list[Part] = []
            for i, piece in enumerate(pieces):
                if i:
                    if not queue:
                        raise Reject(f"{where}: more `<image>` placeholders than the {len(images)} `images`")
                    parts.append(Image(queue.pop(0)))
                if piece:
                    parts.append(Text(piece))
            turn = Turn(turn.role, tuple(parts), turn.tool_calls, turn.tool_call_id, turn.name, turn.weight,
                        turn.extras)
        out.append(turn)
    if queue:
        raise Reject(f"{where}: {len(images)} `images` but only {len(images) - len(queue)} `<image>` placeholders")
    return tuple(out)
