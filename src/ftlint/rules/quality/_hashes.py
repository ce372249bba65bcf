"""The hashes the DQ rules compare: of a whole record (DQ001) and of its prompt, everything but the answer."""

from __future__ import annotations

from typing import Any

import orjson
import xxhash

from ftlint.core.jsondoc import dump_json
from ftlint.core.records import Record
from ftlint.core.rule import Feature
from ftlint.rules.classification._answers import record_label


def record_hash(record: Record) -> int:
    """64-bit hash of the record's canonical JSON (keys sorted, no spacing), so layout doesn't matter."""
    try:  # orjson inline: this runs for every record, and `dump_json`'s fallback is for rare values
        return xxhash.xxh3_64_intdigest(orjson.dumps(record.data, option=orjson.OPT_SORT_KEYS))
    except TypeError:
        return xxhash.xxh3_64_intdigest(dump_json(record.data, sort_keys=True))


def prompt_part(record: Record) -> Any:
    """What the model is given, without the answer it learns: None when the record has no prompt apart
    from its answer (a chat record ending with the user; preference pairs, see below)."""
    view = record.view
    if view is None:
        return None
    if record.format == "chat":
        messages = view["messages"]
        last = len(messages) - 1
        while last >= 0 and messages[last].get("role") == "assistant":
            last -= 1  # the answer is the final run of assistant messages
        if last < 0 or last == len(messages) - 1:
            return None
        return [messages[: last + 1], view.get("tools")]
    if record.format in ("prompt_completion", "kto", "prompt_only"):
        # A string, messages or content parts. A prompt-only record has no answer, but the same
        # prompt in training and validation data is still a leak (DQ004); KTO pairs answers to one
        # prompt as preference data does, but it has no label conflict to find (no `record_label`).
        return view["prompt"]
    return None  # preference data pairs answers to one prompt on purpose


def prompt_hash(record: Record) -> int | None:
    prompt = prompt_part(record)
    return None if prompt is None else xxhash.xxh3_64_intdigest(dump_json(prompt, sort_keys=True))


def labelled_prompt_hash(record: Record) -> int | None:
    """The prompt hash of records with a short answer (a label) only: label conflicts are only
    looked for among those, and hashing every long conversation's prompt would cost every record."""
    return prompt_hash(record) if record_label(record) is not None else None


RECORD_HASH = Feature("record_hash", "UInt64", record_hash)
PROMPT_HASH = Feature("prompt_hash", "UInt64", prompt_hash)
LABELLED_PROMPT_HASH = Feature("labelled_prompt_hash", "UInt64", labelled_prompt_hash)
