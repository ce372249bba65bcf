"""Read a file that is one JSON document (an array of records, or one pretty-printed record).

Such files are not JSONL, and providers reject them, but their records can still be checked: each
becomes a line numbered where the element starts, so findings point at the right place.
"""

from __future__ import annotations

import json
from typing import NoReturn

import orjson

from ftlint.core.records import Line


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not valid JSON")


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)
_WHITESPACE = " \t\n\r"


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
        value, end = _DECODER.raw_decode(text, start)
    except ValueError:
        return None
    if text[end:].strip(_WHITESPACE) or not isinstance(value, dict):
        return None
    line = text.count("\n", 0, start) + 1
    return "json-document", [Line(line, -1, data[start:], b"", value, parsed=True)]


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
        value, end = _DECODER.raw_decode(text, position)
        raw = text[position:end].encode("utf-8")
        lines.append(Line(line, -1, raw, b"", value, parsed=True))
        position = end


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
