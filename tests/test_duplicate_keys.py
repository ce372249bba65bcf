"""FL013's screen is sound and its exact check exact, on random JSON with injected duplicate keys.

Documents are generated as a model (objects as lists of members, so a key can be written twice),
written out with random escapes (colons as `\\u003a`, keys spelt differently) and whitespace, and
the model says which keys are duplicated where, independently of any JSON parser.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ftlint.core.findings import escape_pointer_token
from ftlint.rules.file._duplicates import find_duplicates, may_have_duplicates

# Few keys, so that objects often repeat one; colons, backslashes and the letters of `\u003a` in
# keys and text, so that colons are counted in every way they can be written (and over-counted).
KEYS = st.sampled_from(["a", "b", "a:b", ":", "content", "role", "u003a", "\\u003a", "é:", "/~"]) | st.text(
    alphabet="ab:\\", max_size=3)
TEXT = st.text(alphabet=st.sampled_from([*'ab :\\"/u003aA\n\té', "\u2028", "😀", "\x01"]), max_size=12)
SCALARS = st.one_of(TEXT.map(lambda s: ("str", s)), st.integers(-10**6, 10**6).map(lambda n: ("num", n)),
                    st.sampled_from(["true", "false", "null"]).map(lambda w: ("lit", w)))


def _containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    members = st.lists(st.tuples(KEYS, children), max_size=5)
    return st.one_of(members.map(lambda m: ("obj", m)), st.lists(children, max_size=4).map(lambda a: ("arr", a)))


MODELS = st.recursive(SCALARS, _containers, max_leaves=25)
# A line holds an object or an array; chat-like records too, mostly without a colon in their text,
# so that the first step (colons against the members of the messages) decides often.
MESSAGE = st.lists(st.tuples(st.sampled_from(["role", "content", "name"]), st.one_of(
    st.text(alphabet='ab \\"é', max_size=6).map(lambda s: ("str", s)), SCALARS)), min_size=1, max_size=4)
CHATS = st.tuples(st.lists(MESSAGE.map(lambda m: ("obj", m)), max_size=5),
                  st.lists(st.tuples(st.just("messages") | KEYS, MODELS), max_size=2))
DOCUMENTS = _containers(MODELS) | CHATS.map(lambda c: ("obj", [("messages", ("arr", c[0])), *c[1]]))


def _string(text: str, rng: random.Random) -> str:
    """`text` as a JSON string, each character written one of the ways JSON allows."""
    out = []
    for char in text:
        code = ord(char)
        if code > 0xFFFF:  # a surrogate pair
            high, low = divmod(code - 0x10000, 0x400)
            ways = [f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04X}"]
        else:
            ways = [f"\\u{code:04x}", f"\\u{code:04X}"]
        if char == '"':
            ways.append('\\"')
        elif char == "\\":
            ways.append("\\\\")
        elif char == "/":
            ways += ["/", "\\/"]
        elif char in "\n\t":
            ways.append({"\n": "\\n", "\t": "\\t"}[char])
        elif code >= 0x20:
            ways += [char] * 4  # mostly as itself
        out.append(rng.choice(ways))
    return '"' + "".join(out) + '"'


def _write(model: Any, rng: random.Random) -> str:
    def space() -> str:
        return rng.choice(["", "", "", " ", "\t", "\n", "\r\n "])

    kind, body = model
    if kind == "str":
        return _string(body, rng)
    if kind == "num":
        return str(body)
    if kind == "lit":
        return body
    if kind == "arr":
        return "[" + space() + ",".join(space() + _write(child, rng) + space() for child in body) + "]"
    return "{" + space() + ",".join(f"{space()}{_string(key, rng)}{space()}:{space()}{_write(child, rng)}{space()}"
                                     for key, child in body) + "}"


def _kept(model: Any) -> Any:
    """What a parser that keeps the last value makes of the model."""
    kind, body = model
    if kind == "obj":
        return {key: _kept(child) for key, child in body}
    if kind == "arr":
        return [_kept(child) for child in body]
    return {"true": True, "false": False, "null": None}.get(body, body) if kind == "lit" else body


def _duplicates(model: Any, at: str = "",
                found: dict[str, tuple[str, int]] | None = None) -> dict[str, tuple[str, int]]:
    """pointer -> (key, most occurrences) for every key written twice in one object, dropped values included."""
    found = {} if found is None else found
    kind, body = model
    if kind == "obj":
        for key, times in Counter(key for key, _ in body).items():
            where = f"{at}/{escape_pointer_token(key)}"
            if times > 1 and times > found.get(where, (key, 1))[1]:
                found[where] = (key, times)
        for key, child in body:
            _duplicates(child, f"{at}/{escape_pointer_token(key)}", found)
    elif kind == "arr":
        for index, child in enumerate(body):
            _duplicates(child, f"{at}/{index}", found)
    return found


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS, st.randoms(use_true_random=False))
def test_screen_is_sound_and_exact_check_exact(model: Any, rng: random.Random) -> None:
    raw = _write(model, rng).encode("utf-8")
    expected = _duplicates(model)
    for value in (orjson.loads(raw), json.loads(raw)):  # JSONL lines and the records of JSON array files
        assert value == _kept(model)
        if expected:
            assert may_have_duplicates(raw, value)
    assert {at: (key, times) for at, key, times in find_duplicates(raw)} == expected


@settings(max_examples=150, deadline=None)
@given(DOCUMENTS, st.randoms(use_true_random=False))
def test_screen_passes_clean_documents(model: Any, rng: random.Random) -> None:
    """Without duplicates the screen says no, unless a text holds the letters `\\u003a` (an over-count)."""
    raw = _write(model, rng).encode("utf-8")
    if _duplicates(model) or b"u003" in raw.lower():
        return
    assert not may_have_duplicates(raw, orjson.loads(raw))


def test_an_escaped_colon_cannot_hide_a_dropped_member() -> None:
    # C = 3 colons on the line, orjson writes back 3 (two members and the decoded `\u003a`): equal,
    # but the escaped colon is counted apart, so the screen still sees the dropped member.
    raw = b'{"k": "\\u003a", "x": 1, "x": 2}'
    assert raw.count(b":") == orjson.dumps(orjson.loads(raw)).count(b":")
    assert may_have_duplicates(raw, orjson.loads(raw))
    assert find_duplicates(raw) == [("/x", "x", 2)]


def test_values_orjson_cannot_write_go_to_the_exact_check() -> None:
    raw = b'[{"n": 123456789012345678901234567890, "s": "a:b"}]'  # a JSON array file's record, read by `json`
    assert may_have_duplicates(raw, json.loads(raw))
    assert find_duplicates(raw) == []


def test_nesting_orjson_accepts() -> None:
    raw = b'{"a":' * 1000 + b'{"k": 1, "k": 2}' + b"}" * 1000
    assert may_have_duplicates(raw, orjson.loads(raw))
    assert find_duplicates(raw) == [("/a" * 1000 + "/k", "k", 2)]
