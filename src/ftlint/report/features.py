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
    REPLY_PRIMING,
    TOKENS_PER_MESSAGE,
    TOKENS_PER_NAME,
    count_record,
    count_tools,
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
    roles = _ROLE_TOKENS.setdefault(encoding, {})
    for message in messages:
        role = message.get("role") or ""
        role_tokens = roles.get(role)
        if role_tokens is None:
            role_tokens = roles[role] = measure(role)
        content = message.get("content")
        if content.__class__ is str and len(message) == 2:  # the common message: a role and its text
            by_role[_GROUP.get(role, "user")] += TOKENS_PER_MESSAGE + role_tokens + measure(content)
            continue
        tokens = TOKENS_PER_MESSAGE + role_tokens + message_image_tokens(message)
        for text in message_texts(message):
            tokens += measure(text)
        if message.get("name"):
            tokens += TOKENS_PER_NAME + measure(message["name"])
        by_role[_GROUP.get(role, "user")] += tokens
    if record.format in ("chat", "rft"):
        # The same sum `count_record` makes, without tokenizing every text a second time.
        total = REPLY_PRIMING + sum(by_role.values()) + count_tools(view, measure)
    elif record.format == "prompt_completion":
        total = by_role["user"] + by_role["assistant"]
    else:
        total = count_record(record.format, view, measure)
    return (total, *by_role.values(), len(messages))


_ROLE_TOKENS: dict[str, dict[str, int]] = {}  # a handful of role names per encoding, counted once


def _column(index: int, encoding: str, record: Record) -> int | None:
    counts = breakdown(encoding, record)
    return None if counts is None else counts[index]


def token_features(encoding: str) -> tuple[Feature, ...]:
    """The stats columns for a target encoding (partials of module functions, so they reach the workers)."""
    return tuple(Feature(name, "Int64", partial(_column, index, encoding)) for index, name in enumerate(COLUMNS))
