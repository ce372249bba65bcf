"""Reading image references without fetching them: types and sizes from headers, and their token cost."""

from __future__ import annotations

import base64
import struct
import zlib

import pytest

from ftlint.core.images import image_tokens, read_image_ref, sniff_image


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


def _jpeg(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    exif = b"\xff\xe1" + struct.pack(">H", 2002) + b"\0" * 2000  # metadata before the frame header
    sof = b"\xff\xc2" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + exif + sof + b"\xff\xd9"


def _webp_lossless(width: int, height: int) -> bytes:
    bits = (width - 1) | (height - 1) << 14
    body = b"VP8L" + struct.pack("<I", 5) + b"\x2f" + bits.to_bytes(4, "little")
    return b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + body


@pytest.mark.parametrize(("data", "kind", "size"), [
    (_png(640, 480), "image/png", (640, 480)),
    (_jpeg(1920, 1080), "image/jpeg", (1920, 1080)),
    (_webp_lossless(300, 200), "image/webp", (300, 200)),
    (b"GIF89a\x01\x00\x01\x00", "image/gif", None),
    (b"%PDF-1.7", "", None),
])
def test_headers_give_type_and_size(data: bytes, kind: str, size: tuple[int, int] | None) -> None:
    assert sniff_image(data) == (kind, size)


def test_references_by_kind() -> None:
    url = "data:image/jpeg;base64," + base64.b64encode(_jpeg(800, 600)).decode()
    ref = read_image_ref(url)
    assert (ref.kind, ref.mime, ref.actual, ref.size) == ("data", "image/jpeg", "image/jpeg", (800, 600))
    assert not ref.problem
    assert ref.bytes == len(_jpeg(800, 600))
    assert read_image_ref("https://example.com/a.png").kind == "http"
    paths = ("a.png", "./a.png", "/a.png", "file:///a.png", "C:\\a.png")
    assert [read_image_ref(p).kind for p in paths] == ["local"] * 5
    assert read_image_ref("s3://bucket/a.png").kind == "other"
    assert read_image_ref("data:image/png;base64,***").problem


@pytest.mark.parametrize(("detail", "size", "tokens"), [
    ("low", (4096, 4096), 85),
    ("high", (1024, 1024), 765),  # OpenAI's worked example: 4 tiles
    ("high", (2048, 4096), 1105),  # scaled to 1024x2048, then 768x1536: 6 tiles
    ("high", (512, 512), 255),  # small images are not scaled up
    ("auto", None, 765),  # unknown size: counted as 768x768
])
def test_image_tokens_follow_openais_rule(detail: str, size: tuple[int, int] | None, tokens: int) -> None:
    assert image_tokens(detail, size) == tokens


def test_image_example_limit_on_python_and_polars_tables(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import json

    from ftlint.core.engine import features
    from tests.conftest import check_paths

    path = tmp_path / "vision.jsonl"
    image = {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}}
    def question(i: int) -> object:
        return [{"type": "text", "text": f"q{i}"}, image] if i % 2 else f"q{i}"

    lines = [{"messages": [{"role": "user", "content": question(i)}, {"role": "assistant", "content": f"a{i}"}]}
             for i in range(40)]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    settings = {"select": ["IM007"], "rules": {"IM007": {"max-examples": 19}}}
    small = check_paths([path], **settings)
    monkeypatch.setattr(features, "PYTHON_ROWS", 10)
    large = check_paths([path], **settings)
    assert [f.message for f in small.findings] == ["20 examples hold images; the limit is 19 per file"]
    assert [f.message for f in large.findings] == [f.message for f in small.findings]
