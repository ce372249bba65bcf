"""CH011 sharegpt-empty-value."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.rules.chat._sharegpt import ShareGptFacts, ShareGptRule


class ShareGptEmptyValue(ShareGptRule):
    """A ShareGPT turn's `value` is empty or only whitespace.

    ## What it does
    Reports turns in `conversations`, and the `chosen` and `rejected` turns, whose `value` is `""`
    or only whitespace. A `system` turn is not reported: an empty system prompt is the same as
    none.

    ## Why it matters
    An empty turn is a missing turn, usually a failed export: an empty model turn teaches the
    model to answer with nothing, and an empty user turn leaves the answer without its question.
    Axolotl only warns ("assistant turn has empty text", the warning its own test fixture
    tests/fixtures/conversation.missingturns.json exists for) and trains on it; LLaMA-Factory
    trains on it silently, and an empty `function_call` makes it stop with "Invalid JSON format in
    function message" (`FunctionFormatter`, src/llamafactory/data/formatter.py).

    ## Example
    `{"from": "gpt", "value": ""}`.

    ## Fix
    Fill in the turn, or drop the record (or the exchange the turn belongs to).

    ## Options
    None.
    """

    code = "CH011"
    name = "sharegpt-empty-value"
    default_severity = Severity.ERROR

    def check_conversation(self, view: dict[str, Any], facts: ShareGptFacts) -> Iterable[Violation]:
        turns = [(pointer("conversations", index), turn) for index, turn in enumerate(view["conversations"])]
        turns += [(pointer(key), view[key]) for key in ("chosen", "rejected") if key in view]
        found = []
        for where, turn in turns:
            value = turn["value"]
            if (value and not value[0].isspace()) or turn["from"] == "system" or value.strip():
                continue  # the first test settles almost every turn without copying its text
            problem = "an empty value" if not value else "a value of only whitespace"
            found.append(Violation(f"`{turn['from']}` turn has {problem}; an empty turn is a missing turn",
                                   pointer=where + "/value"))
        return found
