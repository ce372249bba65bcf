"""Read a file that is one JSON document (an array of records, or one pretty-printed record).

Such files are not JSONL, and providers reject them, but their records can still be checked: each
becomes a line numbered where the element starts, so findings point at the right place.

Python's `json` recurses, and gives up (RecursionError) some way short of the 1,024 levels JSON
parsers such as orjson accept; a record deeper than that is read by orjson, and one deeper than
orjson goes becomes a line holding the error, as an over-deep JSONL line would be.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import orjson

from ftlint.core.memory import ensure_room
from ftlint.core.records import Line, LineError


def raise_if_out_of_memory(error: orjson.JSONDecodeError) -> None:
    """MemoryError when orjson's "error" is that it ran out of memory, not that the JSON is invalid.

    orjson reports a failed allocation as a JSONDecodeError ("Not enough memory to allocate buffer
    for parsing"). That says nothing about the record: taken for invalid JSON it would become an
    FL005 finding, and `--unsafe-fixes` would drop a valid record. It is an error of the run.
    """
    if "memory" in error.msg:  # orjson's own messages never quote the data, so this cannot be a record's text
        raise MemoryError(f"orjson: {error.msg}") from None


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not valid JSON")


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)
_WHITESPACE = " \t\n\r"
MAX_DEPTH = 1024  # levels of nesting orjson, and so a JSONL line, may have


# Enough for Python's `json` and the rules' walks (a frame or two per level) over the 1,024 levels
# orjson reads, well short of what the C stack of a main thread holds.
_RECURSION_LIMIT = 5_000


@contextmanager
def deep_records() -> Iterator[None]:
    """Let Python recurse through any record orjson read (up to 1,024 levels; the default stops near 1,000).

    Around the data work (checking chunks, fixing); the limit is put back after. Strings read as
    JSON inside a record (tool-call arguments) can be deeper still: readers of those catch RecursionError.
    """
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(max(before, _RECURSION_LIMIT))
    try:
        yield
    finally:
        sys.setrecursionlimit(before)


def read_json_document(data: bytes) -> tuple[str, list[Line]] | None:
    """(`json-array` or `json-document`, records) when `data` is one JSON value, else None."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    start = len(text) - len(text.lstrip(_WHITESPACE))
    try:
        if text.startswith("[", start):
            return "json-array", _array_elements(text, start)
        line = text.count("\n", 0, start) + 1
        record, end = _record_at(text, start, line)
    except ValueError:
        return None
    if text[end:].strip(_WHITESPACE) or not (record.error or isinstance(record.value, dict)):
        return None
    record.raw = data[start:]
    return "json-document", [record]


def _array_elements(text: str, start: int) -> list[Line]:
    """Each element of the top-level array with the line it starts on; ValueError if not one array."""
    lines: list[Line] = []
    position, line = start + 1, text.count("\n", 0, start) + 1
    counted = 0
    while True:
        position = _skip_whitespace(text, position)
        if text.startswith("]", position):
            if text[position + 1 :].strip(_WHITESPACE):
                raise ValueError("data after the array")
            return lines
        if lines:
            if not text.startswith(",", position):
                raise ValueError("expected a comma")
            position = _skip_whitespace(text, position + 1)
        line += text.count("\n", counted, position)
        counted = position
        record, position = _record_at(text, position, line)
        lines.append(record)


def _record_at(text: str, position: int, line: int) -> tuple[Line, int]:
    """The value at `position` (which starts on `line`) as a Line, and where it ends; ValueError if none.

    Nesting is judged as orjson judges a JSONL line, whatever Python's recursion limit: a value
    with more brackets than the limit's levels is read by orjson too.
    """
    value: object = None
    try:
        value, end = _DECODER.raw_decode(text, position)
        deep = text.count("[", position, end) + text.count("{", position, end) > MAX_DEPTH
        python_read = True
    except RecursionError:
        end, deep, python_read = _value_end(text, position), True, False
    if deep:
        try:
            ensure_room(end - position)
            read = orjson.loads(text[position:end])  # no recursion, and the 1,024 levels JSON allows
        except orjson.JSONDecodeError as exc:
            raise_if_out_of_memory(exc)
            if exc.msg.startswith("depth limit"):
                # orjson stops just past the bracket that opens the 1,025th level: point at that bracket.
                return _too_deep(text, position, end, line, position + max(exc.pos - 1, 0), exc.msg), end
            if not python_read:
                raise ValueError(exc.msg) from None
        else:
            value = value if python_read else read  # Python's keeps integers beyond 64 bits exact
    return Line(line, -1, text[position:end].encode("utf-8"), b"", value, parsed=True), end


def _too_deep(text: str, position: int, end: int, line: int, where: int, message: str) -> Line:
    """A record nested past the parser's limit: its text and the error, at the line and column it happened."""
    error_line = line + text.count("\n", position, where)
    column = where - (text.rfind("\n", 0, where) + 1) + 1
    error = LineError("depth", message, column, -1, error_line)
    return Line(line, -1, text[position:end].encode("utf-8"), b"", None, error)


# A string (skipped whole, brackets and all) or a bracket.
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)


def _value_end(text: str, position: int) -> int:
    """Where the array or object at `position` ends, found without recursing; ValueError if it does not."""
    depth = 0
    for match in _TOKENS.finditer(text, position):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
        elif token in ("]", "}"):
            depth -= 1
            if depth <= 0:
                return match.end()
        elif depth == 0:
            break  # a string, not an array or object
    raise ValueError("unbalanced brackets")


def _skip_whitespace(text: str, position: int) -> int:
    while position < len(text) and text[position] in _WHITESPACE:
        position += 1
    return position


def dump_json(value: object, *, sort_keys: bool = False) -> bytes:
    """Compact JSON; values orjson cannot write (integers beyond 64 bits, read by `json`) go through `json`."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS if sort_keys else 0)
    except TypeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys).encode(
            "utf-8", "surrogatepass")
