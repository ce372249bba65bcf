"""What an image reference says without fetching anything: its kind, and for data URLs the type and size;
and what an image costs a model in tokens (`ImageCost`).

Only the first bytes of a base64 payload are decoded, enough for the PNG, JPEG or WEBP header;
URLs are never downloaded (checking never opens a connection).
"""

from __future__ import annotations

import base64
import binascii
import math
import re
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

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


# How a model counts an image (`ImageCost`). Sources: OpenAI's "Images and vision" guide, "Calculating
# costs" (tiles: 85 + 170 per 512-px tile after fitting into 2048x2048 and the short side to 768; patches:
# 32-px patches, at most 1536, times a per-model multiplier), with its worked examples in the tests.
ASSUMED_SIZE: tuple[int, int] = (768, 768)  # an image whose size is unknown (a URL, an unread header): 4 tiles
TILE = 512
FIT_WITHIN = 2048
SHORT_SIDE = 768
PATCH = 32
PATCH_BUDGET = 1536
IMAGE_COST_KINDS = ("tiles", "patches", "fixed")
# What each kind reads from a models.toml `image-tokens` table, beside `kind`.
_KEYS = {"tiles": ("base", "per-tile"), "patches": ("multiplier",), "fixed": ("per-image",)}


@dataclass(frozen=True)
class ImageCost:
    """How a model counts the tokens of one image.

    `tiles` (gpt-4o, gpt-4.1): low detail costs `base`; high and auto cost `base` plus `per_tile` per
    512-px tile. `patches` (gpt-4.1-mini/nano, o4-mini at inference): 32-px patches capped at 1536, times
    `multiplier`; `detail` changes nothing. `fixed` (Gemma 3): `per_image` tokens whatever the size.
    """

    kind: str
    base: int = 0
    per_tile: int = 0
    multiplier: float = 1.0
    per_image: int = 0
    source: str = ""

    def __post_init__(self) -> None:
        if self.kind not in IMAGE_COST_KINDS:
            raise ValueError(f"unknown image cost kind `{self.kind}`; known: {', '.join(IMAGE_COST_KINDS)}")
        numbers = {"tiles": (self.base, self.per_tile), "patches": (self.multiplier,), "fixed": (self.per_image,)}
        if any(value <= 0 for value in numbers[self.kind]):
            raise ValueError(f"a `{self.kind}` image cost needs {' and '.join(_KEYS[self.kind])} above 0")

    @classmethod
    def from_table(cls, table: Mapping[str, Any], source: str) -> ImageCost:
        """The cost in a models.toml `image-tokens` table (kebab-case keys)."""
        kind = table.get("kind")
        allowed = _KEYS.get(kind, ()) if isinstance(kind, str) else ()
        unknown = set(table) - {"kind", *allowed}
        if not allowed or unknown:
            shapes = "; ".join(f"{name} with {' and '.join(keys)}" for name, keys in _KEYS.items())
            raise ValueError(f"bad image-tokens table {dict(table)}: `kind` is {shapes}")
        values = {key.replace("-", "_"): table[key] for key in allowed if key in table}
        return cls(kind=kind, source=source, **values)

    def tokens(self, detail: str, size: tuple[int, int] | None) -> int:
        """Tokens of one image at `detail` (low, high, auto) and `size` (width, height; None: unknown,
        counted as ASSUMED_SIZE)."""
        if self.kind == "fixed":
            return self.per_image
        width, height = size or ASSUMED_SIZE
        if self.kind == "patches":
            # OpenAI gives the multiplier but not the rounding; billed usage rounds up (256 patches x 1.2
            # were billed 308). Rounded to 6 places first: 920 x 1.2 is 1104, whatever the float says.
            return math.ceil(round(_patches(width, height) * self.multiplier, 6))
        if detail == "low":
            return self.base
        return self.base + self.per_tile * _tiles(width, height)

    def describe(self) -> str:
        """The rule in a few words, for reports: `85 + 170 per 512-px tile; low detail 85`."""
        if self.kind == "tiles":
            return f"{self.base} + {self.per_tile} per {TILE}-px tile; low detail {self.base}"
        if self.kind == "patches":
            return f"{self.multiplier:g} per {PATCH}-px patch, at most {PATCH_BUDGET:,} patches; any detail"
        return f"{self.per_image} per image, whatever its size"


def _tiles(width: float, height: float) -> int:
    """512-px tiles of an image fitted into 2048x2048, then scaled down to a 768-px short side. Each step
    resizes to whole pixels: billed usage shows it (2049x513 costs 8 tiles, 2050x513 only 4, its 512.5-px
    height rounding to 512)."""
    if max(width, height) > FIT_WITHIN:
        scale = FIT_WITHIN / max(width, height)
        width, height = round(width * scale), round(height * scale)
    if min(width, height) > SHORT_SIDE:
        scale = SHORT_SIDE / min(width, height)
        width, height = round(width * scale), round(height * scale)
    return math.ceil(width / TILE) * math.ceil(height / TILE)


def _patches(width: int, height: int) -> int:
    """32-px patches covering the image. Over 1536, the image is scaled down by sqrt(1536 * 32^2 / area),
    then again so that one side is a whole number of patches: the side that needs the larger cut, so
    the other fits too (OpenAI's example: 1800x2400 -> 33.94 x 45.25 patches -> 33 x 44 = 1452)."""
    count = -(-width // PATCH) * -(-height // PATCH)
    if count <= PATCH_BUDGET:
        return count
    shrink = math.sqrt(PATCH_BUDGET * PATCH * PATCH / (width * height))
    across, down = width * shrink / PATCH, height * shrink / PATCH
    # The other side is then whole * its share of the aspect ratio, exactly: computed in integers, so
    # 44.0 patches is not taken for 44.000001 and rounded up to 45. (At least one patch a side: a
    # 1,000,000 x 1 strip still costs something.)
    if math.floor(across) / across <= math.floor(down) / down:
        across_whole = max(1, math.floor(across))
        return min(across_whole * -(-across_whole * height // width), PATCH_BUDGET)
    down_whole = max(1, math.floor(down))
    return min(down_whole * -(-down_whole * width // height), PATCH_BUDGET)


# gpt-4o's rule: what images cost when no model is named (or the named one has no rule of its own).
REFERENCE_IMAGE_COST = ImageCost("tiles", base=85, per_tile=170,
                                 source="https://developers.openai.com/api/docs/guides/vision (Calculating costs)")


def image_tokens(detail: str, size: tuple[int, int] | None) -> int:
    """Tokens of an image by gpt-4o's rule (REFERENCE_IMAGE_COST): 85 for low detail; for high and auto,
    85 plus 170 per 512-px tile. An unknown size is counted as ASSUMED_SIZE (4 tiles)."""
    return REFERENCE_IMAGE_COST.tokens(detail, size)
