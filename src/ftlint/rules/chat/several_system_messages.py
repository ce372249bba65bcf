"""CH015 several-system-messages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.rules.chat._base import ChatFacts, ChatRule


class SeveralSystemMessages(ChatRule):
    """A conversation has more than one system message.

    ## What it does
    Reports every `system` message after the first one of a conversation, wherever they are
    (CH005 reports a system message after the start; this rule also reports two leading ones).

    This rule is opt-in: OpenAI and most chat templates take several system messages; the
    `mistral` profile turns it on.

    ## Why it matters
    Mistral rejects the example (mistral-common `protocol/instruct/validator.py`, run by
    mistral-finetune's `validate_data`): "Multiple messages with role 'system' encountered. Only
    one is allowed."

    ## Example
    `[system "Be brief.", user, assistant, system "Be polite.", user, assistant]`.

    ## Fix
    Merge the instructions into one system message at the start.

    ## Options
    None.
    """

    code = "CH015"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "several-system-messages"
    default_severity = Severity.ERROR
    opt_in = True

    def check_messages(self, messages: list[dict[str, Any]], facts: ChatFacts) -> Iterable[Violation]:
        roles = facts.roles
        if roles.count("system") < 2:
            return ()
        first = roles.index("system")
        return [Violation(f"another `system` message (the first is message {first}); Mistral: \"Multiple messages "
                          "with role 'system' encountered. Only one is allowed.\"",
                          pointer=pointer("messages", index, "role"))
                for index, role in enumerate(roles) if role == "system" and index != first]
