"""What an image reference says without fetching anything: its kind, and for data URLs the type and size.

Only the first bytes of a base64 payload are decoded, enough for the PNG, JPEG or WEBP header;
URLs are never downloaded (checking never opens a connection).
"""

from __future__ import annotations

import base64
import binascii
import math
import re
import struct
from dataclasses import dataclass

DATA_URL = re.compile(r"^data:(?P<mime>[\w.+-]+/[\w.+-]+)?(?P<params>(;[\w-]+=[^;,]*)*)(?P<b64>;base64)?,", re.I)
WINDOWS_PATH = re.compile(r"^[A-Za-z]:[\\/]")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_HEAD_CHARS = 64 * 1024  # base64 characters decoded to find a JPEG's size (its SOF marker can sit after EXIF)


@dataclass(frozen=True)
class ImageRef:
    kind: str  # "http", "data", "local", "other"
    mime: str = ""  # declared in a data URL
    actual: str = ""  # found in the bytes: image/png, image/jpeg, image/webp, or "" when unknown
    size: tuple[int, int] | None = None  # width, height when the header says
    bytes: int = 0  # decoded size of a data URL's payload
    problem: str = ""  # why a data URL cannot be read


def read_image_ref(url: str) -> ImageRef:
    lowered = url[:16].lower()
    if lowered.startswith(("http://", "https://")):
        return ImageRef("http")
    if lowered.startswith("data:"):
        return _data_url(url)
    if lowered.startswith("file:") or WINDOWS_PATH.match(url) or not SCHEME.match(url):
        return ImageRef("local")  # no scheme at all: a path, relative or absolute
    return ImageRef("other")


def _data_url(url: str) -> ImageRef:
    match = DATA_URL.match(url)
    if not match:
        return ImageRef("data", problem="not a valid data URL (`data:image/png;base64,...`)")
    mime = (match.group("mime") or "").lower()
    if not match.group("b64"):
        return ImageRef("data", mime, problem="the data URL is not base64-encoded")
    payload = url[match.end():]
    padding = payload[-2:].count("=")
    size = len(payload) * 3 // 4 - padding
    head = payload[:_HEAD_CHARS]
    try:
        data = base64.b64decode(head + "=" * (-len(head) % 4), validate=True)
    except (binascii.Error, ValueError):
        return ImageRef("data", mime, bytes=size, problem="the base64 payload is not valid base64")
    actual, dimensions = sniff_image(data)
    return ImageRef("data", mime, actual, dimensions, size)


def sniff_image(data: bytes) -> tuple[str, tuple[int, int] | None]:
    """The image type from its magic bytes, and its size when the header holds it."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return "image/png", struct.unpack(">II", data[16:24])
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", _jpeg_size(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp", _webp_size(data)
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif", None
    return "", None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    at = 2
    while at + 9 < len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        length = struct.unpack(">H", data[at + 2: at + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            height, width = struct.unpack(">HH", data[at + 5: at + 9])
            return width, height
        at += 2 + length
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(data) >= 30:
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    return None


def image_tokens(detail: str, size: tuple[int, int] | None) -> int:
    """OpenAI's documented count for GPT-4o-class vision: 85 for low detail; for high (and auto, taken
    as high), 85 plus 170 per 512-px tile after fitting into 2048x2048 and scaling the short side to
    768. An unknown size is counted as one 768x768 image (4 tiles)."""
    if detail == "low":
        return 85
    width, height = size or (768, 768)
    if max(width, height) > 2048:
        scale = 2048 / max(width, height)
        width, height = width * scale, height * scale
    if min(width, height) > 768:
        scale = 768 / min(width, height)
        width, height = width * scale, height * scale
    return 85 + 170 * math.ceil(width / 512) * math.ceil(height / 512)
