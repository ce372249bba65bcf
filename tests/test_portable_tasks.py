"""Chunk tasks another machine could run: a task names the file as given and the steps that decode it
(decompress, transcode, CR to LF), so a worker without the driver's scratch copy reads the same text."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ftlint.core.decoding import open_decoded, read_range
from ftlint.core.engine.executor import InProcess
from ftlint.core.engine.pack import RulePack
from ftlint.core.engine.worker import ChunkTask
from tests.conftest import check_paths


class Remote:
    """Runs each task as a machine without the driver's scratch folder would: from its portable form."""

    decodes_in_tasks = False

    def __init__(self) -> None:
        self.tasks: list[ChunkTask] = []

    def map(self, chunk_fn: Any, pack: RulePack, tasks: Sequence[ChunkTask]) -> Iterator[tuple[int, Any]]:
        self.tasks = [task.portable() for task in tasks]
        return InProcess().map(chunk_fn, pack, self.tasks)


def _text(records: int) -> str:
    lines = []
    for number in range(records):
        if number % 50 == 3:
            lines.append('{"messages": [')  # invalid JSON at known lines
        else:
            answer = "" if number % 41 == 9 else f"réponse {number % 300} ✓"
            lines.append(json.dumps({"messages": [{"role": "user", "content": f"q {number % 700}"},
                                                  {"role": "assistant", "content": answer}]}, ensure_ascii=False))
    return "\n".join(lines) + "\n"


ENCODINGS: dict[str, Callable[[str], bytes]] = {
    "gzip": lambda text: gzip.compress(text.encode()),
    "bzip2": lambda text: bz2.compress(text.encode()),
    "xz": lambda text: lzma.compress(text.encode()),
    "utf-16-le": lambda text: text.encode("utf-16"),  # with its byte order mark
    "utf-16-be": lambda text: b"\xfe\xff" + text.encode("utf-16-be"),
    "utf-32-le": lambda text: text.encode("utf-32"),
    "cr": lambda text: text.replace("\n", "\r").encode(),
    "gzip, utf-16, cr": lambda text: gzip.compress(text.replace("\n", "\r").encode("utf-16")),
    "zstd": lambda text: __import__("zstandard").ZstdCompressor().compress(text.encode()),
}


@pytest.mark.parametrize("kind", list(ENCODINGS))
def test_portable_tasks_give_the_check_of_the_local_copy(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_bytes(ENCODINGS[kind](_text(1500)))
    local = check_paths([path], chunk_bytes=16 << 10)
    remote = Remote()
    result = check_paths([path], chunk_bytes=16 << 10, executor=remote)
    assert len(remote.tasks) > 3
    assert all(task.data_path == "" and task.source == str(path) and task.codec for task in remote.tasks)
    summary = [(f.line, f.code, f.message) for f in local.findings]
    assert [(f.line, f.code, f.message) for f in result.findings] == summary
    assert {code for _, code, _ in summary} >= {"FL005", "CH004"}


@pytest.mark.parametrize("name", ["data.csv", "data.csv.gz", "data.parquet"])
def test_a_table_is_read_as_its_rows_on_another_machine(name: str, tmp_path: Path) -> None:
    import polars as pl

    rows = [json.loads(line) for line in _text(1200).splitlines() if line.endswith("}")]
    frame = pl.DataFrame({"messages": [json.dumps(row["messages"], ensure_ascii=False) for row in rows]})
    path = tmp_path / name
    if name.endswith(".parquet"):
        frame.write_parquet(path, row_group_size=300)
    else:
        frame.write_csv(tmp_path / "data.csv")
        if name.endswith(".gz"):
            path.write_bytes(gzip.compress((tmp_path / "data.csv").read_bytes()))
    local = check_paths([path], chunk_bytes=16 << 10)
    remote = Remote()
    result = check_paths([path], chunk_bytes=16 << 10, executor=remote)
    assert len(remote.tasks) > 3 and all(task.data_path == "" and task.codec[-1] in ("csv", "parquet")
                                         for task in remote.tasks)
    assert [(f.line, f.code, f.message) for f in result.findings] == [(f.line, f.code, f.message)
                                                                     for f in local.findings]
    assert "CH004" in {f.code for f in local.findings}


def test_a_plain_file_is_its_own_portable_task(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_text(_text(400), encoding="utf-8")
    remote = Remote()
    check_paths([path], chunk_bytes=4 << 10, executor=remote)
    assert remote.tasks and all(task.data_path == str(path) and task.codec == () for task in remote.tasks)


@settings(max_examples=60, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=400), st.sampled_from(list(ENCODINGS)),
       st.integers(0, 2000), st.integers(0, 2000))
def test_a_range_read_from_the_file_is_the_range_of_its_copy(text: str, kind: str, start: int, length: int) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data"
        path.write_bytes(ENCODINGS[kind](text))
        codec = {"gzip, utf-16, cr": ("gzip", "utf-16-le", "cr"), "utf-16-le": ("utf-16-le",)}.get(kind, (kind,))
        with open_decoded(path, codec) as stream:
            whole = stream.read()
        expected = text.replace("\r", "\n") if "cr" in codec else text
        assert whole == expected.encode("utf-8")
        assert read_range(path, codec, start, start + length) == whole[start:start + length]
