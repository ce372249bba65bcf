"""IM001 invalid-image-url."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation
from ftlint.rules.images._base import SUPPORTED, ImagePart, ImageRule


class InvalidImageUrl(ImageRule):
    """An image is neither an http(s) URL nor a base64 data URL of a JPEG, PNG or WEBP image.

    ## What it does
    Checks each `image_url.url`: an `http://` or `https://` URL (never downloaded), or a
    `data:image/...;base64,` URL whose first bytes are decoded to find the real image type. It
    reports other schemes, broken data URLs, types other than JPEG, PNG and WEBP (by the bytes,
    whatever the data URL claims), and a declared type that does not match the bytes. Local
    file paths are IM006's.

    ## Why it matters
    The provider skips or rejects examples whose images it cannot read ("invalid image
    format"), which silently shrinks a vision dataset.

    ## Example
    `"url": "data:image/png;base64,R0lGODlh..."` (a GIF labelled PNG).

    ## Fix
    Convert the image to PNG, JPEG or WEBP and re-encode it, or host it at an https URL.

    ## Options
    None.
    """

    code = "IM001"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "invalid-image-url"
    default_severity = Severity.ERROR

    def check_images(self, parts: list[ImagePart]) -> Iterable[Violation]:
        found = []
        for part in parts:
            ref, where = part.ref, part.pointer + "/url"
            if ref.kind == "other":
                found.append(Violation("image URL must be http(s) or a base64 data URL", pointer=where))
            elif ref.kind != "data":
                continue
            elif ref.problem:
                found.append(Violation(f"image {ref.problem}", pointer=where))
            elif ref.actual not in SUPPORTED:
                what = f"a {ref.actual.split('/')[1].upper()} image" if ref.actual else "not an image ftlint recognises"
                found.append(Violation(f"the data URL holds {what}; fine-tuning takes JPEG, PNG or WEBP",
                                       pointer=where))
            elif ref.mime != ref.actual:
                found.append(Violation(f"the data URL says `{ref.mime or 'no type'}` but holds a "
                                       f"{SUPPORTED[ref.actual]} image", pointer=where))
        return found
