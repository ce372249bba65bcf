"""Duplicate keys in a JSON line: a screen that proves most lines have none, and the exact check.

FL013 asks `may_have_duplicates` of every line (it must cost next to nothing on a clean one) and
`find_duplicates` only of the lines the screen cannot clear.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from typing import Any

import orjson

from ftlint.core.findings import escape_pointer_token

_SIZE = dict.__len__  # raises TypeError for anything but an object


def may_have_duplicates(raw: bytes, value: Any) -> bool:
    """False only when `raw`, which parsed to `value`, certainly has no object with a key twice.

    Every member of an object in `raw` has one structural `:`, outside strings; a duplicate key
    makes the parser drop members (the first occurrences, with everything nested in them), so the
    members of `raw` outnumber those of `value`. Both screens below count colons to prove that no
    member was dropped; the property test in tests/test_duplicate_keys.py checks them.

    1. `raw` has C colon bytes, at least one per member. If C equals a lower bound of the members
       `value` has (those of the record and of its top-level objects and lists of objects), every
       colon is structural and no member was dropped. This settles records without a colon in
       their text at the cost of one count.
    2. Otherwise orjson writes `value` back: P colons, one per kept member plus every colon in the
       kept strings, unescaped. C misses the colons `raw` writes as `\\u003a`, X of them, which
       E >= X counts (E over-counts a `\\\\u003a`). Without a dropped member P = C + X; each dropped
       member takes away its colon and any in its strings, so P <= C + X - 1. C + E == P therefore
       proves that nothing was dropped (E = X); anything else asks for the exact check.
    """
    # Counted as what deleting them takes off: `replace` finds colons with memchr, `count` compares
    # every byte (CPython 3.11: 1.5x the time). `find`, not `in`: `in` first tries an int, and fails.
    colons = len(raw) - len(raw.replace(b":", b""))
    members = 0  # a lower bound of the members `value` has, counted inline: every line pays for this
    if value.__class__ is dict:
        members = len(value)
        for child in value.values():
            # Summed only if that may settle the line: messages of a role and a content, no colon in text
            if child.__class__ is list and colons <= members + 2 * len(child):
                try:
                    members += sum(map(_SIZE, child))
                except TypeError:  # not only objects: not counted (and `contextlib.suppress` costs more)
                    continue
            elif child.__class__ is dict:
                members += len(child)
    if colons == members:
        return False
    try:
        written = orjson.dumps(value)
    except TypeError:  # integers beyond 64 bits or lone surrogates read by `json`, or > 254 levels
        return True
    escaped = 0
    if raw.find(b"\\") != -1 and raw.find(b"\\u003") != -1:  # memchr first: cheap on a line without escapes
        escaped = raw.count(b"\\u003a") + raw.count(b"\\u003A")
    return colons + escaped != len(written) - len(written.replace(b":", b""))


class _Pairs(list[tuple[str, Any]]):
    """A JSON object as the key/value pairs written, duplicates included."""


def _ignore(text: str) -> None:
    return None  # numbers do not matter here (and `int` refuses more than 4,300 digits)


def _parse(raw: bytes) -> Any:
    try:
        return json.loads(raw, object_pairs_hook=_Pairs, parse_int=_ignore, parse_float=_ignore)
    except RecursionError:  # orjson reads 1,024 levels, a little more than `json` may with the default limit
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(limit + 1_100)
        try:
            return json.loads(raw, object_pairs_hook=_Pairs, parse_int=_ignore, parse_float=_ignore)
        finally:
            sys.setrecursionlimit(limit)


def find_duplicates(raw: bytes) -> list[tuple[str, str, int]]:
    """(pointer, key, occurrences) for each key written more than once in one object.

    The pointer names the key in its object; a duplicate inside a value that was itself written
    twice is listed once, with its most occurrences.
    """
    try:
        tree = _parse(raw)
    except ValueError:
        return []
    found: dict[str, tuple[str, int]] = {}
    stack: list[tuple[str, Any]] = [("", tree)]
    while stack:
        at, node = stack.pop()
        if node.__class__ is _Pairs:
            for key, times in Counter(key for key, _ in node).items():
                where = f"{at}/{escape_pointer_token(key)}"
                if times > found.get(where, (key, 1))[1]:
                    found[where] = (key, times)
            children = [(f"{at}/{escape_pointer_token(key)}", child) for key, child in node]
        elif node.__class__ is list:
            children = [(f"{at}/{index}", child) for index, child in enumerate(node)]
        else:
            continue
        stack.extend(reversed(children))
    return [(at, key, times) for at, (key, times) in found.items()]
