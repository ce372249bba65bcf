"""CH016 same-role-twice."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.rules.chat._base import ChatFacts, ChatRule
from ftlint.rules.chat._turns import turn_verdict


class SameRoleTwice(ChatRule):
    """Two messages in a row have the same role (other than `tool`).

    ## What it does
    Reports a message whose role is the same as the message before it: two user turns, two
    assistant turns, two system messages. Consecutive `tool` messages are fine: they answer
    parallel tool calls.

    A warning by default: OpenAI and many chat templates (Llama 3, Qwen) take such conversations.
    An error where the target breaks on it: under the `together` and `llamafactory` profiles, and
    for a named model whose chat template raises on it (Mistral 7B v0.3, Mistral Nemo, Gemma 2 and
    3: `template-turns` in `rules/models.toml`) when TRL or Axolotl renders it. With a model's
    own folder (`--model PATH`), TK004 renders its template and reports what it really raises.

    ## Why it matters
    Together rejects the file (together-python `validate_messages`, and its test
    `test_check_jsonl_non_alternating_roles`): "Invalid role turns on line N of the input file.
    `user` and `assistant` roles must alternate user/assistant/user/assistant/...". LLaMA-Factory
    skips the row with a log line. Strict chat templates raise "Conversation roles must alternate
    user/assistant/user/assistant/..." and stop the trainer.

    ## Example
    `[user "Hi", user "Hello again", assistant "Hello!"]`.

    ## Fix
    Merge the two messages into one, or put the missing reply between them.

    ## Options
    None.
    """

    code = "CH016"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "same-role-twice"
    default_severity = Severity.WARNING

    def check_messages(self, messages: list[dict[str, Any]], facts: ChatFacts) -> Iterable[Violation]:
        roles = facts.roles
        repeated = [index for index, role in enumerate(roles) if index and role == roles[index - 1] and role != "tool"]
        if not repeated:
            return ()
        reason, severity = turn_verdict(self.target, "same_role")
        return [Violation(f"a second `{roles[index]}` message in a row; roles must alternate: {reason}",
                          pointer=pointer("messages", index, "role"), severity=severity)
                for index in repeated]
