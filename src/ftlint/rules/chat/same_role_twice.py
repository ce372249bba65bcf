"""CH016 same-role-twice."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.rules.chat._base import ChatFacts, ChatRule


class SameRoleTwice(ChatRule):
    """Two messages in a row have the same role (other than `tool`).

    ## What it does
    Reports a message whose role is the same as the message before it: two user turns, two
    assistant turns, two system messages. Consecutive `tool` messages are fine: they answer
    parallel tool calls.

    This rule is opt-in: OpenAI and most chat templates take such conversations; the `together`
    profile turns it on.

    ## Why it matters
    Together rejects the file (together-python `validate_messages`, and its test
    `test_check_jsonl_non_alternating_roles`): "Invalid role turns on line N of the input file.
    `user` and `assistant` roles must alternate user/assistant/user/assistant/...". Strict chat
    templates (Llama 2, Mistral's older ones, Gemma) raise on it too.

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
    default_severity = Severity.ERROR
    opt_in = True

    def check_messages(self, messages: list[dict[str, Any]], facts: ChatFacts) -> Iterable[Violation]:
        roles = facts.roles
        return [Violation(f"a second `{role}` message in a row; roles must alternate (Together: \"Invalid role "
                          "turns\")", pointer=pointer("messages", index, "role"))
                for index, role in enumerate(roles) if index and role == roles[index - 1] and role != "tool"]
