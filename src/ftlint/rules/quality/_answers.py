"""Where a record's answers are (the texts the model learns to produce), by format."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def long_answers(record_format: str | None, data: dict[str, Any],
                  min_chars: int) -> list[tuple[tuple[str | int, ...], str]]:
    """The answers of at least `min_chars` characters, with where they are."""
    if record_format == "chat" or record_format == "rft":
        # The common case in one loop, the length first: it rules out most messages (run per record).
        return [(("messages", index, "content"), content)
                for index, message in enumerate(data.get("messages") or ())
                if (content := message.get("content")).__class__ is str and len(content) >= min_chars
                and message.get("role") == "assistant"]
    return [(where, text) for where, text in _answers(record_format, data) if len(text) >= min_chars]


def _answers(record_format: str | None, data: dict[str, Any]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """The texts the model learns to produce, with where they are."""
    if record_format in ("chat", "rft"):
        for index, message in enumerate(data.get("messages") or ()):
            if message.get("role") == "assistant" and isinstance(message.get("content"), str):
                yield ("messages", index, "content"), message["content"]
    elif record_format == "preference":
        for key in ("preferred_output", "non_preferred_output"):
            for index, message in enumerate(data.get(key) or ()):
                if isinstance(message.get("content"), str):
                    yield (key, index, "content"), message["content"]
    elif record_format == "text":
        if isinstance(data.get("text"), str):
            yield ("text",), data["text"]
    elif record_format in _ANSWER_KEYS:
        for key in _ANSWER_KEYS[record_format]:
            yield from _field_answers(key, data.get(key))


# The fields that hold answers in the prompt-and-answer formats: a string, the assistant messages
# of a list of messages, or the text parts of a list of content parts.
_ANSWER_KEYS = {"prompt_completion": ("completion",), "kto": ("completion",), "preference_trl": ("chosen", "rejected")}


def _field_answers(key: str, value: Any) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield (key,), value
        return
    for index, item in enumerate(value if isinstance(value, list) else ()):
        if not isinstance(item, dict):
            continue
        if item.get("role") == "assistant" and isinstance(item.get("content"), str):
            yield (key, index, "content"), item["content"]
        elif "role" not in item and item.get("type") == "text" and isinstance(item.get("text"), str):
            yield (key, index, "text"), item["text"]
