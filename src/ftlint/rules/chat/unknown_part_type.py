"""CH007 unknown-content-part."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.rules.chat._base import ChatFacts, ChatRule

_PART_KEY = {"text": "text", "image_url": "image_url"}


class UnknownContentPart(ChatRule):
    """A content part has an unknown `type`, or lacks the key its type needs.

    ## What it does
    Checks every part of list-valued `content`: its `type` must be `text` (with a `text` string)
    or `image_url` (with an `image_url` object).

    ## Why it matters
    Fine-tuning accepts text and images only ("Audio and file input messages are not currently
    supported"); other parts, such as `input_audio` or `file`, make the provider reject the file.

    ## Example
    `{"type": "input_audio", "input_audio": {...}}`.

    ## Fix
    Remove the part, or transcribe it to text.

    ## Options
    None.
    """

    code = "CH007"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "unknown-content-part"
    default_severity = Severity.ERROR

    def check_messages(self, messages: list[dict[str, Any]], facts: ChatFacts) -> Iterable[Violation]:
        if facts.all_text:
            return ()  # no content lists at all
        found = []
        for index, message in enumerate(messages):
            content = message.get("content")
            if not isinstance(content, list):
                continue
            for number, part in enumerate(content):
                where = pointer("messages", index, "content", number)
                key = _PART_KEY.get(part["type"])
                if key is None:
                    found.append(Violation(f"content part of type `{part['type']}`; fine-tuning takes only "
                                           "`text` and `image_url` parts", pointer=where + "/type"))
                elif key not in part:
                    found.append(Violation(f"`{part['type']}` part without its `{key}` key", pointer=where))
        return found
