"""Tokenizers ship with ftlint, are checked by SHA-256, and models resolve to the right one."""

from __future__ import annotations

import gzip
from importlib import resources

import pytest

from ftlint.core.models import UnknownModelError, resolve_model
from ftlint.core.tokens import encodings
from ftlint.core.tokens.counting import count_messages, count_record, utf8_length


def test_shipped_encodings_give_tiktokens_known_ids() -> None:
    # Ids as published by tiktoken for these encodings.
    assert encodings.get_encoding("o200k_base").encode_ordinary("hello world") == [24912, 2375]
    assert encodings.get_encoding("cl100k_base").encode_ordinary("hello world") == [15339, 1917]
    assert encodings.get_encoding("o200k_base").n_vocab == 200019
    assert encodings.get_encoding("cl100k_base").n_vocab == 100277


def test_a_corrupt_rank_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    real = resources.files("ftlint.core.tokens").joinpath("data", "cl100k_base.tiktoken.gz").read_bytes()
    tampered = gzip.compress(gzip.decompress(real).replace(b"IQ== 0", b"IQ== 1", 1))

    class FakeFile:
        def joinpath(self, *parts: str) -> FakeFile:
            return self

        def read_bytes(self) -> bytes:
            return tampered

    monkeypatch.setattr(encodings.resources, "files", lambda package: FakeFile())
    with pytest.raises(encodings.CorruptTokenizerError, match="SHA-256"):
        encodings.load_ranks("cl100k_base")


@pytest.mark.parametrize(
    ("name", "resolved", "encoding"),
    [
        ("gpt-4o-mini", "gpt-4o-mini-2024-07-18", "o200k_base"),
        ("ft:gpt-4.1-mini-2025-04-14:acme::abc123", "gpt-4.1-mini-2025-04-14", "o200k_base"),
        ("ft:gpt-4o-2024-08-06:acme:support:xyz", "gpt-4o-2024-08-06", "o200k_base"),
        ("ft:gpt-3.5-turbo-0125:acme::q", "gpt-3.5-turbo-0125", "cl100k_base"),
        ("davinci-002", "davinci-002", "cl100k_base"),
    ],
)
def test_model_names_resolve(name: str, resolved: str, encoding: str) -> None:
    spec = resolve_model(name)
    assert (spec.name, spec.encoding) == (resolved, encoding)


def test_unknown_model_lists_the_known_ones() -> None:
    with pytest.raises(UnknownModelError, match="gpt-4o-mini-2024-07-18"):
        resolve_model("gpt-5-superfast")


def test_byte_bound_is_never_below_the_exact_count() -> None:
    enc = encodings.get_encoding("o200k_base")
    messages = [{"role": "system", "content": "Ünïcödé ✓ 日本語 " * 30, "name": "sys"},
                {"role": "user", "content": [{"type": "text", "text": "emoji 🎉🎉 " * 20}]},
                {"role": "assistant", "content": "ok"}]
    exact = count_messages(messages, lambda text: len(enc.encode_ordinary(text)))
    assert count_messages(messages, utf8_length) >= exact > 0


def test_trl_and_together_records_count_as_one_conversation() -> None:
    enc = encodings.get_encoding("o200k_base")

    def exact(text: str) -> int:
        return len(enc.encode_ordinary(text))

    user, blue = {"role": "user", "content": "What color is the sky?"}, {"role": "assistant", "content": "Blue."}
    green = {"role": "assistant", "content": "It is green, of course."}
    conversation = count_messages([user, blue], exact)  # prompt and completion: one priming, not two
    assert count_record("prompt_completion", {"prompt": [user], "completion": [blue]}, exact) == conversation
    assert count_record("kto", {"prompt": [user], "completion": [blue], "label": True}, exact) == conversation
    assert count_record("prompt_only", {"prompt": [user], "answer": "4" * 500}, exact) == count_messages([user], exact)
    # A pair costs its prompt and its longer answer, the prompt explicit or inside both.
    longer = count_messages([user, green], exact)
    assert count_record("preference_trl", {"prompt": [user], "chosen": [blue], "rejected": [green]}, exact) == longer
    assert count_record("preference_trl", {"chosen": [user, blue], "rejected": [user, green]}, exact) == longer
    assert count_record("kto", {"prompt": "The sky is", "completion": " blue.", "label": False}, exact) == (
        exact("The sky is") + exact(" blue."))
    # Together's content parts: their text, and each image by OpenAI's rule (a low-detail image: 85).
    parts = {"prompt": [{"type": "text", "text": "How many?"},
                        {"type": "image_url", "image_url": {"url": "https://example.com/a.png", "detail": "low"}}],
             "completion": [{"type": "text", "text": "Seven."}]}
    assert count_record("prompt_completion", parts, exact) == exact("How many?") + 85 + exact("Seven.")
    assert count_record("prompt_completion", parts, utf8_length) >= count_record("prompt_completion", parts, exact)
