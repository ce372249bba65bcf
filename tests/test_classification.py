"""A realistic classification file (600 support tickets, heavily imbalanced, one label misspelt) end to end."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

from tests.conftest import FIXTURES, run_cli

TICKETS = FIXTURES / "datasets" / "invalid" / "support_tickets_imbalanced.jsonl"


def _findings(path: Path) -> list[tuple[int, str]]:
    run = run_cli("check", "--profile", "openai-legacy", "--output-format", "json", str(path))
    return [(f["line"], f["code"]) for f in json.loads(run.stdout)["findings"]]


def test_the_report_a_careful_reader_would_write() -> None:
    assert _findings(TICKETS) == [
        (1, "CL001"),  # classification, four classes (the misspelt one counted with its class)
        (14, "CL003"),  # " account": 45
        (63, "CL002"),  # " billing" 423 against " refund" 12
        (63, "CL003"),  # " refund": 12
        (236, "CL005"),  # "Billing" three times
        (236, "PC003"), (334, "PC003"), (438, "PC003"),  # ... which also lacks the leading space
    ]


def test_fixing_merges_the_misspelt_label_and_touches_only_those_lines(tmp_path: Path) -> None:
    path = tmp_path / "tickets.jsonl"
    shutil.copy(TICKETS, path)
    run = run_cli("fix", "--profile", "openai-legacy", str(path))
    assert run.code == 0, run.stderr
    before = TICKETS.read_text(encoding="utf-8").splitlines()
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [number for number, (old, new) in enumerate(zip(before, after, strict=True), 1) if old != new]
    assert changed == [236, 334, 438]
    labels = Counter(json.loads(line)["completion"] for line in after)
    assert labels == {" billing": 423, " bug": 120, " account": 45, " refund": 12}
    assert _findings(path) == [(1, "CL001"), (14, "CL003"), (63, "CL002"), (63, "CL003")]


def test_dataset_rules_agree_on_python_and_polars_tables(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ftlint.core.engine import features
    from tests.conftest import check_paths

    other = tmp_path / "generation.jsonl"  # a second file that is not classification data
    other.write_text("".join(json.dumps({"prompt": f"Write line {i}\n\n###\n\n", "completion": f" Line {i} END"})
                             + "\n" for i in range(150)), encoding="utf-8")
    conflicts = tmp_path / "labels.jsonl"  # repeated prompts, some with another label
    conflicts.write_text("".join(json.dumps({"prompt": f"Ticket {i % 40}\n\n###\n\n",
                                             "completion": [" a", " b", " c"][i % 3 if i % 7 == 0 else 0]}) + "\n"
                                 for i in range(160)), encoding="utf-8")
    paths, selected = [TICKETS, other, conflicts], ["CL", "PC", "DQ"]
    small = check_paths(paths, profile="openai-legacy", select=selected)
    monkeypatch.setattr(features, "PYTHON_ROWS", 100)  # past 100 rows the table lives in polars
    large = check_paths(paths, profile="openai-legacy", select=selected)
    assert {f.code for f in small.findings} >= {"CL001", "CL002", "CL003", "CL005", "PC003", "DQ001", "DQ003"}
    assert [(f.path, f.line, f.code, f.message) for f in small.findings] == [
        (f.path, f.line, f.code, f.message) for f in large.findings]


def test_quality_rules_agree_on_python_and_polars_tables(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ftlint.core.engine import features
    from tests.conftest import check_paths

    def chat(question: str, answer: str) -> str:
        return json.dumps({"messages": [{"role": "user", "content": question},
                                        {"role": "assistant", "content": answer}]}) + "\n"

    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    refusal = "I'm sorry, but I can't help with that."
    answers = [refusal if i % 9 == 0 else f"It is sunny in town {i}, with a light breeze." for i in range(90)]
    first.write_text("".join(chat(f"Question {i} about the weather in town {i}?", answer)
                             for i, answer in enumerate(answers)) + chat("hi", "ok") + chat("log " * 3000, "long"),
                     encoding="utf-8")
    second.write_text("".join(chat(f"Q{i}?", f"A{i}.") for i in range(30)), encoding="utf-8")
    small = check_paths([first, second], select=["DQ006", "DQ007"])
    monkeypatch.setattr(features, "PYTHON_ROWS", 10)
    large = check_paths([first, second], select=["DQ006", "DQ007"])
    assert {(Path(f.path).name, f.code) for f in small.findings} >= {("a.jsonl", "DQ006"), ("a.jsonl", "DQ007")}
    assert [(f.path, f.line, f.code, f.message) for f in small.findings] == [
        (f.path, f.line, f.code, f.message) for f in large.findings]
