"""CH010 sharegpt-last-not-model."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.rules.chat._sharegpt import (
    LLAMAFACTORY_SKIPS,
    MODEL,
    SIDE_NAMES,
    SYSTEM,
    TAG_SIDES,
    USER,
    ShareGptFacts,
    ShareGptRule,
)


class ShareGptLastNotModel(ShareGptRule):
    """A ShareGPT conversation does not end with a model turn (a preference row's: with the user's turn).

    ## What it does
    For a supervised row, reports a conversation that is empty or whose last turn is not a
    model-side turn (`gpt`, `assistant`, `function_call`). For LLaMA-Factory's preference variant
    (a row with `chosen`/`rejected` turn objects), reports a conversation that does not end with a
    user-side turn (`human`, `user`, `observation`, `tool`), and a `chosen` or `rejected` turn that
    is not model-side. Records with a tag no reader knows are left to CH008.

    ## Why it matters
    LLaMA-Factory (`SharegptDatasetConverter`, src/llamafactory/data/converter.py) trains on the
    last turn of a supervised row and requires an even number of turns after the system prompt
    (an odd number for a preference row, whose replies are `chosen` and `rejected`); any other row
    is skipped with only a log warning ("Invalid message count in ..."). A user-side `chosen` or
    `rejected` is only logged ("Invalid role tag") and then read as a user turn. In Axolotl's
    `chat_template` loader, turns after the last assistant turn are not trained on.

    ## Example
    `[human, gpt, human]` in a supervised row; `[human, gpt]` with `chosen` and `rejected`.

    ## Fix
    Add the missing reply or drop the trailing turns; in a preference row, end the conversation
    with the user's turn and put the model's replies in `chosen` and `rejected`.

    ## Options
    None.
    """

    code = "CH010"
    name = "sharegpt-last-not-model"
    default_severity = Severity.ERROR

    def check_conversation(self, view: dict[str, Any], facts: ShareGptFacts) -> Iterable[Violation]:
        if not facts.known:
            return ()
        wanted = USER if facts.preference else MODEL
        turns = [index for index, side in enumerate(facts.sides) if side != SYSTEM]
        found = []
        if not turns:
            what = "`conversations` is empty" if not facts.tags else "`conversations` holds only a system turn"
            found.append(Violation(f"{what}; it must end with a {SIDE_NAMES[wanted]} turn: {LLAMAFACTORY_SKIPS}",
                                   pointer="/conversations"))
        elif facts.sides[turns[-1]] != wanted:
            last, tag = turns[-1], facts.tags[turns[-1]]
            row = ("in a preference row the conversation must end with a {} turn, answered by `chosen` and `rejected`"
                   if facts.preference else "a supervised row must end with a {} turn")
            found.append(Violation(f"the last turn is `{tag}`; {row.format(SIDE_NAMES[wanted])}: {LLAMAFACTORY_SKIPS}",
                                   pointer=pointer("conversations", last, "from")))
        for key in ("chosen", "rejected"):
            tag = view[key]["from"] if key in view else None
            if tag is not None and TAG_SIDES[tag] != MODEL:
                found.append(Violation(f"`{key}` is from `{tag}`; it must be a {SIDE_NAMES[MODEL]} turn: LLaMA-Factory "
                                       "only logs this and reads the reply as the wrong role",
                                       pointer=pointer(key, "from")))
        return found
