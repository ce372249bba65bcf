"""Preference biases (PF007 length bias, PF008 refusal chosen, PF009 reversed pairs) and the figures
`ftlint stats` shows for them: the same figures as the findings, in text, JSON and HTML, whichever
way the feature table is held."""

from __future__ import annotations

import json
import re
import statistics
from pathlib import Path
from typing import Any

import pytest

from ftlint.core.engine import features
from ftlint.core.formats import detect_shape
from ftlint.core.records import Line, Record
from ftlint.report.html import render_page
from ftlint.rules.preference._pairs import record_pair
from tests.conftest import check_paths, run_cli

REFUSAL = "I'm sorry, but I can't help with that."
HELLO = [{"role": "assistant", "content": "Hello."}]


def _pairs() -> list[dict[str, Any]]:
    """80 TRL pairs: most chosen answers longer, 8 refusals chosen over a helpful answer, and 3 pairs
    that repeat an earlier pair swapped (the first of them twice)."""
    records = []
    for i in range(80):
        short, long = f"Answer {i}.", f"Answer {i}, explained at length with an example." + " More." * (i % 7)
        chosen, rejected = (long, short) if i % 10 else (short, long)
        if i % 10 == 3:
            chosen, rejected = REFUSAL, f"Here is how to do task {i}: step one, step two."
        records.append({"prompt": f"Task {i}?", "chosen": chosen, "rejected": rejected})
    for i in (1, 2, 1):
        first = records[i] if records[-1]["prompt"] != f"Task {i}?" else records[-1]
        records.append({"prompt": first["prompt"], "chosen": first["rejected"], "rejected": first["chosen"]})
    return records


def _expected(records: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures, counted here independently of ftlint's columns."""
    lengths = [(len(r["chosen"].strip()), len(r["rejected"].strip())) for r in records]
    return {"pairs": len(records), "chosen_longer": sum(c > r for c, r in lengths),
            "median_length_ratio": statistics.median(c / r for c, r in lengths),
            "refusal_chosen": sum(r["chosen"] == REFUSAL for r in records), "reversed": 3}


def _write(tmp_path: Path, records: list[dict[str, Any]], name: str = "pairs.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_stats_shows_the_figures_the_findings_give(tmp_path: Path) -> None:
    records = _pairs()
    path = _write(tmp_path, records)
    expected = _expected(records)
    stats = run_cli("stats", "--output-format", "json", str(path))
    assert stats.code == 0, stats.stderr
    figures = json.loads(stats.stdout)["files"][0]["preference"]
    assert {key: figures[key] for key in expected} == pytest.approx(expected)
    assert figures["chosen_longer_share"] == pytest.approx(expected["chosen_longer"] / expected["pairs"])

    check = run_cli("check", "--output-format", "json", "--select", "PF007,PF008,PF009", str(path))
    findings = json.loads(check.stdout)["findings"]
    by_code: dict[str, list[dict[str, Any]]] = {}
    for finding in findings:
        by_code.setdefault(finding["code"], []).append(finding)
    [length] = by_code["PF007"]
    share, pairs, ratio = re.search(r"longer in (\d+)% of ([\d,]+) pairs; median ([\d.]+)x", length["message"]).groups()
    assert (int(share), int(pairs)) == (round(100 * figures["chosen_longer_share"]), figures["pairs"])
    assert float(ratio) == round(figures["median_length_ratio"], 1)
    assert len(by_code["PF008"]) == figures["refusal_chosen"]
    assert f"{figures['refusal_chosen']} of {figures['pairs']} pairs" in by_code["PF008"][0]["message"]
    assert {f["pointer"] for f in by_code["PF008"]} == {"/chosen"}
    assert len(by_code["PF009"]) == figures["reversed"]
    assert [f["line"] for f in by_code["PF009"]] == [81, 82, 83]


def test_stats_counts_refusals_with_pf008s_own_phrases(tmp_path: Path) -> None:
    records = [{"prompt": f"Q{i}", "chosen": "Lo siento, no puedo." if i < 3 else "Sí.", "rejected": "Claro: así."}
               for i in range(10)]
    path = _write(tmp_path, records)
    config = tmp_path / "pf008.toml"  # named by --config: no file that config discovery would find
    config.write_text('[rules.PF008]\nphrases = ["Lo siento, no puedo"]\n', encoding="utf-8")
    stats = run_cli("stats", "--output-format", "json", "--config", str(config), str(path))
    assert json.loads(stats.stdout)["files"][0]["preference"]["refusal_chosen"] == 3
    default = run_cli("stats", "--output-format", "json", str(path))
    assert json.loads(default.stdout)["files"][0]["preference"]["refusal_chosen"] == 0


def test_text_and_page_show_pairs_only_for_preference_files(tmp_path: Path) -> None:
    pairs = _write(tmp_path, _pairs())
    chat = _write(tmp_path, [{"messages": [{"role": "user", "content": f"Hi {i}"}, *HELLO]} for i in range(12)],
                  "chat.jsonl")
    text = run_cli("stats", str(pairs), str(chat))
    assert text.code == 0, text.stderr
    [said] = [line for line in text.stdout.splitlines() if line.startswith("preference pairs in")]
    assert said.startswith(f"preference pairs in {pairs}: 83; chosen longer in ")
    assert "8 prefer a refusal over an answer; 3 reversed" in said
    data = json.loads(run_cli("stats", "--output-format", "json", str(pairs), str(chat)).stdout)
    assert [f["preference"] is None for f in data["files"]] == [False, True]
    page = render_page(data)
    assert page.count("<h3>Preference pairs</h3>") == 1
    figures = data["files"][0]["preference"]
    assert f"{figures['median_length_ratio']:.2f}x" in page
    assert f"<td class=\"l\">reversed (an earlier pair swapped)</td><td>{figures['reversed']}</td>" in page


@pytest.mark.parametrize("python_rows", [features.PYTHON_ROWS, 10])
def test_findings_are_the_same_when_the_table_lives_in_polars(tmp_path: Path, python_rows: int,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(features, "PYTHON_ROWS", python_rows)
    records = _pairs()
    path = _write(tmp_path, [*records, {"messages": [{"role": "user", "content": "Hi"}, *HELLO]}])
    result = check_paths([path], select=["PF007", "PF008", "PF009"], chunk_bytes=2048)
    found = [(f.code, f.line, f.pointer) for f in result.findings]
    assert found.count(("PF007", 1, "")) == 1
    assert [line for code, line, _ in found if code == "PF008"] == [i + 1 for i in range(80) if i % 10 == 3]
    assert [line for code, line, _ in found if code == "PF009"] == [81, 82, 83]


def _record(data: dict[str, Any]) -> Record:
    return Record(Line(1, 0, b"", b"\n"), data, detect_shape(data), None, data)


@pytest.mark.parametrize(("data", "chosen", "rejected", "at"), [
    ({"chosen": "Q: 2+2?\nA: 4", "rejected": "Q: 2+2?\nA: 5"}, "4", "5", ("chosen",)),
    ({"chosen": [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "4"}],
      "rejected": [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "5"}]}, "4", "5",
     ("chosen", 1, "content")),
    ({"input": {"messages": [{"role": "user", "content": "2+2?"}]},
      "preferred_output": [{"role": "assistant", "content": [{"type": "text", "text": " 4 "}]}],
      "non_preferred_output": [{"role": "assistant", "content": "5"}]}, "4", "5",
     ("preferred_output", 0, "content", 0, "text")),
])
def test_a_pair_is_the_answers_after_the_prompt(data: dict[str, Any], chosen: str, rejected: str,
                                                at: tuple[Any, ...]) -> None:
    pair = record_pair(_record(data))
    assert pair is not None and (pair.chosen, pair.rejected, pair.chosen_at) == (chosen, rejected, at)


def test_a_plain_sharegpt_conversation_is_no_pair() -> None:
    conversation = {"conversations": [{"from": "human", "value": "Hi"}, {"from": "gpt", "value": "Hello"}]}
    assert record_pair(_record(conversation)) is None
