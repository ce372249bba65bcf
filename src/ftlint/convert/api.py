"""The per-record entry points: read a record into an `Example`, write an `Example`, or both."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ftlint.convert.columns import apply_columns
from ftlint.convert.model import Content, Example, Text, Turn
from ftlint.convert.options import DEFAULT, Options
from ftlint.convert.readers import READERS
from ftlint.convert.readers import read as _read
from ftlint.convert.result import Converted, Notes, Reject, Rejected
from ftlint.convert.writers import OUTPUTS

INPUT_FORMATS: tuple[str, ...] = tuple(READERS)
OUTPUT_FORMATS: tuple[str, ...] = tuple(OUTPUTS)


def convert(record: Any, to: str, *, source: str | None = None, options: Options = DEFAULT) -> Converted | Rejected:
    """Convert one parsed record to the output format `to`.

    `source` is the record's ftlint format (the file's detected or forced one); None detects it from
    the record's keys after the column mapping. Never raises for a record: what cannot be carried
    is a `Rejected` with the reason. An unknown `to` is the caller's mistake and raises ValueError.
    """
    if to not in OUTPUTS:
        raise ValueError(f"unknown output format {to!r}; expected one of {', '.join(OUTPUTS)}")
    notes = Notes()
    try:
        example = read_example(record, source, options, notes)
        out = OUTPUTS[to].write(example, options, notes)
    except Reject as rejected:
        return Rejected(rejected.reason)
    return Converted(out, tuple(notes))


def read_example(record: Any, source: str | None, options: Options, notes: Notes) -> Example:
    """The record as an `Example`, with the column mapping and the system option applied."""
    if not isinstance(record, dict):
        raise Reject("a record must be a JSON object")
    example = _read(apply_columns(record, options.columns), source, options, notes)
    _refuse_empty_turns(example)
    return with_system(example, options, notes)


def _refuse_empty_turns(example: Example) -> None:
    """A user or assistant turn with nothing in it (no text, no image, no tool call) is a missing turn:
    every trainer's check rejects it, so it is not written in any format."""
    for label, turns in (("turn", example.turns), ("preferred answer turn", example.chosen or ()),
                         ("rejected answer turn", example.rejected or ())):
        for number, turn in enumerate(turns, start=1):
            if turn.role in ("user", "assistant") and not turn.tool_calls and _blank(turn.content):
                raise Reject(f"{label} {number} ({turn.role}) is empty: an empty turn is a missing turn")


def _blank(content: Content) -> bool:
    if content is None:
        return True
    if isinstance(content, str):
        return not content.strip()
    return all(isinstance(part, Text) and not part.text.strip() for part in content)


def write_example(example: Example, to: str, options: Options = DEFAULT) -> Converted | Rejected:
    notes = Notes()
    try:
        return Converted(OUTPUTS[to].write(example, options, notes), tuple(notes))
    except Reject as rejected:
        return Rejected(rejected.reason)


def with_system(example: Example, options: Options, notes: Notes) -> Example:
    if options.system is None:
        return example
    if example.text is not None:
        notes.add("a text record has no system message; the system option was not applied")
        return example
    if example.turns and example.turns[0].role in ("system", "developer"):
        notes.add("kept the record's own system message instead of the system option")
        return example
    return replace(example, turns=(Turn("system", options.system), *example.turns))
