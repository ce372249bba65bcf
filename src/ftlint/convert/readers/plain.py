"""Readers for the formats without messages: raw text and alpaca instructions."""

from __future__ import annotations

from typing import Any

from ftlint.convert.model import Example, Turn
from ftlint.convert.result import Notes, Reject


def read_text(record: dict[str, Any], notes: Notes) -> Example:
    return Example(text=record["text"])


def read_alpaca(record: dict[str, Any], notes: Notes) -> Example:
    """As LLaMA-Factory's AlpacaDatasetConverter: system, the history pairs, then instruction and
    input joined by a newline (each only when not empty) as the last user turn."""
    turns: list[Turn] = []
    if record.get("system"):
        turns.append(Turn("system", record["system"]))
    for pair in record.get("history", ()):
        if len(pair) != 2:
            raise Reject(f"alpaca `history` holds [prompt, response] pairs; found {len(pair)} items")
        turns += [Turn("user", pair[0]), Turn("assistant", pair[1])]
    query = [text for text in (record["instruction"], record.get("input", "")) if text]
    if record.get("input"):
        notes.add("joined alpaca `instruction` and `input` with a newline into one user message, as LLaMA-Factory does")
    turns += [Turn("user", "\n".join(query)), Turn("assistant", record["output"])]
    return Example(turns=tuple(turns))
