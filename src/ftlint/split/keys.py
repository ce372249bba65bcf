"""The per-record columns a split needs, as `Feature`s the engine computes in its workers.

- the exact-duplicate hash: DQ001's `record_hash` column (shared with DQ001 and DQ004);
- the grouping key, one of:
  - `--by prompt`: everything but the final answer. Where DQ003/DQ004 define a prompt
    (`_hashes.prompt_part`: chat, prompt/completion, KTO, prompt-only) the key *is* their prompt
    hash, so a split never puts in validation a prompt DQ004 would find in training. Formats
    DQ004 leaves out get a prompt here too, the same shape where they can: a chat or RFT record
    ending with the user (all its messages), OpenAI preference (`input`), TRL preference (the
    `prompt`, or the shared turns before the implicit prompt's answers), alpaca (system,
    instruction, input, history) and ShareGPT (the turns before the final assistant run).
    Plain text has no prompt: its records are grouped with their exact copies only.
  - `--by first-user`: the text of the first user message (the prompt string of a
    prompt/completion record, an alpaca record's instruction and input joined by a newline as
    LLaMA-Factory does, the first `human` turn of ShareGPT).
  - `--by field:/json/pointer`: the canonical JSON of the value there.
  A record without a key (no prompt, no user message, nothing at the pointer) is grouped with its
  exact copies only.
- the class label: `--stratify auto` uses the classification rules' label column (`_answers`:
  the short final answer, or the target's `label-field`), classes compared as CL rules merge
  spellings (case and surrounding spaces ignored); `--stratify /ptr` the value at the pointer,
  as written (strings as they are, other JSON values as their JSON text).
- with `near`: DQ012/DQ004's near-duplicate sketch column at DQ004's threshold (shared with them).
"""

from __future__ import annotations

from functools import partial
from typing import Any

import xxhash

from ftlint.core.edits import resolve_pointer
from ftlint.core.jsondoc import dump_json
from ftlint.core.records import Record
from ftlint.core.rule import Feature, Target
from ftlint.rules.classification._answers import LABEL, label_feature
from ftlint.rules.quality._hashes import RECORD_HASH, prompt_hash, prompt_part
from ftlint.rules.quality._sketch import near_keys_feature
from ftlint.rules.quality.leakage import NEAR_THRESHOLD

ASSISTANT_ROLES = frozenset({"assistant", "gpt", "model", "bot"})
USER_ROLES = frozenset({"user", "human"})


def _hash_json(value: Any) -> int:
    return xxhash.xxh3_64_intdigest(dump_json(value, sort_keys=True))


def _hash_text(text: str) -> int:
    return xxhash.xxh3_64_intdigest(text.encode("utf-8", "surrogatepass"))


def _before_answer(messages: list[Any], role_key: str = "role") -> list[Any]:
    """The messages before the final run of assistant turns (all of them when none ends it)."""
    last = len(messages)
    while last > 0 and isinstance(messages[last - 1], dict) and messages[last - 1].get(role_key) in ASSISTANT_ROLES:
        last -= 1
    return messages[:last]


def split_prompt(record: Record) -> Any:
    """The prompt of a record for grouping: DQ004's where it has one, else see the module docstring."""
    found = prompt_part(record)
    if found is not None:
        return found
    data = record.data
    fmt = record.format
    messages = data.get("messages")
    if fmt in ("chat", "rft") and isinstance(messages, list) and messages:
        before = _before_answer(messages)
        return [before, data.get("tools")] if before else None
    if fmt == "preference" and isinstance(data.get("input"), dict):
        given = data["input"]
        return [given.get("messages"), given.get("tools")]
    if fmt == "preference_trl":
        if "prompt" in data:
            return data["prompt"]
        chosen = data.get("chosen")
        if isinstance(chosen, list):
            before = _before_answer(chosen)
            return [before, None] if before else None
        return None
    if fmt == "alpaca":
        return ["alpaca", data.get("system"), data.get("instruction"), data.get("input"), data.get("history")]
    conversations = data.get("conversations")
    if fmt == "sharegpt" and isinstance(conversations, list):
        before = _before_answer(conversations, "from")
        return ["sharegpt", data.get("system"), before] if before else None
    return None


def prompt_key(record: Record) -> int | None:
    """`--by prompt`: DQ004's prompt hash where it has one (the same number), else the hash of `split_prompt`."""
    found = prompt_hash(record)
    if found is not None:
        return found
    prompt = split_prompt(record)
    return None if prompt is None else _hash_json(prompt)


def _text_of(content: Any) -> str | None:
    """A message's text: a string, or the text parts of a content list joined by newlines."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = [part.get("text") for part in content if isinstance(part, dict) and isinstance(part.get("text"), str)]
        return "\n".join(texts) if texts else None
    return None


def _first_user(messages: Any, role_key: str = "role", content_key: str = "content") -> str | None:
    if isinstance(messages, list):
        for message in messages:
            if isinstance(message, dict) and message.get(role_key) in USER_ROLES:
                return _text_of(message.get(content_key))
    return None


def first_user_text(record: Record) -> str | None:
    data = record.data
    fmt = record.format
    if fmt in ("chat", "rft"):
        return _first_user(data.get("messages"))
    if fmt == "preference" and isinstance(data.get("input"), dict):
        return _first_user(data["input"].get("messages"))
    if fmt in ("prompt_completion", "kto", "prompt_only", "preference_trl"):
        prompt = data.get("prompt")
        if prompt is None and fmt == "preference_trl":
            prompt = data.get("chosen")  # an implicit prompt: the turns the two answers share
        return prompt if isinstance(prompt, str) else _first_user(prompt)
    if fmt == "alpaca":
        instruction, given = data.get("instruction"), data.get("input")
        if not isinstance(instruction, str):
            return None
        return f"{instruction}\n{given}" if isinstance(given, str) and given else instruction
    if fmt == "sharegpt":
        return _first_user(data.get("conversations"), "from", "value")
    return None


def first_user_key(record: Record) -> int | None:
    """`--by first-user`: the hash of the first user message's text."""
    text = first_user_text(record)
    return None if text is None else _hash_text(text)


def field_key(pointer: str, record: Record) -> int | None:
    """`--by field:/ptr`: the hash of the canonical JSON at the pointer (None when nothing is there)."""
    found, value = resolve_pointer(record.data, pointer)
    return _hash_json(value) if found else None


def field_label(pointer: str, record: Record) -> str | None:
    """`--stratify /ptr`: the value at the pointer, a string as it is, anything else as its JSON text."""
    found, value = resolve_pointer(record.data, pointer)
    if not found or value is None:
        return None
    return value if isinstance(value, str) else dump_json(value, sort_keys=True).decode("utf-8", "surrogatepass")


PROMPT_KEY = Feature("split_prompt_key", "UInt64", prompt_key)
FIRST_USER_KEY = Feature("split_first_user_key", "UInt64", first_user_key)
NEAR_KEYS = near_keys_feature(NEAR_THRESHOLD)


def key_feature(by: str) -> Feature | None:
    """The grouping column for `--by`: `prompt`, `first-user`, `field:/ptr`, or `record` (exact copies only)."""
    if by == "prompt":
        return PROMPT_KEY
    if by == "first-user":
        return FIRST_USER_KEY
    if by.startswith("field:"):
        pointer = by.removeprefix("field:")
        return Feature(f"split_field_key:{pointer}", "UInt64", partial(field_key, pointer))
    if by == "record":
        return None
    raise ValueError(f"--by takes prompt, first-user or field:/json/pointer, not {by!r}")


def label_column_feature(stratify: str, target: Target | None = None) -> Feature | None:
    """The label column for `--stratify`: `auto` (the CL rules' label), a JSON pointer, or `off` (none)."""
    if stratify == "off":
        return None
    if stratify == "auto":
        return label_feature(target) if target is not None else LABEL
    if stratify.startswith("/"):
        return Feature(f"split_label:{stratify}", "Utf8", partial(field_label, stratify))
    raise ValueError(f"--stratify takes auto, off or a JSON pointer such as /label, not {stratify!r}")


def split_features(by: str, stratify: str, near: bool, target: Target | None = None) -> tuple[Feature, ...]:
    """Every column a split with these options needs, for the engine to compute per record."""
    wanted = [RECORD_HASH, key_feature(by), label_column_feature(stratify, target), NEAR_KEYS if near else None]
    return tuple(feature for feature in wanted if feature is not None)
