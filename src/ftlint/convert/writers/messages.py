"""Turns into message dicts: OpenAI's (arguments as a JSON string, ids on every call, image URLs
only) and TRL's (Hugging Face chat templates take the arguments as an object; ids optional).

Images are written as OpenAI `image_url` parts for both: that is the shape ftlint's TRL view (the
chat view) checks, and the one Together's multimodal chat takes.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any, Literal

from ftlint.convert.model import Content, Text, ToolCall, Turn
from ftlint.convert.result import Notes, Reject

Flavour = Literal["openai", "trl"]
_URL_PREFIXES = ("https://", "http://", "data:")


def messages(turns: tuple[Turn, ...], flavour: Flavour, where: str = "") -> list[dict[str, Any]]:
    prefix = f"{where} " if where else ""
    return [message(turn, flavour, f"{prefix}message {i + 1}") for i, turn in enumerate(turns)]


def message(turn: Turn, flavour: Flavour, where: str) -> dict[str, Any]:
    out: dict[str, Any] = {"role": turn.role}
    if turn.content is not None:
        out["content"] = _content(turn.content, flavour, where)
    if turn.name is not None:
        out["name"] = turn.name
    if turn.tool_calls:
        out["tool_calls"] = [_call(call, flavour, where) for call in turn.tool_calls]
    if turn.tool_call_id is not None:
        out["tool_call_id"] = turn.tool_call_id
    if turn.weight is not None:
        out["weight"] = turn.weight
    out.update(turn.extras)
    return out


def _content(content: Content, flavour: Flavour, where: str) -> str | list[dict[str, Any]]:
    if isinstance(content, str):
        return content
    parts: list[dict[str, Any]] = []
    for part in content or ():
        if isinstance(part, Text):
            parts.append({"type": "text", "text": part.text})
            continue
        if not part.url.startswith(_URL_PREFIXES):
            # OpenAI fetches URLs only; TRL's messages carry images as URLs too (a local file belongs in a
            # dataset's `images` column, which these outputs do not write), and IM006 says so.
            who = "OpenAI takes" if flavour == "openai" else "TRL's messages take"
            raise Reject(f"{where}: {who} images as https or data: URLs, not the path `{part.url}`")
        image: dict[str, Any] = {"url": part.url}
        if part.detail is not None:
            image["detail"] = part.detail
        parts.append({"type": "image_url", "image_url": image})
    return parts


def _call(call: ToolCall, flavour: Flavour, where: str) -> dict[str, Any]:
    arguments: Any = call.arguments
    if flavour == "openai" and not isinstance(arguments, str):
        arguments = json.dumps(arguments, ensure_ascii=False)
    elif flavour == "trl" and isinstance(arguments, str):
        arguments = arguments_object(arguments, where)
    out: dict[str, Any] = {} if call.id is None else {"id": call.id}
    out.update({"type": call.type, "function": {"name": call.name, "arguments": arguments}})
    return out


def arguments_object(arguments: str, where: str) -> Any:
    try:
        return json.loads(arguments)
    except ValueError:
        raise Reject(f"{where}: tool call arguments are not valid JSON, so cannot be written as an object") from None


def with_call_ids(turns: tuple[Turn, ...], notes: Notes) -> tuple[Turn, ...]:
    """Give calls without an id one (`call_1`, ...) and the results after them the same, in order:
    OpenAI pairs a tool result with its call by id."""
    if all(call.id is not None for turn in turns for call in turn.tool_calls):
        return turns
    notes.add("gave tool calls without an id generated ids (call_1, ...), which OpenAI needs to pair results")
    taken = {call.id for turn in turns for call in turn.tool_calls}
    counter, waiting, out = 0, [], []
    for turn in turns:
        if turn.tool_calls:
            calls = []
            waiting = []
            for call in turn.tool_calls:
                if call.id is None:
                    counter += 1
                    while f"call_{counter}" in taken:
                        counter += 1
                    call = replace(call, id=f"call_{counter}")
                calls.append(call)
                waiting.append(call.id)
            turn = replace(turn, tool_calls=tuple(calls))
        elif turn.role == "tool" and turn.tool_call_id in waiting:
            waiting.remove(turn.tool_call_id)  # answered by id: not a candidate for the next result
        elif turn.role == "tool" and turn.tool_call_id is None and waiting:
            turn = replace(turn, tool_call_id=waiting.pop(0))
        out.append(turn)
    return tuple(out)

