"""IM006 local-image-path."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation
from ftlint.rules.images._base import ImagePart, ImageRule


class LocalImagePath(ImageRule):
    """An image refers to a file on this machine.

    ## What it does
    Reports image URLs that are local paths: `file:` URLs, absolute or relative paths, and
    Windows drive paths.

    ## Why it matters
    The provider cannot read your disk: the example is skipped ("inaccessible URL"). Local
    paths are common when a dataset was prepared for a local trainer first.

    ## Example
    `"url": "images/chart_017.png"`.

    ## Fix
    Embed the image as a base64 data URL, or upload it and use its https URL.

    ## Options
    None.
    """

    code = "IM006"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "local-image-path"
    default_severity = Severity.ERROR

    def check_images(self, parts: list[ImagePart]) -> Iterable[Violation]:
        return [Violation(f"image is a local path ({part.image_url['url'][:60]}); the provider cannot read it",
                          pointer=part.pointer + "/url")
                for part in parts if part.ref.kind == "local"]
