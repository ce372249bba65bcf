"""PF005 trl-preference-shape."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule

_FIELDS = ("prompt", "chosen", "rejected")


class TrlPreferenceShape(RecordRule):
    """A TRL preference record mixes text and messages, or its conversations are out of order.

    ## What it does
    In `{"prompt", "chosen", "rejected"}` records, checks that the fields are all strings
    (standard) or all message lists (conversational); and, in the conversational kind, that the
    prompt ends with a user message and that `chosen` and `rejected` hold assistant messages.
    With an implicit prompt (`{"chosen", "rejected"}` only), the prompt is the messages both
    conversations share before they first differ, as TRL's `extract_prompt` splits them: those
    shared turns must exist and end with the user, and every message after them must be the
    assistant's (two conversations that differ in the user's question are not one preference).

    ## Why it matters
    TRL applies the chat template only when all the fields are conversational; a mix is
    tokenized wrongly or fails. Replies that are not the assistant's train the wrong turn, and an
    implicit prompt split in the wrong place makes the model prefer questions, not answers.

    ## Example
    `{"prompt": [{"role": "user", ...}], "chosen": "Paris.", "rejected": "Lyon."}`; or
    `{"chosen": [user A, assistant X], "rejected": [user B, assistant Y]}`.

    ## Fix
    Use one kind for all the fields; with an implicit prompt, repeat the same prompt turns at the
    start of both conversations, or write the prompt out (TRL recommends an explicit prompt).

    ## Options
    None.
    """

    code = "PF005"
    name = "trl-preference-shape"
    default_severity = Severity.ERROR
    formats = frozenset({"preference_trl"})
    when = "valid"

    def check_record(self, record: Record) -> Iterable[Violation]:
        view = record.view or {}
        kinds = {key: isinstance(view[key], list) for key in _FIELDS if key in view}
        if len(set(kinds.values())) > 1:
            lists = ", ".join(f"`{key}`" for key, is_list in kinds.items() if is_list)
            return (Violation(f"{lists} {'is a message list' if lists.count('`') == 2 else 'are message lists'} "
                              "but the other fields are strings; use one kind for all of them"),)
        if not kinds["chosen"]:
            return ()
        if "prompt" in view:
            return _explicit(view["prompt"], view)
        return _implicit(view["chosen"], view["rejected"])


def _explicit(prompt: list[dict[str, Any]], view: dict[str, Any]) -> list[Violation]:
    found = []
    if prompt and prompt[-1]["role"] != "user":
        found.append(Violation(f"the prompt ends with a `{prompt[-1]['role']}` message; it must end with the user",
                               pointer=pointer("prompt", len(prompt) - 1, "role")))
    for key in ("chosen", "rejected"):
        found += _not_assistant(key, view[key], 0, "replies are the assistant's")
    return found


def _implicit(chosen: list[dict[str, Any]], rejected: list[dict[str, Any]]) -> list[Violation]:
    """TRL's `extract_prompt`: the prompt is what both share up to the first message that differs."""
    if chosen == rejected:
        return []  # no preference at all: PF003's
    split = next((i for i, (a, b) in enumerate(zip(chosen, rejected, strict=False)) if a != b),
                 min(len(chosen), len(rejected)))
    if split == 0:
        return [Violation("the implicit prompt is empty: `chosen` and `rejected` differ from their first message; "
                          "both must start with the same prompt turns", pointer="/rejected/0")]
    found = []
    last = chosen[split - 1]
    if last["role"] != "user":
        found.append(Violation(f"the implicit prompt (the {split} message{'s' if split > 1 else ''} `chosen` and "
                               f"`rejected` share) ends with a `{last['role']}` message; it must end with the user",
                               pointer=pointer("chosen", split - 1, "role")))
    for key, messages in (("chosen", chosen), ("rejected", rejected)):
        found += _not_assistant(key, messages[split:], split,
                                f"after the {split} shared prompt message{'s' if split > 1 else ''}, "
                                "every message is the assistant's answer")
    return found


def _not_assistant(key: str, messages: list[dict[str, Any]], start: int, why: str) -> list[Violation]:
    return [Violation(f"`{key}` holds a `{message['role']}` message; {why}", pointer=pointer(key, index, "role"))
            for index, message in enumerate(messages, start) if message["role"] != "assistant"]
