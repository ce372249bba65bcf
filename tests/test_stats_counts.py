"""`ftlint stats` counts every billed token somewhere: by part, per file, images by the target's own rule,
and the findings with their groups of copies. Checked on the real tool-call and vision files against
counts made here with tiktoken directly."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from ftlint.core.tokens.encodings import get_encoding
from tests.conftest import FIXTURES, run_cli

REALDATA = FIXTURES / "realdata"
STOCK_TRAIN = REALDATA / "azure__stock_toolcall_training.jsonl"
STOCK_VALID = REALDATA / "azure__stock_toolcall_validation.jsonl"
CHARTS = REALDATA / "azure__chartqa_vision_training.jsonl"


def _stats(*args: str) -> dict[str, Any]:
    run = run_cli("stats", "--output-format", "json", *args)
    assert run.code == 0, run.stderr
    return json.loads(run.stdout)


def _independent(record: dict[str, Any]) -> dict[str, int]:
    """OpenAI's accounting written out here: the parts of one chat record, counted with tiktoken."""
    encoding = get_encoding("o200k_base")

    def count(text: str) -> int:
        return len(encoding.encode_ordinary(text))

    parts = {"text": 0, "tool_calls": 0, "tool_definitions": 0, "overhead": 3}
    for message in record["messages"]:
        parts["overhead"] += 3 + count(message["role"])
        content = message.get("content")
        texts = [content] if isinstance(content, str) else [p["text"] for p in content or [] if p.get("type") == "text"]
        parts["text"] += sum(count(text) for text in texts)
        for call in message.get("tool_calls") or []:
            parts["tool_calls"] += count(call["function"]["name"]) + count(call["function"]["arguments"])
        if message.get("name"):
            parts["overhead"] += 1 + count(message["name"])
    if record.get("tools"):
        parts["tool_definitions"] = count(json.dumps(record["tools"], separators=(",", ":"), ensure_ascii=False))
    return parts


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_token_of_the_tool_call_set_is_attributed() -> None:
    stats = _stats(str(STOCK_TRAIN))
    expected = {"text": 0, "tool_calls": 0, "tool_definitions": 0, "overhead": 0}
    for record in _records(STOCK_TRAIN):
        for part, count in _independent(record).items():
            expected[part] += count
    parts = stats["tokens_by_part"]
    assert sum(parts.values()) == stats["total_tokens"] == sum(expected.values())
    assert stats["billing_tokens"] == stats["total_tokens"] - stats["truncated_tokens"]
    assert parts["tool_definitions"] == expected["tool_definitions"] > parts["assistant"]  # what "by role" missed
    assert parts["tool_calls"] == expected["tool_calls"] > 0
    assert parts["overhead"] == expected["overhead"]
    assert sum(parts[role] for role in ("system", "user", "assistant", "tool")) == expected["text"]


def test_images_are_counted_by_the_targets_rule_and_assumptions_are_said() -> None:
    records = _records(CHARTS)
    images = sum(1 for r in records for m in r["messages"] if isinstance(m["content"], list)
                 for p in m["content"] if p["type"] == "image_url")
    neutral = _stats(str(CHARTS))
    # Every image is an HTTP URL, never fetched: 768x768 assumed, 85 + 4 tiles x 170 by gpt-4o's rule.
    assert neutral["images"] == {"count": images, "unsized": images, "tokens": images * 765}
    assert neutral["tokens_by_part"]["images"] == images * 765
    assert sum(neutral["tokens_by_part"].values()) == neutral["total_tokens"]
    assert f"assumed 768x768 for {images:,} images: sizes unknown" in " ".join(neutral["notes"])
    assert "no model is named" in neutral["counting"]["images"]
    gpt4o = _stats("--model", "gpt-4o-2024-08-06", str(CHARTS))
    assert gpt4o["images"]["tokens"] == images * 765 and "gpt-4o-2024-08-06's rule" in gpt4o["counting"]["images"]
    mini = _stats("--model", "gpt-4o-mini", str(CHARTS))
    assert mini["images"] == {"count": images, "unsized": images, "tokens": 0}
    assert not mini["counting"]["takes_images"]
    assert any("does not train on images" in note for note in mini["notes"])
    assert any(rule["code"] == "IM009" and rule["severity"] == "error" for rule in mini["findings"])


def test_training_and_validation_files_are_reported_apart() -> None:
    stats = _stats("--model", "gpt-4o-mini", str(STOCK_TRAIN), str(STOCK_VALID))
    train, valid = stats["files"]
    assert (train["role"], valid["role"]) == ("training", "validation")
    assert (train["records"], valid["records"]) == (len(_records(STOCK_TRAIN)), len(_records(STOCK_VALID))) == (86, 10)
    assert stats["records"] == 86 and stats["validation"]["records"] == 10  # validation is not billed
    assert stats["billing_tokens"] == train["billing_tokens"]
    assert stats["validation"]["total_tokens"] == valid["total_tokens"] > 0
    target = [cost for cost in stats["costs"] if cost["target"]]
    assert [cost["model"] for cost in target] == ["gpt-4o-mini-2024-07-18"]
    for row in stats["epochs_what_if"]:
        assert row["trained_tokens"] == row["epochs"] * stats["billing_tokens"]
        assert row["dollars"] == pytest.approx(row["trained_tokens"] * target[0]["price_per_1m"] / 1e6)
    assert stats["epochs"] in [row["epochs"] for row in stats["epochs_what_if"]]


def test_groups_of_copies_come_with_masked_snippets(tmp_path: Path) -> None:
    secret = {"messages": [{"role": "user", "content": "Write to jane.doe@acmemail.de about the refund"},
                           {"role": "assistant", "content": "Done."}]}
    other = {"messages": [{"role": "user", "content": "Hello"}, {"role": "assistant", "content": "Hi."}]}
    lines = [secret, other, secret, secret, other] + [
        {"messages": [{"role": "user", "content": f"question {i}"}, {"role": "assistant", "content": "ok"}]}
        for i in range(5)]
    path = tmp_path / "data.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    stats = _stats(str(path))
    copies = next(rule for rule in stats["findings"] if rule["code"] == "DQ001")
    assert copies["count"] == 3 and copies["group_count"] == 2
    assert copies["places"] == [f"{path}:3", f"{path}:4", f"{path}:5"]
    largest, second = copies["groups"]
    assert largest["size"] == 3 and largest["places"] == [f"{path}:1", f"{path}:3", f"{path}:4"]
    assert "jane.doe@acmemail.de" not in json.dumps(stats)  # masked everywhere, snippets included
    assert largest["snippet"].startswith("user: Write to j") and "***" in largest["snippet"]
    assert second["size"] == 2 and second["snippet"] == "user: Hello | assistant: Hi."
    shown = _stats("--show-pii", str(path))
    assert "jane.doe@acmemail.de" in next(r for r in shown["findings"] if r["code"] == "DQ001")["groups"][0]["snippet"]
    assert stats["finding_counts"]["warning"] >= 3 and stats["files"][0]["verdict"] in ("warnings", "errors")


def test_llamafactory_pairs_and_alpaca_history_are_counted_by_role(tmp_path: Path) -> None:
    encoding = get_encoding("o200k_base")

    def count(text: str) -> int:
        return len(encoding.encode_ordinary(text))

    pairs = REALDATA / "llamafactory__dpo_en_demo_sharegpt.json"
    expected = 0
    for record in json.loads(pairs.read_text(encoding="utf-8")):
        expected += sum(count(turn["from"]) + count(turn["value"]) for turn in record["conversations"])
        expected += count(record.get("system", ""))
        expected += max(count(record[side]["from"]) + count(record[side]["value"]) for side in ("chosen", "rejected"))
    stats = _stats(str(pairs))
    parts = stats["tokens_by_part"]
    assert stats["total_tokens"] == sum(parts.values()) == expected  # each pair's longer answer is counted
    assert parts["assistant"] > parts["user"] > 0 and parts["text"] == 0
    alpaca = tmp_path / "alpaca.json"
    alpaca.write_text(json.dumps([{"instruction": "And then?", "input": "", "output": "Then it rained.",
                                   "history": [["What happened first?", "The sun rose."]]}] * 3), encoding="utf-8")
    stats = _stats(str(alpaca))
    assert stats["tokens_by_part"]["user"] == 3 * (count("What happened first?") + count("And then?"))
    assert stats["tokens_by_part"]["assistant"] == 3 * (count("The sun rose.") + count("Then it rained."))
    assert stats["turns_by_role"]["user"]["turns"] == 6


@pytest.mark.parametrize("name", ["azure__stock_toolcall_training.jsonl", "azure__chartqa_vision_training.jsonl",
                                  "together_cookbook__rewardbench2_dpo_val.jsonl", "mlx__wwdc25_valid.jsonl",
                                  "mlx__wikisql_valid.jsonl", "semaphore__data2_paraphrased.jsonl"])
def test_stats_and_the_token_limit_rule_count_alike(tmp_path: Path, name: str) -> None:
    # TK001 (the check) and stats count each example with the same accounting: with a limit of one
    # token, TK001 names every example's count, and they add up to the stats total. (TK001 does not
    # judge Alpaca and ShareGPT records, which a trainer renders with its own template.)
    (tmp_path / "ftlint.toml").write_text("[rules.TK001]\nmax-tokens = 1\n", encoding="utf-8")
    path = str(REALDATA / name)
    run = run_cli("check", "--select", "TK001", "--output-format", "json", path, cwd=tmp_path)
    counts = [int(re.search(r"example is ([\d,]+) tokens", f["message"]).group(1).replace(",", ""))
              for f in json.loads(run.stdout)["findings"]]
    stats = json.loads(run_cli("stats", "--output-format", "json", path, cwd=tmp_path).stdout)
    assert len(counts) == stats["records"] > 0
    assert sum(counts) == stats["total_tokens"]
