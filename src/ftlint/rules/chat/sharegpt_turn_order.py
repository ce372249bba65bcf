"""CH009 sharegpt-turn-order."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.rules.chat._sharegpt import LLAMAFACTORY_SKIPS, MODEL, SIDE_NAMES, SYSTEM, ShareGptFacts, ShareGptRule


class ShareGptTurnOrder(ShareGptRule):
    """ShareGPT turns are out of order: a late system turn, a model turn first, or two turns from one side.

    ## What it does
    Reads the turns of `conversations` as user side (`human`, `user`, `observation`, `tool`) and
    model side (`gpt`, `assistant`, `function_call`) and reports: a `system` turn that is not the
    first turn; a conversation whose first turn after the system prompt is a model turn; and each
    turn from the same side as the turn before it (`human` then `human`, `gpt` then
    `function_call`, `human` then `observation`). A late system turn is left out of the
    alternation. Records with a tag no reader knows are left to CH008.

    ## Why it matters
    LLaMA-Factory (`SharegptDatasetConverter`, src/llamafactory/data/converter.py) takes a system
    turn only as the first turn and then requires user-side turns at even positions and model-side
    turns at odd ones; a row that breaks this is skipped with only a log warning ("Invalid role tag
    in ..."), so it silently never reaches training. In Axolotl the chat template decides: many
    (Llama 2, Mistral, Gemma) raise "Conversation roles must alternate ...".

    ## Example
    `[human, human, gpt]`, `[gpt, human, gpt]`, `[human, gpt, system, human, gpt]`.

    ## Fix
    Merge consecutive turns from one side, add the missing turn, or move the system prompt to the
    first turn (or to the record's `system` key).

    ## Options
    None.
    """

    code = "CH009"
    name = "sharegpt-turn-order"
    default_severity = Severity.ERROR

    def check_conversation(self, view: dict[str, Any], facts: ShareGptFacts) -> Iterable[Violation]:
        if not facts.known:
            return ()
        found, previous = [], None
        for index, (tag, side) in enumerate(zip(facts.tags, facts.sides, strict=True)):
            where = pointer("conversations", index, "from")
            if side == SYSTEM:
                if index:
                    found.append(Violation(f"`system` turn {index} is not the first turn; a system prompt is taken "
                                           f"only as the first turn: {LLAMAFACTORY_SKIPS}", pointer=where))
                continue
            if previous is None and side == MODEL:
                found.append(Violation(f"the conversation starts with the model turn `{tag}`; the first turn must be "
                                       f"the user's: {LLAMAFACTORY_SKIPS}", pointer=where))
            elif side == previous:
                found.append(Violation(f"turn {index} (`{tag}`) follows another {SIDE_NAMES[side]} turn; turns must "
                                       f"alternate between the user side and the model side: {LLAMAFACTORY_SKIPS}",
                                       pointer=where))
            previous = side
        return found
