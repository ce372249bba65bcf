"""Writers for TRL's dataset types (docs/source/dataset_formats.md), conversational and standard.

Conversational types hold message lists (tool calls with their arguments as objects, as Hugging
Face chat templates take them; `tools` only where ftlint's view of the type has the column, i.e.
language modelling); standard types hold strings, and a string cannot hold a system message, more
than one turn, tool calls or images without the model's chat template, so those are rejected.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ftlint.convert.model import Example, Turn
from ftlint.convert.options import Options
from ftlint.convert.result import Notes, Reject
from ftlint.convert.writers.common import (
    note_dropped_settings,
    note_turn_attributes,
    plain_text,
    refuse_data_extras,
    split_prompt,
    supervised_turns,
)
from ftlint.convert.writers.messages import messages
from ftlint.convert.writers.openai import string_exchange


def write_messages(example: Example, options: Options, notes: Notes) -> dict[str, Any]:
    """Language modelling, conversational: `{"messages", "tools"?}`."""
    turns = supervised_turns(example, options, notes, "trl_messages")
    note_dropped_settings(example, "TRL", notes)
    out: dict[str, Any] = {"messages": _msgs(turns, "", notes)}
    if example.tools is not None:
        out["tools"] = list(example.tools)
    return out


def write_text(example: Example, options: Options, notes: Notes) -> dict[str, Any]:
    """Language modelling, standard: `{"text"}`, from raw text only."""
    if example.text is None:
        raise Reject("`text` holds raw text; flattening turns into it needs the model's chat template "
                     "(write trl_messages or trl_prompt_completion_text instead)")
    return {"text": example.text}


def write_prompt_completion(example: Example, options: Options, notes: Notes) -> dict[str, Any]:
    prompt, completion = split_prompt(_no_tools(supervised_turns(example, options, notes, _PC), example, _PC), _PC)
    note_dropped_settings(example, "TRL", notes)
    return {"prompt": _msgs(prompt, "prompt", notes), "completion": _msgs(completion, "completion", notes)}


def write_prompt_completion_text(example: Example, options: Options, notes: Notes) -> dict[str, Any]:
    if example.verbatim is not None and example.label is None:
        return {"prompt": example.verbatim[0], "completion": example.verbatim[1]}  # as read, conventions and all
    prompt, completion = string_exchange(example, options, notes, _PC_TEXT)
    return {"prompt": prompt, "completion": completion}


def write_preference(example: Example, options: Options, notes: Notes) -> dict[str, Any]:
    _pair(example, _PREF)
    prompt = _no_tools(example.turns, example, _PREF)
    note_dropped_settings(example, "TRL", notes)
    return {"prompt": _msgs(prompt, "prompt", notes), "chosen": _msgs(example.chosen, "chosen", notes),
            "rejected": _msgs(example.rejected, "rejected", notes)}  # type: ignore[arg-type]


def write_preference_text(example: Example, options: Options, notes: Notes) -> dict[str, Any]:
    _pair(example, _PREF_TEXT)
    if example.tools:
        raise Reject(f"{_PREF_TEXT} cannot hold tool definitions (`tools`)")
    note_dropped_settings(example, _PREF_TEXT, notes)
    return {"prompt": _one_string(example.turns, "user", "the prompt", _PREF_TEXT, notes),
            "chosen": _one_string(example.chosen, "assistant", "the chosen answer", _PREF_TEXT, notes),  # type: ignore[arg-type]
            "rejected": _one_string(example.rejected, "assistant", "the rejected answer", _PREF_TEXT, notes)}  # type: ignore[arg-type]


def write_kto(example: Example, options: Options, notes: Notes) -> dict[str, Any]:
    label = _label(example, options, _KTO)
    turns = _no_tools(supervised_turns(replace(example, label=None), options, notes, _KTO), example, _KTO)
    prompt, completion = split_prompt(turns, _KTO)
    note_dropped_settings(example, "TRL", notes)
    return {"prompt": _msgs(prompt, "prompt", notes), "completion": _msgs(completion, "completion", notes),
            "label": label}


def write_kto_text(example: Example, options: Options, notes: Notes) -> dict[str, Any]:
    label = _label(example, options, _KTO_TEXT)
    if example.verbatim is not None:
        return {"prompt": example.verbatim[0], "completion": example.verbatim[1], "label": label}
    prompt, completion = string_exchange(replace(example, label=None), options, notes, _KTO_TEXT)
    return {"prompt": prompt, "completion": completion, "label": label}


_PC, _PC_TEXT = "trl_prompt_completion", "trl_prompt_completion_text"
_PREF, _PREF_TEXT = "trl_preference", "trl_preference_text"
_KTO, _KTO_TEXT = "trl_kto", "trl_kto_text"


def _pair(example: Example, fmt: str) -> None:
    if example.text is not None:
        raise Reject(f"a text record has no roles; {fmt} needs a prompt and two answers")
    if not example.is_pair:
        raise Reject(f"{fmt} needs a chosen and a rejected answer; the record has one answer")
    refuse_data_extras(example, fmt)


def _label(example: Example, options: Options, fmt: str) -> bool:
    if example.is_pair:
        raise Reject(f"a preference pair makes two {fmt} records (one per answer), not one")
    if example.label is not None:
        return example.label
    if options.label is None:
        raise Reject(f"{fmt} needs a label (desirable or not) and the record has none (set the label option)")
    return options.label


def _msgs(turns: tuple[Turn, ...], where: str, notes: Notes) -> list[dict[str, Any]]:
    """TRL's messages; a `weight` is dropped with a note (TRL's loss options decide what is trained)."""
    if any(turn.weight is not None for turn in turns):
        notes.add("dropped message `weight`s, which TRL does not read (its loss options decide what is trained)")
        turns = tuple(replace(turn, weight=None) for turn in turns)
    return messages(turns, "trl", where)


def _no_tools(turns: tuple[Turn, ...], example: Example, fmt: str) -> tuple[Turn, ...]:
    if example.tools:
        raise Reject(f"{fmt} has no `tools` column; write trl_messages, which carries tool definitions")
    return turns


def _one_string(turns: tuple[Turn, ...], role: str, where: str, fmt: str, notes: Notes) -> str:
    if len(turns) != 1 or turns[0].role != role:
        raise Reject(f"{fmt} holds {where} as one {role} string; the record has {len(turns)} messages there")
    note_turn_attributes(turns[0], where, fmt, notes)
    return plain_text(turns[0], where, fmt, notes)
