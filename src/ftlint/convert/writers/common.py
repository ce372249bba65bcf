"""What the writers share: which turns a one-answer format gets, where prompt ends and answer starts,
and the rejections and notes for what a format cannot hold."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ftlint.convert.model import Example, Image, Turn, has_image, text_of
from ftlint.convert.options import Options
from ftlint.convert.result import Notes, Reject

Writer = Callable[[Example, Options, Notes], dict[str, Any]]


def supervised_turns(example: Example, options: Options, notes: Notes, fmt: str) -> tuple[Turn, ...]:
    """The conversation a one-answer (supervised) format gets, with an assistant answer in it."""
    if example.text is not None:
        raise Reject(f"a text record has no roles; {fmt} needs user and assistant turns")
    turns = example.turns
    if example.is_pair:
        if not options.keep_preferred:
            raise Reject(f"{fmt} holds one answer and this preference record has two "
                         "(keep_preferred keeps the preferred one)")
        notes.add("kept the preferred answer and dropped the rejected one")
        turns = turns + example.chosen  # type: ignore[operator]
    elif example.label is not None:
        if not example.label:
            raise Reject(f"an undesirable completion (label false) is not a {fmt} example to learn from")
        notes.add("dropped the unpaired-preference label (true): the completion is a plain example")
    if not any(turn.role == "assistant" for turn in turns):
        raise Reject(f"{fmt} needs an assistant answer to learn from and the record has none")
    refuse_data_extras(example, fmt)
    return turns


def split_prompt(turns: tuple[Turn, ...], fmt: str) -> tuple[tuple[Turn, ...], tuple[Turn, ...]]:
    """(prompt, completion): the completion is the run of assistant turns at the end."""
    cut = len(turns)
    while cut and turns[cut - 1].role == "assistant":
        cut -= 1
    if cut == len(turns):
        raise Reject(f"{fmt} needs the record to end with an assistant answer; it ends with `{turns[-1].role}`")
    if cut == 0:
        raise Reject(f"{fmt} needs a prompt before the answer; the record has only assistant turns")
    return turns[:cut], turns[cut:]


def refuse_data_extras(example: Example, fmt: str, keeps: Iterable[str] = ()) -> None:
    """Grader fields, reward data and deprecated `functions` are data: a format without them rejects."""
    lost = [key for key in example.extras if key not in keeps and key != "parallel_tool_calls"]
    if lost:
        names = ", ".join(f"`{key}`" for key in lost)
        raise Reject(f"{fmt} has no place for the record's {names}")


def note_dropped_settings(example: Example, fmt: str, notes: Notes) -> None:
    if "parallel_tool_calls" in example.extras:
        notes.add(f"dropped `parallel_tool_calls`, which {fmt} does not have")


def plain_text(turn: Turn, where: str, fmt: str, notes: Notes) -> str:
    """A turn as one string, for formats whose turns are strings; tool calls and images rejected."""
    if turn.tool_calls or turn.role == "tool":
        raise Reject(f"{fmt} cannot hold tool calls or results ({where})")
    if has_image(turn.content):
        raise Reject(f"{fmt} cannot hold images ({where})")
    text = text_of(turn.content)
    if text is None:
        raise Reject(f"{where} has no content")
    if isinstance(turn.content, tuple) and len(turn.content) > 1:
        notes.add(f"joined the text parts of {where} into one string")
    return text


def note_turn_attributes(turn: Turn, where: str, fmt: str, notes: Notes, keep_weight: bool = False) -> None:
    """Say what of a turn a string-turn format drops; refuse what it cannot drop."""
    if turn.weight is not None and not keep_weight:
        notes.add(f"dropped the `weight` of {where}, which {fmt} does not have")
    if turn.name is not None:
        notes.add(f"dropped the `name` of {where}, which {fmt} does not have")
    for key, _ in turn.extras:
        if key == "function_call":
            raise Reject(f"{where} calls a function with the deprecated `function_call`, which {fmt} cannot hold")
        notes.add(f"dropped `{key}` from {where}, which {fmt} does not have")
    if isinstance(turn.content, tuple) and any(isinstance(p, Image) and p.detail for p in turn.content):
        notes.add(f"dropped the image `detail` of {where}, which {fmt} does not have")


def where_of(index: int) -> str:
    return f"message {index + 1}"
