"""Whatever bytes a file holds, checking it gives findings or exit 2, never a crash."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import check_paths, run_cli

FRAGMENTS = [b'{"messages": [', b'{"role": "user", "content": "hi"}', b"]}", b"\n", b"\r\n", b"\r", b",", b"[",
             b"NaN", b'"', b"\\u00", b"\xff", b"\xef\xbb\xbf", b"\x00", b'{"prompt": "a", "completion": "b"}',
             b"\x1f\x8b", b" ", b"null", b"{}", b'{"messages": "x"}', b"\xfe\xff",
             b'{"prompt": [{"role": "user", "content": "q"}], "completion": "a", "label": 1}',
             b'{"chosen": [{"role": "user", "content": "q"}], "rejected": "b"}', b'{"prompt": [{"type": "image_url"}]}']

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
    | st.sampled_from(["Caf\u00c3\u00a9", "x\u200by", "{{name}}", "[Your Name]", "\u00c3", "go " * 200]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["messages", "role", "content", "prompt", "completion", "weight", "text", "x", "chosen",
                         "rejected", "label", "type"]),
        children, max_size=4),
    max_leaves=20,
)


def _check(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.jsonl"
        path.write_bytes(data)
        result = check_paths([path], profile="strict")  # every rule, the opt-in ones too
        for finding in result.findings:
            assert finding.message and finding.code and finding.line >= 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes(data: bytes) -> None:
    _check(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_any_mix_of_jsonl_fragments(parts: list[bytes]) -> None:
    _check(b"".join(parts))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(json_values, min_size=1, max_size=12))
def test_any_json_values_as_records(values: list[object]) -> None:
    _check("\n".join(json.dumps(v) for v in values).encode())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_the_console_script_never_crashes(parts: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.jsonl"
        path.write_bytes(b"".join(parts))
        run = run_cli("check", str(path))
    assert run.code in (0, 1), run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
