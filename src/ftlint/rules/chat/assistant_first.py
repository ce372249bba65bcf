"""CH017 assistant-first."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.rules.chat._base import INSTRUCTION_ROLES, ChatFacts, ChatRule
from ftlint.rules.chat._turns import turn_verdict


class AssistantFirst(ChatRule):
    """The conversation starts with the assistant, not the user.

    ## What it does
    Reports a conversation whose first message after its system (or developer) messages is from
    the assistant: the model answers before anyone asked.

    A warning by default: OpenAI and many chat templates (Llama 3, Qwen) take such conversations.
    An error where the target breaks on it: under the `llamafactory` profile, and for a named
    model whose chat template raises on it (Mistral 7B v0.3, Mistral Nemo, Gemma 2 and 3:
    `template-turns` in `rules/models.toml`) when TRL or Axolotl renders it. With a model's own
    folder (`--model PATH`), TK004 renders its template and reports what it really raises.

    ## Why it matters
    LLaMA-Factory takes user-side turns at even positions only and skips the row with a log line.
    Strict chat templates raise "Conversation roles must alternate user/assistant/user/assistant/..."
    and stop the trainer. Elsewhere the model learns to open a conversation on its own, which it
    never does at inference, where a user always speaks first.

    ## Example
    `[system "Be brief.", assistant "Hello! How can I help?", user "Hi", assistant "Hi."]`.

    ## Fix
    Drop the opening assistant message, or put the user's message it answers before it (a greeting
    meant as the assistant's opening can go into the system prompt).

    ## Options
    None.
    """

    code = "CH017"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "assistant-first"
    default_severity = Severity.WARNING

    def check_messages(self, messages: list[dict[str, Any]], facts: ChatFacts) -> Iterable[Violation]:
        for index, role in enumerate(facts.roles):
            if role in INSTRUCTION_ROLES:
                continue
            if role != "assistant":
                return ()
            reason, severity = turn_verdict(self.target, "assistant_first")
            return (Violation(f"the assistant speaks before any user message: {reason}",
                              pointer=pointer("messages", index, "role"), severity=severity),)
        return ()
