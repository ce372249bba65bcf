"""CH014 content-and-tool-calls."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.rules.chat._base import ChatFacts, ChatRule

MISTRAL_SAYS = "Mistral: \"Assistant message must have either content or tool_calls, but not both.\""


class ContentAndToolCalls(ChatRule):
    """An assistant message has both content and tool calls, or neither.

    ## What it does
    Reports assistant messages that hold non-empty `content` and a non-empty `tool_calls` list
    together, and ones that hold neither (no content, `null` or `""`, and no tool calls). As in
    Mistral's validator, content counts when it is a non-empty string (even whitespace) or a
    non-empty list of parts.

    This rule is opt-in: OpenAI and most trainers accept text beside tool calls; the `mistral`
    profile turns it on.

    ## Why it matters
    Mistral rejects the example (mistral-common `protocol/instruct/validator.py`, run by
    mistral-finetune's `validate_data`): "Assistant message must have either content or
    tool_calls, but not both." Empty content counts as no content, so an empty assistant turn
    fails the same check. Mistral's docs: "An assistant message with a "tool_calls" key cannot have
    a "content" key".

    ## Example
    `{"role": "assistant", "content": "Let me look that up.", "tool_calls": [...]}`.

    ## Fix
    Move the text to its own assistant message, or drop it; fill in or drop an empty turn. Which
    one is meant cannot be known, so there is no automatic fix.

    ## Options
    None.
    """

    code = "CH014"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "content-and-tool-calls"
    default_severity = Severity.ERROR
    opt_in = True

    def check_messages(self, messages: list[dict[str, Any]], facts: ChatFacts) -> Iterable[Violation]:
        if "assistant" not in facts.roles:
            return ()
        found = []
        for index, message in enumerate(messages):
            if message["role"] != "assistant":
                continue
            has_content, has_calls = bool(message.get("content")), bool(message.get("tool_calls"))
            if has_content and has_calls:
                found.append(Violation(f"assistant message has both content and tool_calls; {MISTRAL_SAYS}",
                                       pointer=pointer("messages", index, "content")))
            elif not has_content and not has_calls:
                found.append(Violation(f"assistant message has neither content nor tool_calls; {MISTRAL_SAYS}",
                                       pointer=pointer("messages", index)))
        return found
