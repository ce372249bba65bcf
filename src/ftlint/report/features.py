"""The per-record token counts of `ftlint stats`, computed in the workers with the target's tokenizer.

Every record is counted exactly (OpenAI's chat accounting, images by their detail and size), once,
and split by role and turn (a turn is one message). The counts travel as one small list of integers
per record (`COUNTS`), one feature call instead of one per number.
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
    count_example,
    count_parts,
    count_record,
    count_tools,
    exact_measure,
    is_messages,
    message_image_tokens,
    message_texts,
)
from ftlint.core.tokens.hf import is_hf

ROLES = ("system", "user", "assistant", "tool")
_GROUP = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant", "tool": "tool",
          "function": "tool"}
# What each position of a record's counts holds: its tokens, its tokens by role, its messages, its
# turns (messages) by role, and the longest turn of each role in tokens.
COUNTS = ("tokens", *ROLES, "messages", *(f"turns_{role}" for role in ROLES), *(f"longest_{role}" for role in ROLES))
COLUMN = "st_counts"


def breakdown(encoding: str, record: Record) -> tuple[int, ...] | None:
    """The record's counts, in the order of `COUNTS`; None for a record without a typed view (its
    problems are findings, its size is not an example's)."""
    view, measure = record.view, exact_measure(encoding)
    if view is None or record.format is None:
        return None
    by_role, turns, longest = dict.fromkeys(ROLES, 0), dict.fromkeys(ROLES, 0), dict.fromkeys(ROLES, 0)
    messages: list[dict[str, Any]] = []
    if record.format in ("chat", "rft"):
        messages = view["messages"]
    elif record.format == "preference":
        messages = [*view["input"]["messages"], *view["preferred_output"]]
    elif record.format in _PROMPT_ANSWER:
        answer_key = _PROMPT_ANSWER[record.format]
        fields = [(view.get("prompt"), "user"), (view.get(answer_key) if answer_key else None, "assistant")]
        for value, role in fields:
            if is_messages(value):
                messages.extend(value)
                continue
            if isinstance(value, str):  # prompts may repeat (a fixed instruction); answers seldom do
                tokens = measure(value) if role == "user" else measure.fresh(value)
            elif isinstance(value, list):
                tokens = count_parts(value, measure)
            else:
                continue
            by_role[role] += tokens
            turns[role] += 1
            longest[role] = max(longest[role], tokens)
    roles = _ROLE_TOKENS.setdefault(encoding, {})
    for message in messages:
        role = message.get("role") or ""
        role_tokens = roles.get(role)
        if role_tokens is None:
            role_tokens = roles[role] = measure(role)
        content = message.get("content")
        if content.__class__ is str and len(message) == 2:  # the common message: a role and its text
            # System prompts repeat from record to record; user and assistant turns seldom do.
            count = measure(content) if role in _REPEATING else measure.fresh(content)
            tokens = TOKENS_PER_MESSAGE + role_tokens + count
        else:
            tokens = TOKENS_PER_MESSAGE + role_tokens + message_image_tokens(message)
            for text in message_texts(message):
                tokens += measure(text)
            if message.get("name"):
                tokens += TOKENS_PER_NAME + measure(message["name"])
        group = _GROUP.get(role, "user")
        by_role[group] += tokens
        turns[group] += 1
        if tokens > longest[group]:
            longest[group] = tokens
    if record.format in ("chat", "rft"):
        # The same sum `count_record` makes, without tokenizing every text a second time.
        total = REPLY_PRIMING + sum(by_role.values()) + count_tools(view, measure)
    elif record.format in _PROMPT_ANSWER and record.format != "preference_trl":
        # What `count_record` sums. A TRL pair's total is its prompt and its longer answer (below),
        # while its roles show the prompt and `chosen`.
        total = sum(by_role.values()) + (REPLY_PRIMING if messages else 0)
    else:
        total = count_record(record.format, view, measure)
    if is_hf(encoding):  # the model's chat template decides the total; the roles are their texts' counts
        total = count_example(encoding, record.format, view)
    return (total, *by_role.values(), len(messages), *turns.values(), *longest.values())


_REPEATING = frozenset(("system", "developer"))
# The formats made of a prompt and an answer field (a string, messages or content parts), and the
# answer's key: the chosen one of a TRL pair, none for prompt-only records.
_PROMPT_ANSWER = {"prompt_completion": "completion", "kto": "completion", "preference_trl": "chosen",
                  "prompt_only": None}
_ROLE_TOKENS: dict[str, dict[str, int]] = {}  # a handful of role names per encoding, counted once


def token_features(encoding: str) -> tuple[Feature, ...]:
    """The stats column for a target encoding (a partial of a module function, so it reaches the workers)."""
    return (Feature(COLUMN, "List[Int64]", partial(breakdown, encoding)),)
