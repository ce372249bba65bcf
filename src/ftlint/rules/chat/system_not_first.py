"""CH005 system-not-first."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.rules.chat._base import INSTRUCTION_ROLES, ChatFacts, ChatRule
from ftlint.rules.chat._turns import turn_verdict


class SystemNotFirst(ChatRule):
    """A system or developer message appears after the conversation has started.

    ## What it does
    Reports `system` and `developer` messages that follow a user, assistant or tool message.
    Leading instruction messages, one or several, are fine.

    A warning by default. An error where the target breaks on it: under the `fireworks` and
    `llamafactory` profiles, and for a named model whose chat template raises on it (Mistral 7B
    v0.3, Mistral Nemo, Gemma 2 and 3: `template-turns` in `rules/models.toml`) when TRL or Axolotl
    renders it. With a model's own folder (`--model PATH`), TK004 renders its template and reports
    what it really raises.

    ## Why it matters
    Chat templates place the system prompt first; many drop or reject a later one, and at
    inference time the model will only ever see it first. Fireworks rejects it ("if specified, it
    must be the first message of the conversation"); LLaMA-Factory skips the row; strict templates
    raise "Conversation roles must alternate user/assistant/user/assistant/...".

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
        reason, severity = turn_verdict(self.target, "late_system")
        found, started = [], False
        for index, role in enumerate(roles):
            if role not in INSTRUCTION_ROLES:
                started = True
            elif started:
                found.append(Violation(f"`{role}` message after the conversation started; move it to the start: "
                                       f"{reason}", pointer=pointer("messages", index, "role"), severity=severity))
        return found
