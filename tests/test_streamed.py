"""A compressed file decoded by its one task, in pieces (`ftlint.core.engine.streamed`, `--engine ray`): the
pieces rejoin to the file and end at newlines, and the merged result is the one the chunks of a decoded
copy give, line numbers and feature rows included."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ftlint.core.engine.streamed import pieces, run_streamed
from ftlint.core.engine.worker import ChunkTask, check_chunk
from ftlint.core.sniff import STREAMED, prepare_file
from tests.conftest import session_for


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=40).map(lambda b: b.replace(b"\n", b"x")), max_size=30), st.booleans(),
       st.integers(min_value=1, max_value=64))
def test_pieces_rejoin_to_the_stream_and_end_at_newlines(lines: list[bytes], last_newline: bool, size: int) -> None:
    text = b"\n".join(lines) + (b"\n" if last_newline and lines else b"")
    got = list(pieces(io.BytesIO(text), size))
    assert b"".join(got) == text
    assert all(piece.endswith(b"\n") for piece in got[:-1]) and all(got)


def _gzipped(folder: Path) -> Path:
    rows = [{"messages": [{"role": "user", "content": f"Q{i % 40}"}, {"role": "assistant", "content": f"A{i}"}]}
            for i in range(400)]
    text = "".join(json.dumps(row) + "\n" for row in rows).replace(json.dumps(rows[123]), '{"messages": [', 1)
    path = folder / "data.jsonl.gz"
    path.write_bytes(gzip.compress(text.encode() + b'{"messages": []}'))  # no newline at the end
    return path


def test_a_streamed_file_is_checked_as_its_decoded_copy(tmp_path: Path) -> None:
    path = _gzipped(tmp_path)
    session = session_for("trl")
    streamed = prepare_file(str(path), path, tmp_path, None, decode_in_tasks=True)
    assert streamed.end == STREAMED and streamed.codec == ("gzip",) and streamed.facts.format == "chat"
    task = ChunkTask(0, str(path), "", 0, STREAMED, "chat", True, str(path), ("gzip",))
    merged = run_streamed(check_chunk, session.pack, task, piece_bytes=2048)
    (tmp_path / "copy").mkdir()
    copy = prepare_file(str(path), path, tmp_path / "copy", None)  # the driver's decoded copy (local engine)
    assert copy.end > 0 and copy.codec == ("gzip",)
    whole = check_chunk(session.pack, ChunkTask(0, str(path), str(copy.data_path), copy.start, copy.end, "chat"))
    assert merged.lines == whole.lines == 401 and merged.records == whole.records
    assert [(f.line, f.code, f.message) for f in merged.findings] == [(f.line, f.code, f.message)
                                                                      for f in whole.findings]
    assert merged.features == whole.features
    assert {f.code for f in merged.findings} >= {"FL005"}  # the broken line 124, found in its piece


def test_the_ray_engine_decodes_compressed_files_in_their_tasks(tmp_path: Path) -> None:
    """Sessions whose executor decodes in tasks leave a compressed file whole; the others get the copy."""
    from ftlint.core.engine.ray_executor import RayExecutor
    from ftlint.core.sources import resolve_inputs

    path = _gzipped(tmp_path)
    inputs = resolve_inputs([str(path)], tmp_path)
    [there] = session_for("trl", executor=RayExecutor()).prepare(inputs, tmp_path / "ray")
    [here] = session_for("trl").prepare(inputs, tmp_path / "local")
    [driver] = session_for("trl", executor=RayExecutor()).prepare(inputs, tmp_path / "split", for_the_driver=True)
    assert there.end == STREAMED and here.end > 0 and driver.end > 0


def test_a_slow_pattern_in_a_later_piece_names_its_line_in_the_file(tmp_path: Path) -> None:
    from ftlint.core.patterns import PatternTimeoutError
    from tests.test_user_patterns import LONG, _tool_call_record

    path = tmp_path / "d.jsonl.gz"
    path.write_bytes(gzip.compress((_tool_call_record("call_1") * 50 + _tool_call_record(LONG)).encode()))
    session = session_for("mistral", select=["TL011"], rules={"TL011": {"pattern": "(a|aa)+"}})
    task = ChunkTask(0, str(path), "", 0, STREAMED, "chat", True, str(path), ("gzip",))
    with pytest.raises(PatternTimeoutError) as caught:
        run_streamed(check_chunk, session.pack, task, piece_bytes=4096)
    assert f"at {path}:51 " in str(caught.value)
