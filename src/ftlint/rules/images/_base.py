"""What the IM rules share: every image part of a chat record, with its reading, found once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ftlint.core.findings import Violation
from ftlint.core.images import ImageRef, read_image_ref
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule

SUPPORTED = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
MAX_IMAGE_BYTES = 10 * 1024 * 1024  # OpenAI vision fine-tuning: 10 MB per image
MAX_IMAGES = 10  # ... and 10 images per example


@dataclass(frozen=True)
class ImagePart:
    message: int
    part: int
    role: str
    image_url: dict[str, Any]
    ref: ImageRef

    @property
    def pointer(self) -> str:
        return f"/messages/{self.message}/content/{self.part}/image_url"


def image_parts(record: Record) -> list[ImagePart]:
    found = record.memo.get("images")
    if found is None:
        found = record.memo["images"] = list(_parts(record.view or {}))
    return found


def _parts(view: dict[str, Any]) -> Iterable[ImagePart]:
    for number, message in enumerate(view.get("messages") or ()):
        content = message.get("content")
        if not isinstance(content, list):
            continue
        for index, part in enumerate(content):
            image_url = part.get("image_url") if part.get("type") == "image_url" else None
            if isinstance(image_url, dict) and isinstance(image_url.get("url"), str):
                yield ImagePart(number, index, message["role"], image_url, read_image_ref(image_url["url"]))


class ImageRule(RecordRule):
    """A record rule over a valid chat record's image parts. Pure on shape: shaped records hold no images."""

    formats = frozenset({"chat", "rft"})
    when = "valid"
    pure_on_shape = True

    def check_record(self, record: Record) -> Iterable[Violation]:
        raw = record.line.raw
        if raw and b"image_url" not in raw:
            return ()  # no image part can be there: skip the walk
        parts = image_parts(record)
        return self.check_images(parts) if parts else ()

    def check_images(self, parts: list[ImagePart]) -> Iterable[Violation]:
        raise NotImplementedError
