"""CH004 empty-content."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.rules.chat._base import ChatFacts, ChatRule


class EmptyContent(ChatRule):
    """Message content is missing, null, empty or only whitespace.

    ## What it does
    Reports messages without text: no `content`, `null`, `""`, whitespace only, or a list of
    parts with no text and no image. An assistant message that makes tool calls (or a
    deprecated function call) may leave content null, and is not reported.

    ## Why it matters
    An empty assistant turn teaches the model to answer with nothing; an empty user turn is
    usually a failed export. Providers reject messages without content.

    ## Example
    `{"role": "assistant", "content": "  "}`.

    ## Fix
    Fill in the message or drop the record.

    ## Options
    None.
    """

    code = "CH004"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "empty-content"
    default_severity = Severity.ERROR

    def check_messages(self, messages: list[dict[str, Any]], facts: ChatFacts) -> Iterable[Violation]:
        if facts.all_text:
            return ()
        found = []
        for index, message in enumerate(messages):
            content = message.get("content")
            if content.__class__ is str and content and not content.isspace():
                continue  # the common case, decided without copying the text
            if message.get("tool_calls") or message.get("function_call"):
                continue
            problem = _emptiness(content)
            if problem:
                found.append(Violation(f"{message['role']} message {problem}",
                                       pointer=pointer("messages", index, "content") if "content" in message
                                       else pointer("messages", index)))
        return found


def _emptiness(content: Any) -> str:
    if content is None:
        return "has no content"
    if isinstance(content, str):
        if not content:
            return "has empty content"
        return "" if content.strip() else "has only whitespace as content"
    if not content:
        return "has an empty list of content parts"
    for part in content:
        if part.get("type") != "text" or (part.get("text") or "").strip():
            return ""
    return "has content parts with no text"
