"""CH005 system-not-first."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.rules.chat._base import INSTRUCTION_ROLES, ChatFacts, ChatRule


class SystemNotFirst(ChatRule):
    """A system or developer message appears after the conversation has started.

    ## What it does
    Reports `system` and `developer` messages that follow a user, assistant or tool message.
    Leading instruction messages, one or several, are fine.

    ## Why it matters
    Chat templates place the system prompt first; many drop or reject a later one, and at
    inference time the model will only ever see it first.

    ## Example
    `[user, assistant, system, user, assistant]`.

    ## Fix
    Move the instruction to the start of the conversation.

    ## Options
    None.
    """

    code = "CH005"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "system-not-first"
    default_severity = Severity.WARNING

    def check_messages(self, messages: list[dict[str, Any]], facts: ChatFacts) -> Iterable[Violation]:
        roles = facts.roles
        if INSTRUCTION_ROLES.isdisjoint(roles[1:]):
            return ()
        found, started = [], False
        for index, role in enumerate(roles):
            if role not in INSTRUCTION_ROLES:
                started = True
            elif started:
                found.append(Violation(f"`{role}` message after the conversation started; move it to the start",
                                       pointer=pointer("messages", index, "role")))
        return found
