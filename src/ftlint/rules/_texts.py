"""The strings of a record, each with where it is: what the text rules read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Where = tuple[str | int, ...]


def strings(value: Any, where: Where = ()) -> Iterator[tuple[Where, str]]:
    """Every string value in `value` (not the keys), depth first, with its path of keys and indexes."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, (*where, index))
