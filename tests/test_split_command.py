"""`ftlint split` end to end: a partition of the input's lines, byte for byte; stable as records are
added; no leak the check would report; the files it writes, the ones it refuses, and its report."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import check_paths, run_cli


def _chat(question: str, answer: str) -> str:
    return json.dumps({"messages": [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]})


def _split_lines(folder: Path, stem: str) -> dict[str, list[bytes]]:
    return {name: (folder / f"{stem}.{name}.jsonl").read_bytes().splitlines(keepends=True)
            for name in ("train", "valid", "test") if (folder / f"{stem}.{name}.jsonl").exists()}


lines = st.lists(st.one_of(
    st.builds(_chat, st.sampled_from([f"question {n}" for n in range(30)]), st.text(max_size=20)),
    st.just(""), st.just("{not json"), st.just("[1, 2]"),
), min_size=1, max_size=60)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines, st.booleans(), st.integers(0, 5))
def test_the_split_is_a_partition_of_the_lines_byte_for_byte(tmp_path: Path, rows: list[str], crlf: bool,
                                                              seed: int) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    data = folder / "data.jsonl"
    data.write_bytes("".join(row + ("\r\n" if crlf else "\n") for row in rows).encode())
    run = run_cli("split", str(data), "--valid", "0.3", "--test", "0.2", "--seed", str(seed), "--output-format", "json")
    if not any(row.startswith("{\"") for row in rows):
        assert run.code == 2 and "no records to split" in run.stderr
        return
    assert run.code == 0, run.stderr
    written = _split_lines(folder, "data")
    kept = sorted(line for split in written.values() for line in split)
    original = data.read_bytes().splitlines(keepends=True)
    records = [line for line in original if line.startswith(b'{"')]
    assert kept == sorted(records)  # every record once, as it was (its line end too)
    rejects_file = folder / "data.rejects.jsonl"
    rejected = [json.loads(line) for line in rejects_file.read_text().splitlines()] if rejects_file.exists() else []
    assert sorted(r["raw"] for r in rejected) == sorted(
        line.decode().rstrip("\r\n") for line in original if line.strip() and not line.startswith(b'{"'))
    report = json.loads(run.stdout)
    assert sum(report["sizes"].values()) == len(records)


def test_adding_records_moves_none_of_the_others(tmp_path: Path) -> None:
    first = [_chat(f"question {n}", f"answer {n}") for n in range(300)]
    data = tmp_path / "data.jsonl"
    data.write_text("\n".join(first) + "\n")
    assert run_cli("split", str(data), "--stratify", "off").code == 0
    before = {name: set(lines) for name, lines in _split_lines(tmp_path, "data").items()}
    more = [_chat(f"new question {n}", f"answer {n}") for n in range(200)]
    data.write_text("\n".join(first + more) + "\n")
    assert run_cli("split", str(data), "--stratify", "off").code == 0
    after = {name: set(lines) for name, lines in _split_lines(tmp_path, "data").items()}
    for name in before:
        assert before[name] <= after[name], name
    assert 0 < len(after["valid"]) < len(after["train"])


def test_records_with_the_same_prompt_stay_together_and_the_check_finds_no_leak(tmp_path: Path) -> None:
    rows = [_chat(f"question {n % 60}", f"answer {n}") for n in range(400)]  # each prompt answered ~7 ways
    data = tmp_path / "data.jsonl"
    data.write_text("\n".join(rows) + "\n")
    assert run_cli("split", str(data), "--valid", "0.25").code == 0
    train, valid = tmp_path / "data.train.jsonl", tmp_path / "data.valid.jsonl"
    prompts = {name: {json.loads(line)["messages"][0]["content"] for line in path.read_text().splitlines()}
               for name, path in (("train", train), ("valid", valid))}
    assert prompts["valid"] and not prompts["train"] & prompts["valid"]
    result = check_paths([train, valid], profile="neutral", select=["DQ004"])
    assert not result.findings


def test_the_validation_set_is_capped(tmp_path: Path) -> None:
    data = tmp_path / "data.jsonl"
    data.write_text("\n".join(_chat(f"q {n}", "a") for n in range(500)) + "\n")
    run = run_cli("split", str(data), "--valid", "0.5", "--max-valid", "40", "--output-format", "json")
    assert run.code == 0
    assert json.loads(run.stdout)["sizes"]["valid"] == 40
    assert len((tmp_path / "data.valid.jsonl").read_text().splitlines()) == 40


def test_split_refuses_what_it_cannot_write_and_writes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data.jsonl"
    data.write_text(_chat("q", "a") + "\n")
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    for args, needle in ((["-o", str(not_a_folder)], "is a file"), (["--valid", "0.7", "--test", "0.5"], "")):
        run = run_cli("split", str(data), *args)
        assert run.code == 2, run.stderr
        assert needle in run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.jsonl", "file"]
    piped = run_cli("split", "-", stdin=(_chat("q", "a") + "\n").encode())
    assert piped.code == 2 and "name their folder with -o DIR" in piped.stderr
