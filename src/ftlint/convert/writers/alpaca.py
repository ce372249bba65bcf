"""Alpaca writer: `{"instruction", "input", "output", "system"?, "history"?}` as LLaMA-Factory reads it.

The last user turn is the instruction (with `input` left empty: which part of a message was the
"input" is not recorded anywhere once it is a message), earlier user/assistant pairs are the history.
"""

from __future__ import annotations

from typing import Any

from ftlint.convert.model import Example
from ftlint.convert.options import Options
from ftlint.convert.result import Notes, Reject
from ftlint.convert.writers.common import (
    note_dropped_settings,
    note_turn_attributes,
    plain_text,
    supervised_turns,
    where_of,
)

_FMT = "alpaca"


def write_alpaca(example: Example, options: Options, notes: Notes) -> dict[str, Any]:
    turns = supervised_turns(example, options, notes, _FMT)
    if example.tools:
        raise Reject("alpaca cannot hold tool definitions (`tools`)")
    note_dropped_settings(example, _FMT, notes)
    system = None
    start = 0
    if turns[0].role in ("system", "developer"):
        system = plain_text(turns[0], where_of(0), _FMT, notes)
        note_turn_attributes(turns[0], where_of(0), _FMT, notes)
        start = 1
    texts = []
    for i in range(start, len(turns)):
        turn, where = turns[i], where_of(i)
        expected = "user" if (i - start) % 2 == 0 else "assistant"
        if turn.role != expected:
            raise Reject(f"alpaca needs user/assistant pairs after the system prompt; {where} is `{turn.role}`, "
                         f"not `{expected}`")
        note_turn_attributes(turn, where, _FMT, notes)
        texts.append(plain_text(turn, where, _FMT, notes))
    if len(texts) % 2:
        raise Reject("alpaca needs the record to end with an assistant answer")
    out: dict[str, Any] = {"instruction": texts[-2], "input": "", "output": texts[-1]}
    if system is not None:
        out["system"] = system
    if len(texts) > 2:
        out["history"] = [[texts[i], texts[i + 1]] for i in range(0, len(texts) - 2, 2)]
    return out
