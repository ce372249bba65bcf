"""IM005 image-too-large."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation
from ftlint.rules.images._base import MAX_IMAGE_BYTES, ImagePart, ImageRule


class ImageTooLarge(ImageRule):
    """An embedded image is larger than 10 MB.

    ## What it does
    Computes the decoded size of each base64 data URL and reports images over 10 MB, OpenAI's
    limit per image. The size of an image behind an http(s) URL is not known without
    downloading it, so it is not checked.

    ## Why it matters
    The provider skips the example ("image too large").

    ## Example
    A 14 MB PNG screenshot embedded as a data URL.

    ## Fix
    Downscale or re-encode the image (JPEG or WEBP); at `detail: high` anything beyond
    2048x2048 is scaled down anyway.

    ## Options
    None.
    """

    code = "IM005"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "image-too-large"
    default_severity = Severity.ERROR

    def check_images(self, parts: list[ImagePart]) -> Iterable[Violation]:
        return [Violation(f"embedded image is {part.ref.bytes / 1e6:.1f} MB; the limit is "
                          f"{MAX_IMAGE_BYTES / 1024 / 1024:.0f} MB", pointer=part.pointer + "/url")
                for part in parts if part.ref.bytes > MAX_IMAGE_BYTES]
