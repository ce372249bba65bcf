"""Per-record token columns for `ftlint stats`, computed in the workers with the target's tokenizer.

Every record is counted exactly (OpenAI's chat accounting, images by their detail and size), once,
and split by role; the columns are small integers, so a billion records still fit the table.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from ftlint.core.records import Record
from ftlint.core.rule import Feature
from ftlint.core.tokens.counting import (
    TOKENS_PER_MESSAGE,
    TOKENS_PER_NAME,
    count_record,
    exact_measure,
    message_image_tokens,
    message_texts,
)

ROLES = ("system", "user", "assistant", "tool")
_GROUP = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant", "tool": "tool",
          "function": "tool"}
COLUMNS = ("st_tokens", *(f"st_{role}" for role in ROLES), "st_messages")


def breakdown(encoding: str, record: Record) -> tuple[int, ...] | None:
    """(total tokens, system, user, assistant, tool tokens, messages) of one record, memoised on it;
    None for a record without a typed view (its problems are findings, its size is not an example's)."""
    if "stats" not in record.memo:
        record.memo["stats"] = _count(encoding, record)
    return record.memo["stats"]  # type: ignore[no-any-return]


def _count(encoding: str, record: Record) -> tuple[int, ...] | None:
    view, measure = record.view, exact_measure(encoding)
    if view is None or record.format is None:
        return None
    by_role = dict.fromkeys(ROLES, 0)
    messages: list[dict[str, Any]] = []
    if record.format in ("chat", "rft"):
        messages = view["messages"]
    elif record.format == "preference":
        messages = [*view["input"]["messages"], *view["preferred_output"]]
    elif record.format == "prompt_completion":
        by_role["user"], by_role["assistant"] = measure(view["prompt"]), measure(view["completion"])
    for message in messages:
        tokens = TOKENS_PER_MESSAGE + measure(message.get("role") or "") + message_image_tokens(message)
        tokens += sum(measure(text) for text in message_texts(message))
        if message.get("name"):
            tokens += TOKENS_PER_NAME + measure(message["name"])
        by_role[_GROUP.get(message.get("role"), "user")] += tokens
    total = count_record(record.format, view, measure)
    return (total, *by_role.values(), len(messages))


def _column(index: int, encoding: str, record: Record) -> int | None:
    counts = breakdown(encoding, record)
    return None if counts is None else counts[index]


def token_features(encoding: str) -> tuple[Feature, ...]:
    """The stats columns for a target encoding (partials of module functions, so they reach the workers)."""
    return tuple(Feature(name, "Int64", partial(_column, index, encoding)) for index, name in enumerate(COLUMNS))
