"""The plain-shape shortcut never accepts a record that the typed view would reject or change."""

from __future__ import annotations

from functools import cache
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
        if plain(record) is not False:
            assert FORMAT_BY_NAME[name].adapter.validate_python(record) == record


def test_plain_shapes_accept_the_common_records_and_leave_the_rest() -> None:
    chat = PLAIN_SHAPES["chat"]
    # Plain, with a shape (the roles) only when every message is a role and text that is not blank.
    assert chat({"messages": [{"role": "user", "content": "hi"}, {"role": "Bot", "content": "yo"}]}) == ("user", "Bot")
    assert chat({"messages": []}) == ()
    assert chat({"messages": [{"role": "assistant", "content": "", "weight": 0}]}) is True
    assert chat({"messages": [{"role": "user", "content": " hi"}, {"role": "assistant", "content": "\n\tyo"}]}) == (
        "user", "assistant")
    assert chat({"messages": [{"role": "user", "content": " \t\u3000"}]}) is True  # blank: CH004 reads the text
    assert chat({"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": ""}]}) is True
    assert chat({"messages": [{"role": "user", "content": "hi", "name": "ann"}]}) is True
    # Not plain: pydantic decides.
    assert chat({"messages": [{"role": "assistant", "content": "x", "weight": True}]}) is False  # strict: no bool
    assert chat({"messages": [{"role": "assistant", "content": None, "tool_calls": []}]}) is False
    assert chat({"messages": [{"role": "user", "content": [{"type": "text", "text": "x"}]}]}) is False
    assert chat({"messages": [{"role": "user", "content": "x"}], "tools": []}) is False
    assert chat({"messages": [{"role": "user"}]}) is False
    assert chat({"messages": ["user"]}) is False
    assert PLAIN_SHAPES["prompt_completion"]({"prompt": "a", "completion": "b"}) is True
    assert PLAIN_SHAPES["prompt_completion"]({"prompt": "a", "completion": 1}) is False
    assert PLAIN_SHAPES["text"]({"text": "a", "meta": 1}) is False


roles = st.lists(st.sampled_from(["system", "developer", "user", "assistant", "tool", "User", "human", "gpt"]),
                 max_size=6)
WHITESPACE = [chr(c) for c in range(0x110000) if chr(c).isspace()]
# Texts long enough to hold what a rule might look for (a role word, a tag, JSON), not only noise.
WORDS = ["user", "assistant", "system", "tool", "<|im_end|>", "{\"a\": 1}", "http://x/y.png", "image_url", "call_1",
         "\n", " ", "weight", "null", "é"]
words = st.lists(st.sampled_from(WORDS) | st.text(max_size=12), min_size=1, max_size=30).map("".join)
unpadded = st.one_of(st.text(min_size=1, max_size=12), words).filter(lambda t: bool(t) and not t[0].isspace())
padded = st.builds(str.__add__, st.text(st.sampled_from(WHITESPACE), min_size=1, max_size=3), unpadded)
blank = st.text(st.sampled_from(WHITESPACE), max_size=3)  # "" too
texts = st.one_of(unpadded, padded, blank)


@cache
def _pure_rules() -> list[Any]:
    """Every rule that declares itself pure on a shape, opt-in ones too, as the `openai` profile sets them."""
    from ftlint.config.loader import resolve
    from ftlint.config.model import Settings
    from ftlint.config.selection import build_pack, build_target
    from ftlint.core.rule import RecordRule, shape_pure
    from ftlint.rules.registry import rules_by_code
    from tests.conftest import REPO

    rules = rules_by_code()
    codes = [code for code, rule in rules.items() if rule.__dict__.get("pure_on_shape", False)]
    settings = resolve(Settings(extend_select=codes), REPO, "openai")
    pack = build_pack(settings, rules, build_target(settings, "openai"))
    return [rule for rule in pack.record_rules if isinstance(rule, RecordRule) and shape_pure(rule)]


@settings(max_examples=400, deadline=None)
@given(roles, st.data())
def test_shape_pure_rules_depend_on_the_shape_alone(role_list: list[str], data: st.DataObject) -> None:
    """Every rule that declares itself pure gives a record of a shape (texts unpadded, padded or blank,
    short or long) the violations it gives the stand-in of that shape, which is all the engine shows it."""
    from ftlint.core.formats.plain import stand_in
    from ftlint.core.records import Line, Record

    pure_rules = _pure_rules()
    assert len(pure_rules) >= 20
    value = {"messages": [{"role": role, "content": data.draw(texts)} for role in role_list]}
    shape = PLAIN_SHAPES["chat"](value)
    if shape is True:
        return  # no shape: the engine runs every rule on the record itself
    assert shape == tuple(role_list)
    record = Record(Line(1, 0, orjson.dumps(value), b"\n"), value, "chat", "chat", value, shape=shape)
    shown = stand_in(record)
    assert (shown.shape == shape and shown.data != value) or all(m["content"] == "x" for m in value["messages"])
    for rule in pure_rules:
        assert list(rule.check_record(record)) == list(rule.check_record(shown)), rule.code
