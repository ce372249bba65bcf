"""zstd-compressed JSONL is read like its gzip twin: the same findings at the same lines."""

from __future__ import annotations

import gzip
from pathlib import Path

import zstandard

from ftlint.core.sources import resolve_inputs
from tests.conftest import check_paths, run_cli

GOOD = '{"messages": [{"role": "user", "content": "Hi %d"}, {"role": "assistant", "content": "Hello."}]}'
BAD_ROLE = '{"messages": [{"role": "human", "content": "Hi"}, {"role": "assistant", "content": "Hello."}]}'
BROKEN = '{"messages": [}'
TEXT = "\n".join([GOOD % 1, BAD_ROLE, GOOD % 2, "", BROKEN, *(GOOD % i for i in range(3, 12))]) + "\n"


def _findings(path: Path) -> list[tuple[int, str, str]]:
    result = check_paths([path])
    return sorted((f.line, f.code, f.message.replace("zstd", "gzip")) for f in result.findings)


def test_zstd_file_gets_the_findings_of_its_gzip_twin(tmp_path: Path) -> None:
    gz = tmp_path / "a.jsonl.gz"
    gz.write_bytes(gzip.compress(TEXT.encode()))
    zst = tmp_path / "a.jsonl.zst"
    zst.write_bytes(zstandard.ZstdCompressor().compress(TEXT.encode()))
    gz_findings, zst_findings = _findings(gz), _findings(zst)
    assert zst_findings == gz_findings
    assert {(line, code) for line, code, _ in zst_findings} >= {(1, "FL011"), (4, "FL004"), (5, "FL005")}


def test_several_frames_are_read_one_after_another(tmp_path: Path) -> None:
    lines = TEXT.splitlines(keepends=True)
    frames = b"".join(zstandard.ZstdCompressor().compress("".join(lines[i:i + 3]).encode())
                      for i in range(0, len(lines), 3))
    single = tmp_path / "one.jsonl.zst"
    single.write_bytes(zstandard.ZstdCompressor().compress(TEXT.encode()))
    many = tmp_path / "many.jsonl.zst"
    many.write_bytes(frames)
    assert _findings(many) == _findings(single)


def test_a_truncated_zstd_file_is_reported_not_read_in_part(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl.zst"
    path.write_bytes(zstandard.ZstdCompressor().compress(TEXT.encode() * 50)[:-20])
    result = check_paths([path])
    assert [(f.code, f.line) for f in result.findings] == [("FL012", 1)]
    assert "zstd data that cannot be decompressed" in result.findings[0].message
    assert result.files[0].records == 0


def test_a_directory_search_picks_up_jsonl_zst(tmp_path: Path) -> None:
    (tmp_path / "train.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(TEXT.encode()))
    found = resolve_inputs([str(tmp_path)], tmp_path)
    assert [item.path.name for item in found] == ["train.jsonl.zst"]


def test_the_cli_checks_a_zstd_file(tmp_path: Path) -> None:
    path = tmp_path / "train.jsonl.zst"
    path.write_bytes(zstandard.ZstdCompressor().compress(TEXT.encode()))
    run = run_cli("check", str(path))
    assert "Traceback" not in run.stderr
    assert f"{path}:5:" in run.stdout and "FL005" in run.stdout


def test_a_zstd_bomb_inflates_a_little_at_a_time(tmp_path: Path) -> None:
    from ftlint.core.decoding import _ZstdReader

    blob = zstandard.ZstdCompressor(level=19).compress(b"\n" * (256 << 20))  # 256 MiB of line ends in ~10 KB
    path = tmp_path / "bomb.jsonl.zst"
    path.write_bytes(blob)
    largest = total = 0
    with _ZstdReader(path.open("rb")) as reader:
        while block := reader.read(1 << 20):
            largest, total = max(largest, len(block)), total + len(block)
            assert len(reader._pending) < 160 << 20  # what one 4 KiB input block can inflate to, at most
    assert total == 256 << 20 and largest == 1 << 20

