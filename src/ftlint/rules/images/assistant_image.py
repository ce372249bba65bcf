"""IM003 image-in-assistant-message."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation
from ftlint.rules.images._base import ImagePart, ImageRule

INPUT_ROLES = frozenset({"user", "system", "developer"})


class ImageInAssistantMessage(ImageRule):
    """An image appears in a message that is not from the user, system or developer.

    ## What it does
    Reports image parts in assistant and tool messages, and in the completion (or a TRL pair's
    answers) of prompt/completion records.

    ## Why it matters
    "You cannot include images as output from messages with the assistant role": the model
    reads images, it does not produce them, and the provider rejects such examples.

    ## Example
    `{"role": "assistant", "content": [{"type": "image_url", ...}]}`.

    ## Fix
    Move the image into the user message it answers.

    ## Options
    None.
    """

    code = "IM003"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "image-in-assistant-message"
    default_severity = Severity.ERROR

    def check_images(self, parts: list[ImagePart]) -> Iterable[Violation]:
        return [Violation(f"image in {part.owner}; images go in user or system messages, or in the prompt",
                          pointer=part.part_pointer)
                for part in parts if part.role not in INPUT_ROLES]
