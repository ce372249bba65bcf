"""The split's per-record columns: the seeded hash, the grouping keys and the labels."""

from __future__ import annotations

from typing import Any

import orjson
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ftlint.core.engine.worker import _read_record
from ftlint.core.records import Line, Record
from ftlint.rules.quality._hashes import prompt_hash, record_hash
from ftlint.split.keys import (
    FIRST_USER_KEY,
    PROMPT_KEY,
    field_key,
    field_label,
    first_user_key,
    first_user_text,
    key_feature,
    label_column_feature,
    prompt_key,
    split_features,
)
from ftlint.split.plan import SplitPlan
from ftlint.split.seeded import reference, reference_unit, seeded_hash, unit_interval

U64 = st.integers(0, (1 << 64) - 1)


@given(st.lists(U64, min_size=1, max_size=50), U64)
@settings(max_examples=100, deadline=None)
def test_the_polars_hash_is_xxh3_with_the_seed(identities: list[int], seed: int) -> None:
    frame = pl.DataFrame({"x": pl.Series(identities, dtype=pl.UInt64)})
    assert seeded_hash(frame, "x", seed).to_list() == [reference(x, seed) for x in identities]
    assert unit_interval(frame, "x", seed).to_list() == [reference_unit(x, seed) for x in identities]
    assert all(0 <= u < 1 for u in unit_interval(frame, "x", seed).to_list())


def record(data: dict[str, Any], file_format: str | None = None) -> Record:
    raw = orjson.dumps(data)
    found = _read_record(Line(1, 0, raw, b"\n"), file_format)
    assert found is not None
    return found


def chat(*turns: tuple[str, Any], **extra: Any) -> Record:
    return record({"messages": [{"role": role, "content": content} for role, content in turns], **extra}, "chat")


def test_the_prompt_key_is_dq004s_prompt_hash_where_it_has_one() -> None:
    samples = [
        chat(("system", "s"), ("user", "hi"), ("assistant", "hello")),
        chat(("user", "hi"), ("assistant", "a"), ("user", "more"), ("assistant", "b"), ("assistant", "c")),
        record({"prompt": "2+2=", "completion": " 4"}, "prompt_completion"),
        record({"prompt": [{"role": "user", "content": "q"}], "completion": [{"role": "assistant", "content": "a"}]},
               "prompt_completion"),
    ]
    for sample in samples:
        assert prompt_hash(sample) is not None
        assert prompt_key(sample) == prompt_hash(sample)


def test_same_prompt_different_answer_shares_the_key_and_a_different_prompt_does_not() -> None:
    one = chat(("user", "Is this spam?"), ("assistant", "yes"))
    two = chat(("user", "Is this spam?"), ("assistant", "no"))
    three = chat(("user", "Is this ham?"), ("assistant", "yes"))
    assert prompt_key(one) == prompt_key(two) != prompt_key(three)
    assert record_hash(one) != record_hash(two)


def test_formats_dq004_leaves_out_get_a_prompt_too() -> None:
    asked = [{"role": "user", "content": "Pick one"}]
    chosen_a = {"input": {"messages": asked}, "preferred_output": [{"role": "assistant", "content": "a"}],
                "non_preferred_output": [{"role": "assistant", "content": "b"}]}
    chosen_b = {**chosen_a, "preferred_output": [{"role": "assistant", "content": "c"}]}
    dpo = [record(chosen_a, "preference"), record(chosen_b, "preference")]
    assert prompt_hash(dpo[0]) is None
    assert prompt_key(dpo[0]) == prompt_key(dpo[1]) is not None
    # The same prompt as a chat record's: one shape, one key.
    assert prompt_key(dpo[0]) == prompt_key(chat(("user", "Pick one"), ("assistant", "x")))
    trl = [record({"prompt": "P", "chosen": "a", "rejected": "b"}, "preference_trl"),
           record({"prompt": "P", "chosen": "c", "rejected": "d"}, "preference_trl")]
    assert prompt_key(trl[0]) == prompt_key(trl[1]) is not None
    alpaca = [record({"instruction": "Sum", "input": "1 2", "output": "3"}, "alpaca"),
              record({"instruction": "Sum", "input": "1 2", "output": "three"}, "alpaca"),
              record({"instruction": "Sum", "input": "2 2", "output": "4"}, "alpaca")]
    assert prompt_key(alpaca[0]) == prompt_key(alpaca[1]) != prompt_key(alpaca[2])
    sharegpt = [record({"conversations": [{"from": "human", "value": "hi"}, {"from": "gpt", "value": v}]},
                       "sharegpt") for v in ("a", "b")]
    assert prompt_key(sharegpt[0]) == prompt_key(sharegpt[1]) is not None
    assert prompt_key(record({"text": "plain"}, "text")) is None


def test_first_user_key_across_formats() -> None:
    assert first_user_text(chat(("system", "s"), ("user", "Hello"), ("assistant", "a"))) == "Hello"
    parts = chat(("user", [{"type": "text", "text": "Hel"}, {"type": "image_url", "image_url": {"url": "x"}},
                           {"type": "text", "text": "lo"}]), ("assistant", "a"))
    assert first_user_text(parts) == "Hel\nlo"
    assert first_user_text(record({"prompt": "Hello", "completion": "x"}, "prompt_completion")) == "Hello"
    assert first_user_text(record({"instruction": "Do", "input": "this", "output": "x"}, "alpaca")) == "Do\nthis"
    assert first_user_text(record({"conversations": [{"from": "human", "value": "Hi"},
                                                     {"from": "gpt", "value": "x"}]}, "sharegpt")) == "Hi"
    same = [chat(("user", "Q"), ("assistant", "a"), ("user", "follow-up"), ("assistant", "b")),
            chat(("user", "Q"), ("assistant", "other"))]
    assert first_user_key(same[0]) == first_user_key(same[1])
    assert prompt_key(same[0]) != prompt_key(same[1])
    assert first_user_key(record({"text": "x"}, "text")) is None


def test_field_key_and_label() -> None:
    a = record({"prompt": "p", "completion": "c", "meta": {"doc": 7, "label": 1}}, "prompt_completion")
    b = record({"prompt": "q", "completion": "d", "meta": {"doc": 7, "label": "spam"}}, "prompt_completion")
    assert field_key("/meta/doc", a) == field_key("/meta/doc", b) is not None
    assert field_key("/meta/missing", a) is None
    assert field_label("/meta/label", a) == "1"
    assert field_label("/meta/label", b) == "spam"
    assert field_label("/nothing", a) is None


def test_features_of_a_plan() -> None:
    names = [f.name for f in split_features("prompt", "auto", near=True)]
    assert names[:3] == ["record_hash", PROMPT_KEY.name, "label"]
    assert names[3].startswith("near_keys_")
    assert [f.name for f in SplitPlan(by="first-user", stratify="off").features()] == ["record_hash",
                                                                                       FIRST_USER_KEY.name]
    field = key_feature("field:/meta/doc")
    assert field is not None and field.name == "split_field_key:/meta/doc"
    label = label_column_feature("/meta/label")
    assert label is not None and label.dtype == "Utf8"


@pytest.mark.parametrize("options", [{"by": "answer"}, {"by": "field:doc"}, {"stratify": "label"},
                                     {"valid": 1.5}, {"valid": 0.6, "test": 0.5}, {"test": -0.1},
                                     {"max_valid": -1}])
def test_bad_options_are_refused(options: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        SplitPlan(**options)
