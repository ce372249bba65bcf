"""Which format a record is read as: TRL's types, Together's multimodal records, and the variants of
other trainers that look like them."""

from __future__ import annotations

from typing import Any

import pytest

from ftlint.core.formats import detect_shape, record_format

USER = {"role": "user", "content": "What color is the sky?"}
BLUE = {"role": "assistant", "content": "It is blue."}
GREEN = {"role": "assistant", "content": "It is green."}

SHAPES: list[tuple[dict[str, Any], str | None]] = [
    # TRL's dataset types (docs/source/dataset_formats.md), standard and conversational.
    ({"text": "The sky is blue."}, "text"),
    ({"messages": [USER, BLUE]}, "chat"),
    ({"prompt": "The sky is"}, "prompt_only"),
    ({"prompt": [USER]}, "prompt_only"),
    ({"prompt": [USER], "ground_truth": "blue"}, "prompt_only"),  # reward-function data beside it
    ({"prompt": "The sky is", "completion": " blue."}, "prompt_completion"),
    ({"prompt": [USER], "completion": [BLUE]}, "prompt_completion"),
    ({"prompt": "The sky is", "chosen": " blue.", "rejected": " green."}, "preference_trl"),
    ({"chosen": "The sky is blue.", "rejected": "The sky is green."}, "preference_trl"),
    ({"chosen": [USER, BLUE], "rejected": [USER, GREEN]}, "preference_trl"),
    ({"prompt": "The sky is", "completion": " blue.", "label": True}, "kto"),
    ({"prompt": [USER], "completion": [GREEN], "label": False}, "kto"),
    # Together's multimodal instruction record.
    ({"prompt": [{"type": "text", "text": "How many?"}, {"type": "image_url", "image_url": {"url": "data:,"}}],
      "completion": [{"type": "text", "text": "Seven."}]}, "prompt_completion"),
    # LLaMA-Factory's preference variants keep their own formats.
    ({"conversations": [{"from": "human", "value": "Hi"}], "chosen": {"from": "gpt", "value": "Hello."},
      "rejected": {"from": "gpt", "value": "Go away."}}, "sharegpt"),
    ({"instruction": "Say hi", "input": "", "chosen": "Hello.", "rejected": "No."}, None),
    ({"question": "Why?", "answer": "Because."}, None),
]


@pytest.mark.parametrize(("record", "expected"), SHAPES)
def test_a_record_is_detected_as_its_format(record: dict[str, Any], expected: str | None) -> None:
    assert detect_shape(record) == expected


@pytest.mark.parametrize(("record", "file_format", "checked_as"), [
    # Keys all of the file's format: that format with keys missing (SC001), not a smaller format.
    ({"prompt": "a"}, "prompt_completion", "prompt_completion"),
    ({"prompt": "a", "completion": "b"}, "kto", "kto"),
    ({"prompt": "a", "chosen": "b"}, "preference_trl", "preference_trl"),
    ({"chosen": "b", "rejected": "c"}, "sharegpt", "sharegpt"),
    # The file's format's signature and more: that format with an unknown key (SC003).
    ({"prompt": "a", "completion": "b", "label": True}, "prompt_completion", "prompt_completion"),
    # Keys the file's format does not have: the record's own format (SC004 says it is mixed).
    ({"prompt": "a", "ground_truth": "b"}, "prompt_completion", "prompt_only"),
    ({"messages": []}, "prompt_completion", "chat"),
    ({"question": "a"}, "prompt_completion", "prompt_completion"),
])
def test_a_record_is_checked_as_the_files_format_when_it_can_be(record: dict[str, Any], file_format: str,
                                                                checked_as: str) -> None:
    assert record_format(record, file_format) == checked_as
