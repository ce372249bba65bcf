"""Reading image references without fetching them: types and sizes from headers, and their token cost by
each model's rule (`ImageCost`, models.toml's `image-tokens`, a local model's processor config)."""

from __future__ import annotations

import base64
import struct
import zlib
from pathlib import Path

import pytest

from ftlint.config.local_model import local_image_cost
from ftlint.core.images import (
    ASSUMED_SIZE,
    REFERENCE_IMAGE_COST,
    ImageCost,
    image_tokens,
    read_image_ref,
    sniff_image,
)
from ftlint.core.models import ModelSpec, image_cost_for_counting, known_models, resolve_model
from ftlint.core.tokens.counting import count_record


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
    assert REFERENCE_IMAGE_COST.tokens(detail, size) == tokens


def test_tiles_resize_to_whole_pixels() -> None:
    # Billed usage (community.openai.com/t/1281361): 2049x513 -> 2048x513 is 8 tiles; 2050x513 -> 2048x512 is 4.
    assert REFERENCE_IMAGE_COST.tokens("high", (2049, 513)) == 85 + 170 * 8
    assert REFERENCE_IMAGE_COST.tokens("high", (2050, 513)) == 85 + 170 * 4


def test_an_unknown_size_is_the_assumed_one() -> None:
    patches = ImageCost("patches", multiplier=1)
    assert ASSUMED_SIZE == (768, 768)
    assert REFERENCE_IMAGE_COST.tokens("high", None) == REFERENCE_IMAGE_COST.tokens("high", ASSUMED_SIZE) == 765
    assert patches.tokens("high", None) == 24 * 24


@pytest.mark.parametrize(("size", "patches"), [
    ((1024, 1024), 1024),  # OpenAI's worked example: 32 x 32 patches, under the cap
    ((1800, 2400), 1452),  # OpenAI's worked example: 57 x 75 = 4275, scaled to 33 x 44
    ((2400, 1800), 1452),  # the same turned: the height is then the side cut to whole patches
    ((2048, 768), 1536),  # exactly the cap
    ((10, 10), 1),
])
def test_patches_follow_openais_rule(size: tuple[int, int], patches: int) -> None:
    assert ImageCost("patches", multiplier=1).tokens("high", size) == patches


def test_patches_never_pass_the_cap() -> None:
    rule = ImageCost("patches", multiplier=1)
    sizes = [(w, h) for w in (1, 33, 500, 1801, 4000, 9999, 100_000) for h in (1, 77, 1024, 2401, 7000, 65_535)]
    assert all(0 < rule.tokens("high", size) <= 1536 for size in sizes)


def test_patch_multiplier_rounds_up_and_ignores_detail() -> None:
    mini = ImageCost("patches", multiplier=1.62)
    assert mini.tokens("low", (1800, 2400)) == mini.tokens("high", (1800, 2400)) == 2353  # 1452 x 1.62 = 2352.24
    assert ImageCost("patches", multiplier=1.2).tokens("auto", (1280, 720)) == 1104  # 920 x 1.2: no float excess
    assert ImageCost("patches", multiplier=1.2).tokens("auto", (512, 512)) == 308  # 307.2, billed 308


def test_a_fixed_rule_ignores_size_and_detail() -> None:
    gemma = ImageCost("fixed", per_image=256)
    assert {gemma.tokens(detail, size) for detail in ("low", "high") for size in ((1, 1), (4000, 3000), None)} == {256}


def test_descriptions() -> None:
    assert REFERENCE_IMAGE_COST.describe() == "85 + 170 per 512-px tile; low detail 85"
    assert ImageCost("patches", multiplier=1.62).describe() == "1.62 per 32-px patch, at most 1,536 patches; any detail"
    assert ImageCost("fixed", per_image=256).describe() == "256 per image, whatever its size"


@pytest.mark.parametrize("table", [
    {"kind": "tile", "base": 85, "per-tile": 170},
    {"kind": "tiles", "base": 85},
    {"kind": "tiles", "base": 85, "per-tile": 170, "multiplier": 2},
    {"kind": "patches", "multiplier": 0},
    {"kind": "fixed"},
    {"per-image": 256},
])
def test_bad_image_tokens_tables(table: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="image"):
        ImageCost.from_table(table, "test")


def test_which_models_train_on_images() -> None:
    costs = {name: spec.image_cost for name, spec in known_models().items()}
    takers = {name: cost for name, cost in costs.items() if cost is not None}
    assert set(takers) == {"gpt-4o-2024-08-06", "gpt-4.1-2025-04-14", "gemma-3"}
    for name in ("gpt-4o-2024-08-06", "gpt-4.1-2025-04-14"):
        assert (takers[name].kind, takers[name].base, takers[name].per_tile) == ("tiles", 85, 170)
    assert (takers["gemma-3"].kind, takers["gemma-3"].per_image) == ("fixed", 256)
    assert all(cost.source for cost in takers.values())


def test_counting_uses_the_models_rule_else_the_reference() -> None:
    stand_in = ModelSpec("", "o200k_base", 32768, 1, None, None, "profile `neutral`", "")
    assert image_cost_for_counting(None) is image_cost_for_counting(stand_in) is REFERENCE_IMAGE_COST
    assert image_cost_for_counting(resolve_model("gpt-4.1-mini")) is REFERENCE_IMAGE_COST  # an estimate; IM009 says
    gemma = image_cost_for_counting(resolve_model("gemma-3"))
    record = {"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "https://x/a.png"}}]},
                           {"role": "assistant", "content": ""}]}
    # 3 to prime the reply, 3 per message, roles and text measured as 0 here: the rest is the image.
    assert count_record("chat", record, lambda text: 0) - 9 == 765
    assert count_record("chat", record, lambda text: 0, images=gemma) - 9 == 256


def test_a_local_model_takes_images_when_its_folder_has_a_processor(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{"mm_tokens_per_image": 256}', encoding="utf-8")
    assert local_image_cost(str(tmp_path)) is None  # no processor: a text-only model whatever config.json says
    (tmp_path / "preprocessor_config.json").write_text('{"image_processor_type": "X"}', encoding="utf-8")
    cost = local_image_cost(str(tmp_path))
    assert cost is not None and (cost.kind, cost.per_image) == ("fixed", 256)
    (tmp_path / "processor_config.json").write_text('{"image_seq_length": 64}', encoding="utf-8")
    cost = local_image_cost(str(tmp_path))
    assert cost is not None and cost.per_image == 64 and "processor_config.json" in cost.source
    (tmp_path / "config.json").unlink()
    (tmp_path / "processor_config.json").write_text("{}", encoding="utf-8")
    assert local_image_cost(str(tmp_path), resolve_model("gemma-3")) == resolve_model("gemma-3").image_cost
    estimate = local_image_cost(str(tmp_path))
    assert estimate is not None and estimate.kind == "tiles" and "estimate" in estimate.source


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
