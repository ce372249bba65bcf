"""A table's cells as the values of a JSON record, and a record as one JSON line.

What a cell becomes:

- CSV, TSV and XLSX cells are read as text, with no type guessing: `007` stays `"007"` and a
  prompt of `42` stays the string `"42"` (every top-level field of every format ftlint reads is
  text or a structure; an Excel number is written as Excel shows it, `42` not `42.0`). Parquet
  keeps its types, and its nested columns (a list of structs) arrive as lists and dicts.
- An empty cell (an unquoted empty CSV field, an empty spreadsheet cell, a null) leaves its key
  out of the record: a table has every column on every row, and a row without a `system` or
  `tools` is a record without that key, not one with `null` (which schemas reject). A quoted
  empty CSV field (`""`) is the empty string, kept. A CSV row with fewer fields than the header
  has the rest empty (as pandas and polars read it); one with more is an error. Fields of a
  Parquet struct that are null are left out too (a struct has every field of its schema; null is
  how a message without `tool_calls` is stored). XLSX cannot store `""`: an empty cell is empty.
- JSON text is decoded only where a format expects a structure, and only when the whole cell
  (stripped) parses as what that column holds; anything else stays the string it is, so a
  `completion` that teaches a model to answer in JSON is never turned into an object:

  - `messages`, `conversations`, `tools`, `functions`, `preferred_output`,
    `non_preferred_output`, `images`: a JSON array;
  - `input`: a JSON object with a `messages` key (OpenAI preference input; Alpaca's `input` is text);
  - `prompt`, `completion`, `chosen`, `rejected`: a JSON array of objects that all have a `role`
    (TRL's conversational shape); any other text, JSON-looking or not, stays text;
  - `parallel_tool_calls`: `true` or `false`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson


def _json(text: str) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return None


def _decoded(cell: str, opener: str, holds: Callable[[Any], bool]) -> Any:
    """The cell's JSON value when the stripped cell starts with `opener` and parses to a value that
    `holds`; the cell itself otherwise (text that merely looks like JSON stays text)."""
    text = cell.strip()
    if text[:1] == opener:
        value = _json(text)
        if holds(value):
            return value
    return cell


def _array(cell: str) -> Any:
    return _decoded(cell, "[", lambda value: isinstance(value, list))


def _preference_input(cell: str) -> Any:
    return _decoded(cell, "{", lambda value: isinstance(value, dict) and "messages" in value)


def _messages_or_text(cell: str) -> Any:
    return _decoded(cell, "[", lambda value: isinstance(value, list) and bool(value)
                    and all(isinstance(m, dict) and "role" in m for m in value))


def _boolean(cell: str) -> Any:
    text = cell.strip().lower()
    return True if text == "true" else False if text == "false" else cell


STRUCTURED_COLUMNS: dict[str, Callable[[str], Any]] = {
    **dict.fromkeys(("messages", "conversations", "tools", "functions", "preferred_output",
                     "non_preferred_output", "images"), _array),
    "input": _preference_input,
    **dict.fromkeys(("prompt", "completion", "chosen", "rejected"), _messages_or_text),
    "parallel_tool_calls": _boolean,
}


def decode_cell(column: str, cell: Any) -> Any:
    """A cell as the record holds it: JSON text decoded where `column` expects a structure (see above)."""
    decode = STRUCTURED_COLUMNS.get(column)
    if decode is not None and isinstance(cell, str):
        return decode(cell)
    return cell


def _without_nulls(value: Any) -> Any:
    """A Parquet nested value with its null struct fields left out (lists keep their null items)."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def records_of(rows: list[dict[str, Any]], nested: frozenset[str]) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        record = {}
        for column, cell in row.items():
            if cell is None:
                continue
            if column in nested:
                cell = _without_nulls(cell)
            elif column in STRUCTURED_COLUMNS and isinstance(cell, str):
                cell = STRUCTURED_COLUMNS[column](cell)
            record[column] = cell
        out.append(record)
    return out


# ---------------------------------------------------------------------------------------------------
# Reading


def dumps_record(record: dict[str, Any]) -> bytes:
    """A record as one compact JSON line (no line end): what Parquet types JSON lacks is written as text.

    A decimal becomes a number, bytes their UTF-8 text (or base64 when they are not UTF-8), and a
    duration or anything else JSON has no type for its string; an integer beyond 64 bits is written
    by the standard library's encoder, which orjson refuses.
    """
    try:
        return orjson.dumps(record, default=_json_default)
    except TypeError:
        import json

        return json.dumps(record, default=_json_default, ensure_ascii=False, separators=(",", ":")).encode()


def _json_default(value: Any) -> Any:
    import decimal

    if isinstance(value, decimal.Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, bytes | bytearray | memoryview):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            import base64

            return base64.b64encode(bytes(value)).decode("ascii")
    return str(value)
