"""What the IM rules share: every image part of a record, with its reading, found once.

Images are content parts of messages (chat, RFT, TRL's conversational fields), or bare content parts
in the prompt or completion of Together's multimodal instruction records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ftlint.core.findings import Violation, pointer
from ftlint.core.images import ImageRef, read_image_ref
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule

SUPPORTED = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
MAX_IMAGE_BYTES = 10 * 1024 * 1024  # OpenAI vision fine-tuning: 10 MB per image
MAX_IMAGES = 10  # ... and 10 images per example


@dataclass(frozen=True)
class ImagePart:
    at: tuple[str | int, ...]  # where the content part is: `messages/3/content/1`, `prompt/1`
    role: str  # the message's role; a bare part list's field stands for one (prompt: user)
    owner: str  # what holds it, for messages: "a `user` message", "the `prompt`"
    image_url: dict[str, Any]
    ref: ImageRef

    @property
    def pointer(self) -> str:
        return pointer(*self.at, "image_url")

    @property
    def part_pointer(self) -> str:
        return pointer(*self.at)


def image_parts(record: Record) -> list[ImagePart]:
    found = record.memo.get("images")
    if found is None:
        found = record.memo["images"] = list(_parts(record.view or {}))
    return found


# Where the TRL and Together formats keep their turns: a list of messages or, in Together's
# multimodal instruction records, a list of content parts (docs.together.ai/docs/fine-tuning/vision,
# "Instruction format"), whose field says whose turn it is.
_TURN_FIELDS = {"messages": "", "prompt": "user", "completion": "assistant", "chosen": "assistant",
                "rejected": "assistant"}


def holds_image_part(data: dict[str, Any]) -> bool:
    """Whether a record holds an `image_url` part, looked for without reading any image."""
    for key in _TURN_FIELDS:
        items = data.get(key)
        for item in items if isinstance(items, list) else ():
            parts = item.get("content") if isinstance(item, dict) and "role" in item else [item]
            if isinstance(parts, list) and any(isinstance(p, dict) and p.get("type") == "image_url" for p in parts):
                return True
    return False


def _parts(view: dict[str, Any]) -> Iterable[ImagePart]:
    for key, field_role in _TURN_FIELDS.items():
        items = view.get(key)
        if not isinstance(items, list):
            continue
        for number, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            if "role" in item:  # a message
                content = item.get("content")
                if isinstance(content, list):
                    yield from _images(content, (key, number, "content"), item["role"], f"a `{item['role']}` message")
            elif field_role and item.get("type") == "image_url":  # a bare content part
                yield from _images([item], (key,), field_role, f"the `{key}`", first=number)


def _images(content: list[Any], at: tuple[str | int, ...], role: str, owner: str,
            first: int = 0) -> Iterable[ImagePart]:
    for index, part in enumerate(content, first):
        image_url = part.get("image_url") if isinstance(part, dict) and part.get("type") == "image_url" else None
        if isinstance(image_url, dict) and isinstance(image_url.get("url"), str):
            yield ImagePart((*at, index), role, owner, image_url, read_image_ref(image_url["url"]))


def may_hold_image(record: Record) -> bool:
    """No image part can be in a line without the word `image_url`: the image rules share this gate,
    so a record without one costs one search, not one call per rule. (`find`, not `in`: bytes'
    `in` tries its argument as an integer first, which costs more than the search.)"""
    raw = record.line.raw
    return not raw or raw.find(b"image_url") != -1


class ImageRule(RecordRule):
    """A record rule over a valid record's image parts. (Shaped records hold no images: the IM rules
    each declare themselves pure on a shape.)"""

    formats = frozenset({"chat", "rft", "prompt_completion", "kto", "prompt_only", "preference_trl"})
    when = "valid"
    gate = staticmethod(may_hold_image)

    def check_record(self, record: Record) -> Iterable[Violation]:
        parts = image_parts(record)
        return self.check_images(parts) if parts else ()

    def check_images(self, parts: list[ImagePart]) -> Iterable[Violation]:
        raise NotImplementedError
