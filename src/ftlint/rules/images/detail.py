"""IM002 invalid-image-detail."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation
from ftlint.rules.images._base import ImagePart, ImageRule

DETAILS = ("low", "high", "auto")


class InvalidImageDetail(ImageRule):
    """An image's `detail` is not `low`, `high` or `auto`.

    ## What it does
    Checks the optional `image_url.detail` of every image part.

    ## Why it matters
    The provider rejects other values; `detail` also decides how many tokens the image costs
    (85 for `low`, up to about 1,100 for `high`).

    ## Example
    `{"url": "https://...", "detail": "medium"}`.

    ## Fix
    Use `low`, `high` or `auto`, or leave `detail` out.

    ## Options
    None.
    """

    code = "IM002"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "invalid-image-detail"
    default_severity = Severity.ERROR

    def check_images(self, parts: list[ImagePart]) -> Iterable[Violation]:
        return [Violation(f"image detail is {part.image_url['detail']!r}; use low, high or auto",
                          pointer=part.pointer + "/detail")
                for part in parts if "detail" in part.image_url and part.image_url["detail"] not in DETAILS]
