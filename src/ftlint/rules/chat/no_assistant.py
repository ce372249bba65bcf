"""CH002 no-assistant-message."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation
from ftlint.rules.chat._base import ChatFacts, ChatRule


class NoAssistantMessage(ChatRule):
    """Conversation has no assistant message to learn from.

    ## What it does
    Reports chat records without any message whose role is `assistant`.

    ## Why it matters
    Supervised fine-tuning learns only the assistant's turns; OpenAI rejects an example with
    none ("at least one message with the assistant role must be present").

    ## Example
    `{"messages": [{"role": "user", "content": "hi"}]}`.

    ## Fix
    Add the assistant's reply, or drop the record.

    ## Options
    None.
    """

    code = "CH002"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "no-assistant-message"
    default_severity = Severity.ERROR
    formats = frozenset({"chat"})  # an RFT example ends with the user: PF006 checks that

    def check_messages(self, messages: list[dict[str, Any]], facts: ChatFacts) -> Iterable[Violation]:
        roles = facts.roles
        if "assistant" in roles:
            return ()
        if not messages:
            return (Violation("`messages` is empty; an example needs at least a user and an assistant message",
                              pointer="/messages"),)
        return (Violation("no message has the role `assistant`; there is nothing to train on",
                          pointer="/messages"),)
