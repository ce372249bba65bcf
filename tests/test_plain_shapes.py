"""The plain-shape shortcut never accepts a record that the typed view would reject or change."""

from __future__ import annotations

from typing import Any

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from ftlint.core.formats import FORMAT_BY_NAME
from ftlint.core.formats.plain import PLAIN_SHAPES

scalars = st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False,
                                                                                  allow_infinity=False) | st.text(
    max_size=8)
mostly_text = st.one_of(st.text(max_size=8), st.text(max_size=8), scalars)
# Mostly near-plain records, so that the predicates' edges (a bool weight, a null content, an extra
# key) are exercised rather than random objects that fail at once.
text_message = st.fixed_dictionaries({"role": st.text(max_size=8), "content": st.text(max_size=8)},
                                     optional={"name": mostly_text, "weight": scalars})
messages = text_message | text_message | st.fixed_dictionaries(
    {"role": mostly_text, "content": mostly_text},
    optional={"name": mostly_text, "weight": scalars, "tool_calls": st.lists(scalars, max_size=1), "x": scalars},
) | st.dictionaries(st.sampled_from(["role", "content", "weight"]), scalars, max_size=3)
near_plain = st.one_of(
    st.fixed_dictionaries({"messages": st.lists(messages, max_size=4)}),
    st.fixed_dictionaries({"messages": st.lists(messages, max_size=3)},
                          optional={"tools": st.lists(st.dictionaries(st.text(max_size=3), scalars), max_size=2),
                                    "x": scalars}),
    st.fixed_dictionaries({"prompt": mostly_text, "completion": mostly_text}, optional={"x": scalars}),
    st.fixed_dictionaries({"text": mostly_text}, optional={"x": scalars}),
)

def _via_json(value: Any) -> Any:
    """What the worker sees: orjson's parse of the line (so only JSON types, exact classes)."""
    return orjson.loads(orjson.dumps(value))


@settings(max_examples=600, deadline=None)
@given(near_plain)
def test_a_plain_record_is_its_own_typed_view(value: dict[str, Any]) -> None:
    record = _via_json(value)
    for name, plain in PLAIN_SHAPES.items():
        if plain(record):
            assert FORMAT_BY_NAME[name].adapter.validate_python(record) == record


def test_plain_shapes_accept_the_common_records_and_leave_the_rest() -> None:
    chat = PLAIN_SHAPES["chat"]
    assert chat({"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "", "weight": 0}]})
    assert chat({"messages": []})
    assert not chat({"messages": [{"role": "assistant", "content": "x", "weight": True}]})  # strict: no bool
    assert not chat({"messages": [{"role": "assistant", "content": None, "tool_calls": []}]})
    assert not chat({"messages": [{"role": "user", "content": [{"type": "text", "text": "x"}]}]})
    assert not chat({"messages": [{"role": "user", "content": "x"}], "tools": []})
    assert not chat({"messages": [{"role": "user"}]})
    assert PLAIN_SHAPES["prompt_completion"]({"prompt": "a", "completion": "b"})
    assert not PLAIN_SHAPES["prompt_completion"]({"prompt": "a", "completion": 1})
    assert not PLAIN_SHAPES["text"]({"text": "a", "meta": 1})
