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


def chosen_answers(record_format: str | None, data: dict[str, Any]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """The texts the model is trained to produce, with where they are: as `_answers`, without the
    rejected answers of preference data (the model is taught away from them), and with the
    answers of alpaca, ShareGPT, LLaMA-Factory v1 preference and Axolotl's template-free records."""
    if record_format == "preference":
        yield from _field_answers("preferred_output", data.get("preferred_output"))
    elif record_format == "preference_trl":
        yield from _field_answers("chosen", data.get("chosen"))
    elif record_format == "kto":
        if data.get("label") is True:  # a false label marks an undesirable answer
            yield from _field_answers("completion", data.get("completion"))
    elif record_format == "alpaca":
        if isinstance(data.get("output"), str):
            yield ("output",), data["output"]
        for index, turn in enumerate(data.get("history") or ()):  # [instruction, response] pairs
            if isinstance(turn, list) and len(turn) == 2 and isinstance(turn[1], str):
                yield ("history", index, 1), turn[1]
    elif record_format == "sharegpt":
        for index, turn in enumerate(data.get("conversations") or ()):
            if isinstance(turn, dict) and turn.get("from") in _SHAREGPT_ANSWERS and isinstance(turn.get("value"), str):
                yield ("conversations", index, "value"), turn["value"]
        chosen = data.get("chosen")
        if isinstance(chosen, dict) and isinstance(chosen.get("value"), str):
            yield ("chosen", "value"), chosen["value"]
    elif record_format == "preference_lf":
        for index, message in enumerate(data.get("chosen_messages") or ()):
            if isinstance(message, dict) and message.get("role") == "assistant":
                for part, item in enumerate(message.get("content") or ()):
                    if isinstance(item, dict) and item.get("type") == "text" and isinstance(item.get("value"), str):
                        yield ("chosen_messages", index, "content", part, "value"), item["value"]
    elif record_format == "input_output":
        for index, segment in enumerate(data.get("segments") or ()):
            if isinstance(segment, dict) and segment.get("label") is True and isinstance(segment.get("text"), str):
                yield ("segments", index, "text"), segment["text"]
    else:
        yield from _answers(record_format, data)


_SHAREGPT_ANSWERS = frozenset({"gpt", "assistant"})  # LLaMA-Factory's default tag, and the OpenAI-style one
