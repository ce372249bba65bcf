"""CH003 last-message-not-assistant."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.rules.chat._base import ChatFacts, ChatRule


class LastMessageNotAssistant(ChatRule):
    """Conversation ends with a message that is not from the assistant.

    ## What it does
    Reports chat records whose last message has a role other than `assistant` (when there is an
    assistant message at all; CH002 covers the rest).

    ## Why it matters
    Turns after the last assistant message teach the model nothing and still cost tokens; often
    the reply was cut off when the data was exported. Several trainers (Mistral, some chat
    templates) reject such examples outright.

    ## Example
    `[user, assistant, user]`.

    ## Fix
    Add the missing reply, or drop the trailing turns.

    ## Options
    None.
    """

    code = "CH003"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "last-message-not-assistant"
    default_severity = Severity.WARNING
    formats = frozenset({"chat"})  # an RFT example ends with the user: PF006 checks that

    def check_messages(self, messages: list[dict[str, Any]], facts: ChatFacts) -> Iterable[Violation]:
        roles = facts.roles
        if not roles or roles[-1] == "assistant" or "assistant" not in roles:
            return ()
        last = len(roles) - 1
        return (Violation(f"the last message is from `{roles[-1]}`; nothing after the last "
                          "assistant message is trained on", pointer=pointer("messages", last, "role")),)
