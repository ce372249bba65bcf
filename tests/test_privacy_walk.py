"""The PI scan's walk over a record: the fast paths find exactly the strings the plain walk finds.

The scan reads each record's strings through a list-filling walk (`strings`), a loop for the usual
chat record (`_texts_of`, which also skips the role names) and one gate for the eight rules (the
scan itself). Each is compared here with the obvious code it replaced, on random records.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ftlint.core.findings import pointer
from ftlint.core.records import Line, Record
from ftlint.privacy.detect import is_data_url
from ftlint.privacy.scanner import find
from ftlint.privacy.screen import line_may_hold_pii, text_may_hold_pii
from ftlint.rules._texts import strings
from ftlint.rules.privacy._scan import NAMES_WITHOUT_PII, _texts_of, may_hold_pii, scan


def walked(value: Any, where: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """The recursive generator `strings` was: every string value, depth first, with its path."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walked(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walked(item, (*where, index))


TEXTS = st.one_of(
    st.sampled_from(["user", "assistant", "system", "tool", "hi", "", "Call 212-736-1234 now", "x@acme-mail.io",
                     "ip 81.2.69.160", "4539 1488 0343 6467", "Natalia sold 82/1 = <<42/1=73>>67 clips"]),
    st.text(alphabet="ab 0123456789-.@:()+", max_size=30),
)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False), TEXTS)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(["role", "content", "name", "k"]), inner, max_size=4)),
    max_leaves=20)
MESSAGE = st.dictionaries(st.sampled_from(["role", "content", "name", "weight", "tool_calls"]),
                          st.one_of(TEXTS, st.integers(0, 1), st.floats(0, 1), VALUES), min_size=1, max_size=4)
CHAT = st.one_of(st.fixed_dictionaries({"messages": st.lists(MESSAGE, max_size=5)}),
                 st.fixed_dictionaries({"messages": st.lists(MESSAGE, max_size=3), "tools": VALUES}),
                 st.fixed_dictionaries({"messages": VALUES}),
                 st.dictionaries(st.sampled_from(["text", "prompt"]), VALUES))


def record_of(data: dict[str, Any]) -> Record:
    return Record(Line(1, 0, json.dumps(data).encode(), b"\n"), data, "chat", "chat", data)


@given(VALUES)
@settings(max_examples=300)
def test_strings_is_the_depth_first_walk(value: Any) -> None:
    assert strings(value) == list(walked(value))
    assert strings(value, ("a", 1)) == list(walked(value, ("a", 1)))


@given(CHAT)
@settings(max_examples=300)
def test_the_chat_loop_screens_what_the_walk_screens(data: dict[str, Any]) -> None:
    screened = [(where, text) for where, text in walked(data) if text_may_hold_pii(text)]
    assert [(where, text) for where, text in _texts_of(record_of(data)) if text_may_hold_pii(text)] == screened


@given(CHAT)
@settings(max_examples=200)
def test_the_scan_is_the_scan_of_every_string(data: dict[str, Any]) -> None:
    expected = [(pointer(*where), text, spans) for where, text in walked(data)
                if not is_data_url(text) and (spans := find(text))]
    assert scan(record_of(data)) == expected


def test_role_names_hold_nothing() -> None:
    for name in NAMES_WITHOUT_PII:
        assert not text_may_hold_pii(name) and find(name) == []


def test_the_gate_says_whether_the_scan_found_anything() -> None:
    # Digits enough to pass the line's screen, but no entity: the rules are not asked.
    arithmetic = record_of({"messages": [{"role": "user", "content": "122 - 63 - 81 - 92 = 1154, 2023-11-05"}]})
    assert line_may_hold_pii(arithmetic.line.raw)
    assert not may_hold_pii(arithmetic)
    holding = record_of({"messages": [{"role": "user", "content": "write to jane.doe@acme-mail.com"}]})
    assert may_hold_pii(holding)
    assert [hit[0] for hit in holding.memo["pii"]] == ["/messages/0/content"]  # scanned once, kept for the rules
    # A line the screen turns away is not scanned at all.
    plain = record_of({"messages": [{"role": "user", "content": "hello there"}]})
    assert not may_hold_pii(plain) and "pii" not in plain.memo
