"""Writers for OpenAI's shapes: chat (SFT), DPO preference, and legacy prompt/completion."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ftlint.convert.model import Example
from ftlint.convert.options import Options
from ftlint.convert.result import Notes, Reject
from ftlint.convert.writers.common import (
    note_dropped_settings,
    note_turn_attributes,
    plain_text,
    split_prompt,
    supervised_turns,
)
from ftlint.convert.writers.messages import messages, with_call_ids


def write_chat(example: Example, options: Options, notes: Notes) -> dict[str, Any]:
    turns = with_call_ids(supervised_turns(example, options, notes, "chat"), notes)
    out: dict[str, Any] = {"messages": messages(turns, "openai")}
    if example.tools is not None:
        out["tools"] = list(example.tools)
    for key in ("parallel_tool_calls", "functions"):
        if key in example.extras:
            out[key] = example.extras[key]
    return out


def write_preference(example: Example, options: Options, notes: Notes) -> dict[str, Any]:
    if example.text is not None:
        raise Reject("a text record has no roles; OpenAI DPO needs a conversation and two answers")
    if not example.is_pair:
        raise Reject("OpenAI DPO needs a preferred and a non-preferred answer; the record has one answer")
    prompt = with_call_ids(example.turns, notes)
    if not prompt or prompt[-1].role != "user":
        raise Reject("OpenAI DPO needs the input messages to end with a user message")
    out: dict[str, Any] = {"input": {"messages": messages(prompt, "openai", "input")}}
    if example.tools is not None:
        out["input"]["tools"] = list(example.tools)
    if "parallel_tool_calls" in example.extras:
        out["input"]["parallel_tool_calls"] = example.extras["parallel_tool_calls"]
    for key, answer in (("preferred_output", example.chosen), ("non_preferred_output", example.rejected)):
        if len(answer) != 1 or answer[0].role != "assistant":  # type: ignore[arg-type,index]
            raise Reject(f"OpenAI DPO takes one assistant message as `{key}`; the record's answer has "
                         f"{len(answer)} messages")  # type: ignore[arg-type]
        turn = answer[0]  # type: ignore[index]
        if turn.weight is not None:
            notes.add("dropped the `weight` of an answer, which DPO does not use")
            turn = replace(turn, weight=None)
        out[key] = messages((turn,), "openai", key)
    extra = [k for k in example.extras if k != "parallel_tool_calls"]
    if extra:
        raise Reject(f"OpenAI DPO has no place for the record's {', '.join(f'`{k}`' for k in extra)}")
    return out


def write_prompt_completion(example: Example, options: Options, notes: Notes) -> dict[str, Any]:
    """OpenAI legacy: one prompt and one answer, as strings, with the separator, space and stop."""
    prompt, completion = string_exchange(example, options, notes, "prompt_completion")
    return {
        "prompt": prompt + options.separator,
        "completion": (" " if options.leading_space else "") + completion + options.stop,
    }


def string_exchange(example: Example, options: Options, notes: Notes, fmt: str) -> tuple[str, str]:
    """The record as one user text and one assistant text; anything more is rejected."""
    turns = supervised_turns(example, options, notes, fmt)
    if example.tools:
        raise Reject(f"{fmt} cannot hold tool definitions (`tools`)")
    prompt, answer = split_prompt(turns, fmt)
    if any(turn.role in ("system", "developer") for turn in prompt):
        raise Reject(f"{fmt} has no place for a system message")
    if len(prompt) != 1 or len(answer) != 1:
        raise Reject(f"{fmt} holds one prompt and one answer; the record has {len(prompt)} prompt and "
                     f"{len(answer)} answer messages")
    note_dropped_settings(example, fmt, notes)
    texts = []
    for i, turn in enumerate((prompt[0], answer[0])):
        where = ("prompt", "answer")[i]
        note_turn_attributes(turn, f"the {where}", fmt, notes)
        texts.append(plain_text(turn, f"the {where}", fmt, notes))
    return texts[0], texts[1]
