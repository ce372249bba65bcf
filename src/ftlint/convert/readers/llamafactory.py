"""LLaMA-Factory v1 preference records: `chosen_messages`/`rejected_messages` of typed parts.

Both lists repeat the prompt; it is split off at the first message where they differ, as TRL's
extract_prompt does for an implicit prompt. Parts are `{"type", "value"}`; text and image_url
convert, the others (tools, reasoning, tool_calls as text) have no counterpart here and are rejected.
"""

from __future__ import annotations

from typing import Any

from ftlint.convert.model import Example, Image, Part, Text, Turn
from ftlint.convert.result import Notes, Reject


def read_preference_lf(record: dict[str, Any], notes: Notes) -> Example:
    chosen = tuple(_turn(m, f"chosen_messages message {i + 1}", notes) for i, m in enumerate(record["chosen_messages"]))
    rejected = tuple(_turn(m, f"rejected_messages message {i + 1}", notes)
                     for i, m in enumerate(record["rejected_messages"]))
    cut = next((i for i, (a, b) in enumerate(zip(chosen, rejected, strict=False)) if a != b),
               min(len(chosen), len(rejected)))
    if not cut:
        raise Reject("`chosen_messages` and `rejected_messages` share no prompt messages")
    if "extra_info" in record:
        notes.add("dropped `extra_info`, which no other format has")
    return Example(turns=chosen[:cut], chosen=chosen[cut:], rejected=rejected[cut:])


def _turn(message: dict[str, Any], where: str, notes: Notes) -> Turn:
    parts: list[Part] = []
    for part in message["content"]:
        if part["type"] == "text":
            parts.append(Text(part["value"]))
        elif part["type"] == "image_url":
            parts.append(Image(part["value"]))
        else:
            raise Reject(f"{where}: a `{part['type']}` part has no counterpart outside LLaMA-Factory v1")
    if "loss_weight" in message:
        notes.add("dropped LLaMA-Factory v1 `loss_weight` (preference formats train on the answers only)")
    # One text part reads as a plain string, the shape every other format uses.
    content = parts[0].text if len(parts) == 1 and isinstance(parts[0], Text) else tuple(parts)
    return Turn(message["role"], content)
