"""Column mapping: rename a record's keys (or lift nested values by JSON pointer) before it is read.

`{"prompt": "question", "completion": "answer"}` turns `{"question", "answer"}` into a prompt/
completion record; `{"prompt": "/meta/q"}` lifts a nested value. The source is removed from the
record, so nothing is read twice, and an object the pointer empties goes too.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from ftlint.convert.result import Reject


def apply_columns(record: dict[str, Any], columns: Mapping[str, str]) -> dict[str, Any]:
    if not columns:
        return record
    out = copy.deepcopy(record)  # pointers edit nested objects; the caller's record stays as it was
    lifted = {target: _take(out, source, target) for target, source in columns.items()}
    clash = sorted(set(lifted) & set(out))
    if clash:
        raise Reject(f"column mapping writes `{clash[0]}`, which the record already has")
    out.update(lifted)
    return out


def _take(record: dict[str, Any], source: str, target: str) -> Any:
    if not source.startswith("/"):
        if source not in record:
            raise Reject(f"column `{source}` (mapped to `{target}`) is missing")
        return record.pop(source)
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in source[1:].split("/")]
    path: list[tuple[dict[str, Any], str]] = []
    node: Any = record
    for token in tokens:
        # Objects only: taking an item out of a list would renumber the items after it.
        if not (isinstance(node, dict) and token in node):
            raise Reject(f"JSON pointer `{source}` (mapped to `{target}`) finds no object key in the record")
        path.append((node, token))
        node = node[token]
    container, key = path[-1]
    del container[key]
    # The objects the value leaves empty go too, innermost first: `{"meta": {}}` is not data.
    for parent, child_key in reversed(path[:-1]):
        if parent[child_key]:
            break
        del parent[child_key]
    return node
