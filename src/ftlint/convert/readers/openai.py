"""Readers for OpenAI's shapes: chat (SFT, and Together's multimodal chat), reinforcement (RFT) and DPO."""

from __future__ import annotations

from typing import Any

from ftlint.convert.model import Example
from ftlint.convert.readers.messages import expand_placeholders, turns_from_messages
from ftlint.convert.result import Notes

# Top-level keys beside `messages` that only OpenAI-shaped outputs carry.
_CHAT_EXTRAS = ("parallel_tool_calls", "functions")


def read_chat(record: dict[str, Any], notes: Notes) -> Example:
    turns = turns_from_messages(record["messages"], "")
    if "images" in record:  # LLaMA-Factory's OpenAI-like multimodal rows (mllm_demo.json)
        turns = expand_placeholders(turns, record["images"], "record")
    extras = {key: record[key] for key in _CHAT_EXTRAS if record.get(key) is not None}
    return Example(turns=turns, tools=_tools(record.get("tools")), extras=extras)


def read_rft(record: dict[str, Any], notes: Notes) -> Example:
    # Everything beside messages and tools is a grader field: kept, and only RFT-shaped outputs hold it.
    extras = {key: value for key, value in record.items() if key not in ("messages", "tools")}
    return Example(turns=turns_from_messages(record["messages"], ""), tools=_tools(record.get("tools")),
                   extras=extras)


def read_preference(record: dict[str, Any], notes: Notes) -> Example:
    given = record["input"]
    extras = {"parallel_tool_calls": given["parallel_tool_calls"]} if "parallel_tool_calls" in given else {}
    return Example(
        turns=turns_from_messages(given["messages"], "input"),
        tools=_tools(given.get("tools")),
        chosen=turns_from_messages(record["preferred_output"], "preferred_output"),
        rejected=turns_from_messages(record["non_preferred_output"], "non_preferred_output"),
        extras=extras,
    )


def _tools(tools: list[dict[str, Any]] | None) -> tuple[dict[str, Any], ...] | None:
    return None if tools is None else tuple(tools)
