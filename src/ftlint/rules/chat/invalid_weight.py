"""CH006 invalid-weight."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.core.option_types import Flag
from ftlint.core.rule import RuleOptions
from ftlint.rules.chat._base import ChatFacts, ChatRule


class InvalidWeightOptions(RuleOptions):
    any_role: Flag = False
    """Accept a weight on any message (Together), not only on assistant messages (OpenAI)."""


class InvalidWeight(ChatRule):
    """Message `weight` is not 0 or 1, or is set on a message that is not the assistant's.

    ## What it does
    Reports a `weight` other than `0` or `1` (`1.0` is accepted as `1`), and any `weight` on a
    system, user or tool message.

    ## Why it matters
    OpenAI uses `weight` only on assistant messages, to skip (0) or train on (1) that turn, and
    rejects other values. A weight on a user message suggests a belief that it is trained on.

    ## Example
    `{"role": "assistant", "content": "...", "weight": 0.5}`.

    ## Fix
    Use 0 or 1 on assistant messages only.

    Together takes a weight on any message (its `check_file`), so its profile sets `any-role`.

    ## Options
    `any-role`: accept a weight of 0 or 1 on any message, not only the assistant's.
    """

    code = "CH006"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "invalid-weight"
    default_severity = Severity.ERROR
    Options = InvalidWeightOptions

    def check_messages(self, messages: list[dict[str, Any]], facts: ChatFacts) -> Iterable[Violation]:
        if not facts.weighted:
            return ()
        found = []
        for index, message in enumerate(messages):
            if "weight" not in message:
                continue
            weight, where = message["weight"], pointer("messages", index, "weight")
            role = message["role"]
            if role.strip().lower() != "assistant" and not self.options.any_role:  # type: ignore[attr-defined]  # a miscased `Assistant` is CH001's to report
                found.append(Violation(f"`weight` on a message from `{role}`; only assistant messages take a "
                                       "weight", pointer=where))
            elif weight not in (0, 1):
                found.append(Violation(f"`weight` is {_shown(weight)}; it must be 0 (skip) or 1 (train)",
                                       pointer=where))
        return found


def _shown(weight: Any) -> str:
    """The weight as written, but a long number by its length: seven digits and more could be a
    phone or card number, and nothing but a mistake is learnt from quoting it."""
    if isinstance(weight, int | float) and not isinstance(weight, bool) and abs(weight) >= 1_000_000:
        return f"a {len(str(int(abs(weight))))}-digit number"
    return str(weight)
