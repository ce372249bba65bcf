"""Every record of the real data files converts to every output format or is rejected with a reason,
and what is written is valid for its format: by ftlint's typed view, and by the engine with the
output's own profile for a few files."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import orjson
import pytest

from ftlint.convert import OUTPUTS, Converted, Options, Rejected, convert
from ftlint.core.findings import Severity
from ftlint.core.formats import FORMAT_BY_NAME, detect_shape, vote
from ftlint.core.formats.validate import validate_record
from tests.conftest import FIXTURES, check_paths

REALDATA = Path("/work/shared/realdata")
FILES = sorted(p for p in REALDATA.glob("*.json*")) + sorted((FIXTURES / "datasets" / "valid").glob("*.jsonl"))


@cache
def _records(path: Path) -> tuple[list[dict[str, Any]], str | None]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        data = json.loads(text)
        records = data if isinstance(data, list) else [data]
    else:
        records = []
        for line in text.splitlines():
            try:
                records.append(orjson.loads(line))
            except orjson.JSONDecodeError:
                continue  # a broken line is not a record (the engine's FL rules report it)
    return records, vote(Counter(detect_shape(r) for r in records))


def _valid(to: str, record: dict[str, Any]) -> list[str]:
    # LLaMA-Factory's `images` column is not in ftlint's ShareGPT view yet; the rest of the record is.
    viewed = {k: v for k, v in record.items() if not (to == "sharegpt" and k == "images")}
    _, issues = validate_record(FORMAT_BY_NAME[OUTPUTS[to].checks_as], viewed)
    return [f"{issue.pointer}: {issue.message}" for issue in issues]


@pytest.mark.skipif(not REALDATA.is_dir(), reason="the shared real data is not here")
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_record_converts_validly_or_is_rejected_with_a_reason(path: Path) -> None:
    records, source = _records(path)
    for to in OUTPUTS:
        for index, record in enumerate(records):
            result = convert(record, to, source=source)
            if isinstance(result, Rejected):
                assert result.reason.strip(), (path.name, to, index)
                continue
            assert isinstance(result, Converted)
            assert _valid(to, result.record) == [], (path.name, to, index, result.record)


# Which outputs each file should reach for every record: a regression guard on the reasons above.
CARRIED = {
    # Line 4 is a system message and an answer with no user turn: ShareGPT and alpaca reject it.
    "openai_cookbook__toy_chat_fine_tuning.jsonl": ("chat", "trl_messages", "trl_prompt_completion"),
    "mlteam__weather_chat_fine_tuning.jsonl": ("chat", "trl_messages", "sharegpt"),
    "azure__chartqa_vision_training.jsonl": ("chat", "trl_messages", "trl_prompt_completion", "sharegpt"),
    "together_cookbook__rewardbench2_dpo_val.jsonl": ("preference", "trl_preference", "sharegpt"),
    "llamafactory__glaive_toolcall_en_demo_sharegpt.json": ("chat", "trl_messages", "sharegpt"),
    "llamafactory__alpaca_en_demo.json": ("chat", "prompt_completion", "trl_prompt_completion_text", "alpaca"),
    "semaphore__data1_prompt_completion.jsonl": ("chat", "prompt_completion", "trl_prompt_completion_text"),
    "mlx__wikisql_valid.jsonl": ("text",),
    # Local image paths: only LLaMA-Factory's `images` column carries them.
    "llamafactory__mllm_demo.json": ("sharegpt",),
    "llamafactory__v1_dpo_demo.jsonl": ("preference", "trl_preference", "sharegpt"),
    "llamafactory__dpo_en_demo_sharegpt.json": ("preference", "trl_preference", "sharegpt"),
}


@pytest.mark.skipif(not REALDATA.is_dir(), reason="the shared real data is not here")
@pytest.mark.parametrize(("name", "outputs"), sorted(CARRIED.items()))
def test_what_a_format_can_carry_is_carried(name: str, outputs: tuple[str, ...]) -> None:
    records, source = _records(REALDATA / name)
    for to in outputs:
        rejected = [r for r in (convert(rec, to, source=source) for rec in records) if isinstance(r, Rejected)]
        assert not rejected, (to, rejected[:3])


# (input file, output, profile, input format): the engine finds no error in what was written.
ENGINE_CASES = [
    ("openai_cookbook__toy_chat_fine_tuning.jsonl", "sharegpt", "llamafactory"),
    ("openai_cookbook__toy_chat_fine_tuning.jsonl", "trl_messages", "trl"),
    ("llamafactory__glaive_toolcall_en_demo_sharegpt.json", "chat", "openai"),
    ("llamafactory__glaive_toolcall_en_demo_sharegpt.json", "trl_messages", "trl"),
    ("mlteam__weather_chat_fine_tuning.jsonl", "sharegpt", "llamafactory"),
    ("llamafactory__alpaca_en_demo.json", "prompt_completion", "openai-legacy"),
    ("llamafactory__dpo_en_demo_sharegpt.json", "preference", "openai"),
    ("together_cookbook__rewardbench2_dpo_val.jsonl", "trl_preference", "trl"),
    ("azure__chartqa_vision_training.jsonl", "trl_prompt_completion", "trl"),
]


@pytest.mark.skipif(not REALDATA.is_dir(), reason="the shared real data is not here")
@pytest.mark.parametrize(("name", "to", "profile"), ENGINE_CASES)
def test_the_engine_finds_no_error_in_converted_output(name: str, to: str, profile: str, tmp_path: Path) -> None:
    records, source = _records(REALDATA / name)
    written = [r.record for r in (convert(rec, to, source=source, options=Options()) for rec in records[:120])
               if isinstance(r, Converted)]
    assert written
    out = tmp_path / f"{to}.jsonl"
    out.write_bytes(b"".join(orjson.dumps(record) + b"\n" for record in written))
    result = check_paths([out], profile=profile, input_format=OUTPUTS[to].checks_as)
    errors = [f"{f.line} {f.pointer} {f.code} {f.message}" for f in result.findings if f.severity is Severity.ERROR]
    assert errors == []
