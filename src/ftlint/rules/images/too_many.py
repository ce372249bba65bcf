"""IM004 too-many-images."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation
from ftlint.core.option_types import Count
from ftlint.core.rule import RuleOptions
from ftlint.rules.images._base import MAX_IMAGES, ImagePart, ImageRule


class TooManyImagesOptions(RuleOptions):
    max_images: Count = MAX_IMAGES
    """Most images one example may hold."""


class TooManyImages(ImageRule):
    """An example holds more images than the provider allows (10).

    ## What it does
    Counts the image parts of each example and reports it, at its 11th image, when there are
    more than `max-images` (10, OpenAI's limit; Azure allows 64 for some models).

    ## Why it matters
    The provider drops or rejects the example.

    ## Example
    A conversation that attaches 14 screenshots.

    ## Fix
    Split the conversation, or keep the images that matter.

    ## Options
    `max-images` (10).
    """

    code = "IM004"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "too-many-images"
    default_severity = Severity.ERROR
    Options = TooManyImagesOptions

    def check_images(self, parts: list[ImagePart]) -> Iterable[Violation]:
        limit = self.options.max_images  # type: ignore[attr-defined]
        if len(parts) <= limit:
            return ()
        first_over = parts[limit]
        return (Violation(f"the example holds {len(parts)} images; the limit is {limit}",
                          pointer=first_over.pointer),)
