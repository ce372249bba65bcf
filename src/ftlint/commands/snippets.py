"""Short snippets of a few records, read back from the files for a report (`ftlint stats`'s groups of
copies), with personal data masked unless `--show-pii`.

A snippet is the record's texts in order (`user: ... | assistant: ...`), cut to `SNIPPET_CHARS`.
Each file is read once, from its start to the last line wanted; a record that spans several lines
(a pretty-printed JSON document) or a table's row has no snippet: its line alone is not the record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import orjson

from ftlint.core.decoding import open_decoded
from ftlint.core.remote import open_binary
from ftlint.core.sniff import compression_step
from ftlint.core.sources import InputFile
from ftlint.core.textsafe import escape_controls
from ftlint.privacy.masking import mask_text

SNIPPET_CHARS = 160


def read_snippets(inputs: list[InputFile], places: list[tuple[str, int]], show_pii: bool) -> dict[tuple[str, int], str]:
    wanted: dict[str, set[int]] = defaultdict(set)
    for path, line in places:
        wanted[path].add(line)
    found: dict[tuple[str, int], str] = {}
    for item in inputs:
        lines = wanted.get(item.display)
        if not lines:
            continue
        try:
            for number, raw in _lines(item, max(lines)):
                if number in lines:
                    text = _snippet(raw)
                    if text:
                        found[(item.display, number)] = mask_text(text, personal=not show_pii)
        except (OSError, ValueError, EOFError):
            continue  # a snippet is a courtesy: a file that cannot be read again shows none
    return found


def _lines(item: InputFile, last: int) -> Iterable[tuple[int, bytes]]:
    with open_binary(item.path) as probe:
        step = compression_step(probe.read(8))
    number, rest = 0, b""
    with open_decoded(item.path, (step,) if step else ()) as stream:
        while number < last:
            block = stream.read(1 << 20)
            if not block:
                break
            *complete, rest = (rest + block).split(b"\n")
            for raw in complete:
                number += 1
                yield number, raw
    if rest and number < last:
        yield number + 1, rest


def _snippet(raw: bytes) -> str:
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return ""
    if not isinstance(value, dict):
        return ""
    text = " | ".join(_texts(value))
    text = " ".join(text.split())  # one line: newlines and runs of spaces as single spaces
    if len(text) > SNIPPET_CHARS:
        text = text[: SNIPPET_CHARS - 1] + "…"
    return escape_controls(text)


def _texts(value: Any, key: str = "") -> Iterable[str]:
    """The record's strings in order; a message's content prefixed by its role."""
    if isinstance(value, str):
        yield f"{key}: {value}" if key else value
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item, key)
    elif isinstance(value, dict):
        role = value.get("role") or value.get("from")
        if isinstance(role, str) and ("content" in value or "value" in value):
            content = value.get("content", value.get("value"))
            yield from _texts(content, role)
            return
        for name, item in value.items():
            if name in ("type", "detail", "image_url", "url", "tool_call_id", "id"):
                continue
            yield from _texts(item, key or name)
