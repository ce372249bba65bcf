"""`ftlint stats`: exact token counts (checked against tiktoken directly), epochs, cost, and the HTML report
rendered in a real headless Chromium."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest
import tiktoken

from ftlint.commands.check import CheckRequest
from ftlint.commands.settings import Flags
from ftlint.commands.stats import StatsRequest, run_stats
from ftlint.core.engine import features
from ftlint.core.tokens.encodings import get_encoding
from ftlint.report.stats import default_epochs
from tests.conftest import FIXTURES, run_cli

EXAMPLE = FIXTURES / "datasets" / "valid" / "example.jsonl"
TICKETS = FIXTURES / "datasets" / "invalid" / "support_tickets_imbalanced.jsonl"


def _openai_count(encoding: tiktoken.Encoding, messages: list[dict[str, object]]) -> int:
    """OpenAI's cookbook accounting, written out here independently of ftlint's: 3 per message, 1 per
    name, 3 to prime the reply."""
    total = 3
    for message in messages:
        total += 3
        for key, value in message.items():
            if isinstance(value, str) and key in ("role", "content", "name"):
                total += len(encoding.encode_ordinary(value)) + (1 if key == "name" else 0)
    return total


def test_token_statistics_match_an_independent_count(tmp_path: Path) -> None:
    records = [{"messages": [{"role": "system", "content": "You are terse."}, {"role": "user", "content": f"Q{i} " * i},
                             {"role": "assistant", "content": "Answer " * (i + 1)}]} for i in range(1, 21)]
    path = tmp_path / "data.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    run = run_cli("stats", "--output-format", "json", str(path))
    assert run.code == 0, run.stderr
    stats = json.loads(run.stdout)
    encoding = get_encoding("o200k_base")  # ftlint's shipped ranks, but tiktoken's own counting
    counts = sorted(_openai_count(encoding, r["messages"]) for r in records)
    assert stats["records"] == 20
    assert (stats["tokens"]["min"], stats["tokens"]["max"]) == (counts[0], counts[-1])
    assert stats["tokens"]["median"] == counts[9]  # nearest rank: the 10th of 20
    assert stats["tokens"]["mean"] == pytest.approx(sum(counts) / 20)
    assert stats["billing_tokens"] == sum(counts) and stats["epochs"] == 5  # 100 // 20
    assert stats["trained_tokens"] == 5 * sum(counts)
    assistant = sum(len(encoding.encode_ordinary("Answer " * (i + 1))) for i in range(1, 21))
    assert stats["tokens_by_part"]["assistant"] == assistant  # the texts; each message's 3 + role is overhead
    assert stats["tokens_by_part"]["overhead"] == 20 * (3 + 3 * 3 + 1 + 1 + 1)  # priming, 3 messages, 3 roles
    assert sum(stats["tokens_by_part"].values()) == stats["total_tokens"] == sum(counts)
    target = next(c for c in stats["costs"] if c["model"] == "gpt-4o-mini-2024-07-18")
    assert target["dollars"] == pytest.approx(5 * sum(counts) * target["price_per_1m"] / 1e6)
    assert stats["messages"]["max"] == 3 and stats["findings"] == []


@pytest.mark.parametrize("in_polars", [False, True])
def test_turns_by_role_match_an_independent_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  in_polars: bool) -> None:
    if in_polars:  # the counts list column of a large input, built into polars as it arrives
        monkeypatch.setattr(features, "PYTHON_ROWS", 5)
    # Example i has i user/assistant exchanges; the assistant's k-th reply is k words long.
    records = [{"messages": [{"role": "system", "content": "Be brief."},
                             *[m for k in range(1, i + 1) for m in ({"role": "user", "content": f"question {k}"},
                                                                    {"role": "assistant", "content": "yes " * k})]]}
               for i in range(1, 13)]
    path = tmp_path / "data.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    if in_polars:  # in-process, so that the smaller switch to polars applies
        out = io.StringIO()
        run_stats(StatsRequest(CheckRequest([str(path)], Flags(output_format="json"), jobs=1)), out)
        turns = json.loads(out.getvalue())["turns_by_role"]
    else:
        run = run_cli("stats", "--output-format", "json", str(path))
        assert run.code == 0, run.stderr
        turns = json.loads(run.stdout)["turns_by_role"]
    encoding = get_encoding("o200k_base")
    replies = [3 + 1 + len(encoding.encode_ordinary("yes " * k)) for i in range(1, 13) for k in range(1, i + 1)]
    assert set(turns) == {"system", "user", "assistant"}  # no tool turns, so no tool row
    assert turns["assistant"]["turns"] == len(replies) == 78
    assert turns["assistant"]["tokens"] == sum(replies)
    assert turns["assistant"]["mean_tokens"] == pytest.approx(sum(replies) / 78)
    assert turns["assistant"]["longest"] == max(replies)
    assert (turns["assistant"]["per_example"]["min"], turns["assistant"]["per_example"]["max"]) == (1, 12)
    assert turns["system"]["turns"] == 12 and turns["system"]["per_example"]["max"] == 1
    text = run_cli("stats", str(path))
    assert text.code == 0
    assert "turns by role" in text.stdout and f"{max(replies):>9,}" in text.stdout


def test_trl_conversational_records_are_counted_by_role(tmp_path: Path) -> None:
    # TRL's conversational prompt/completion: the prompt's messages and the completion's are one
    # conversation, counted by OpenAI's accounting like a chat record's.
    records = [{"prompt": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": f"question {i}"}],
                "completion": [{"role": "assistant", "content": "yes " * i}]} for i in range(1, 11)]
    path = tmp_path / "data.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    run = run_cli("stats", "--output-format", "json", str(path))
    assert run.code == 0, run.stderr
    stats = json.loads(run.stdout)
    encoding = get_encoding("o200k_base")
    counts = sorted(_openai_count(encoding, [*r["prompt"], *r["completion"]]) for r in records)
    assert (stats["tokens"]["min"], stats["tokens"]["max"]) == (counts[0], counts[-1])
    assert stats["billing_tokens"] == sum(counts)
    assert stats["tokens_by_part"]["assistant"] == sum(len(encoding.encode_ordinary("yes " * i)) for i in range(1, 11))
    assert stats["turns_by_role"]["assistant"]["tokens"] == sum(3 + 1 + len(encoding.encode_ordinary("yes " * i))
                                                                for i in range(1, 11))
    assert stats["messages"]["max"] == 3


@pytest.mark.parametrize(("examples", "epochs"), [(5, 20), (12, 8), (34, 3), (40, 3), (8_000, 3), (9_000, 2),
                                                  (30_000, 1), (2, 25)])
def test_default_epochs_follow_openais_heuristic(examples: int, epochs: int) -> None:
    assert default_epochs(examples) == epochs


def test_over_limit_examples_are_truncated_in_the_billing(tmp_path: Path) -> None:
    records = [{"messages": [{"role": "user", "content": f"topic {i}: " + "word " * (500 * i)},
                             {"role": "assistant", "content": "ok"}]} for i in range(1, 13)]
    path = tmp_path / "data.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    config = tmp_path / "ftlint.toml"
    config.write_text("[rules.TK001]\nmax-tokens = 400\n")  # TK001's option: not the limit stats bill by
    run = run_cli("stats", "--output-format", "json", "--model", "gpt-3.5-turbo-0613", str(path), cwd=tmp_path)
    stats = json.loads(run.stdout)
    counts = [_openai_count(get_encoding("cl100k_base"), r["messages"]) for r in records]
    over = [count for count in counts if count > 4096]
    assert stats["max_tokens"] == 4096 and len(over) >= 3  # the model's limit, not TK001's option
    assert stats["over_limit"] == len(over)
    assert stats["truncated_tokens"] == sum(count - 4096 for count in over)
    assert stats["billing_tokens"] == sum(min(count, 4096) for count in counts)
    text = run_cli("stats", str(path), cwd=tmp_path).stdout
    assert "12 examples, checked for any trainer (limit 32,768" in text and "top findings: TK001" in text


def test_classes_and_text_report() -> None:
    run = run_cli("stats", "--profile", "openai-legacy", str(TICKETS))
    assert run.code == 0
    assert '" billing" 423, " bug" 120, " account" 45, " refund" 12' in run.stdout
    assert "davinci-002" in run.stdout and "<- target" in run.stdout
    assert "messages per example" not in run.stdout  # prompt/completion records have no messages


def test_python_and_polars_columns_give_the_same_report() -> None:
    # Small inputs are summarised from Python lists, large ones in polars: the same rows must give
    # the same numbers either way, over-limit examples, rows without counts and ties included.
    from ftlint.core.engine.driver import CheckResult
    from ftlint.core.engine.features import FeatureTable
    from ftlint.core.models import resolve_model
    from ftlint.core.rule import FileSummary
    from ftlint.report.features import COLUMN, COUNTS
    from ftlint.report.stats import Counting, compute_stats

    rng = random.Random(5)
    model = resolve_model("gpt-4o-mini")
    counts: list[list[int] | None] = [
        None if rng.random() < 0.05 else [rng.choice([rng.randint(1, 900), model.max_tokens + rng.randint(1, 99)])]
        + [rng.randint(0, 400) for _ in COUNTS[1:]]
        for _ in range(3000)
    ]
    reports = []
    for expected_rows in (0, 10**9):  # 0 keeps the table in Python; a large guess starts it in polars
        table = FeatureTable({COLUMN: "List[Int64]"}, ["data.jsonl"], expected_rows)
        rows = len(counts)
        table.add({"line": list(range(1, rows + 1)), "format": ["chat"] * rows, "bytes": [100] * rows,
                   "crlf": [False] * rows, COLUMN: counts}, 0, 0)
        assert (table.column(COLUMN) is None) == bool(expected_rows)
        result = CheckResult([], [FileSummary("data.jsonl", rows, "chat")], table)
        reports.append(compute_stats(result, model, Counting("o200k_base", "", False)).as_dict())
    python, polars = reports
    assert python == polars
    assert python["over_limit"] > 0 and python["records"] == sum(1 for c in counts if c is not None)
    assert sum(count for _, _, count in python["histogram"]) == python["records"]
