"""Integration: real fine-tuning files from public repositories (fixtures/realdata, see its README),
checked through the console script, give the report a careful reader would give."""

from __future__ import annotations

import json

import pytest

from tests.conftest import FIXTURES, run_cli

REAL = FIXTURES / "realdata"

# file, profile -> findings by code. The why, per file:
EXPECTED: dict[tuple[str, str], dict[str, int]] = {
    # OpenAI's own toy chat set: valid, but 5 examples are below OpenAI's minimum of 10.
    ("openai_cookbook__toy_chat_fine_tuning.jsonl", "openai"): {"TK002": 1},
    # ... whose fifth answer is "Eat a banana!" 2,000 times (the cookbook's over-long example):
    # the strict profile's opt-in repetition rule says so.
    ("openai_cookbook__toy_chat_fine_tuning.jsonl", "strict"): {"TK002": 1, "DQ011": 1},
    # The same toy set with repeated conversations.
    ("mlteam__toy_chat_fine_tuning_dups.jsonl", "openai"): {"DQ001": 5},
    # Parallel tool calls dumped by the OpenAI SDK (null function_call): valid, but 10 copies of one example.
    ("mlteam__weather_chat_fine_tuning.jsonl", "openai"): {"DQ001": 9},
    # Multi-turn with weight 0/1 on assistant messages: valid; 3 examples only.
    ("gh640__dataset-2-multi-turn.jsonl", "openai"): {"TK002": 1},
    # Tool-calling and vision samples from Microsoft's fine-tuning repo: clean.
    ("azure__stock_toolcall_validation.jsonl", "openai"): {},
    ("azure__chartqa_vision_training.jsonl", "openai"): {},
    ("together_cookbook__small_coqa_10.jsonl", "openai"): {},
    # Reinforcement fine-tuning data checked as supervised chat: no assistant turn, grader fields unknown.
    ("azure__rft_countdown_valid_15.jsonl", "openai"): {"CH002": 15, "SC003": 30},
    # ... and as what it is: clean, grader fields and all, tools included.
    ("azure__rft_countdown_valid_15.jsonl", "openai-rft"): {},
    ("azure__rft_toolcall_valid_tool.jsonl", "openai-rft"): {},
    # OpenAI DPO pairs: not trainable by the default chat model, clean for DPO.
    # Six rejected or chosen answers make up phone numbers written to be dialled (`+39 345 987 2368`,
    # five Australian mobiles); its years, ranges and sums (`1618 - 1648`, `= 7866331200`) are not.
    ("together_cookbook__rewardbench2_dpo_val.jsonl", "openai"): {"SC006": 1, "PI002": 6},
    ("together_cookbook__rewardbench2_dpo_val.jsonl", "openai-dpo"): {"PI002": 6},
    # Legacy prompt/completion: wrong format for a chat model, clean for davinci-002.
    ("semaphore__data1_prompt_completion.jsonl", "openai"): {"SC006": 1},
    ("semaphore__data1_prompt_completion.jsonl", "openai-legacy"): {},
    # The same conventions kept over 464 paraphrased pairs: clean for davinci-002.
    ("semaphore__data2_paraphrased.jsonl", "openai-legacy"): {},
    # A broken line (an unescaped quote) in 10 lines: 9 records left, below the minimum; and three
    # completions that forgot the leading space the other six have.
    ("semaphore__data3_broken.jsonl", "openai-legacy"): {"FL005": 1, "TK002": 1, "PC003": 3},
    # Axolotl's ShareGPT fixture: one pretty-printed object, a format OpenAI cannot train on.
    ("axolotl__fixture_conversation_sharegpt_object.json", "openai"): {"FL008": 1, "SC006": 1, "TK002": 1},
    # LLaMA-Factory's alpaca identity set: a JSON array, not chat.
    ("llamafactory__identity_placeholders.json", "openai"): {"FL008": 1, "SC006": 1},
    # ... whose answers keep `{{name}}` and `{{author}}` for LLaMA-Factory to fill in, and whose
    # greetings ("hi", "hello", "Who are you?") share one answer: 2 groups of near duplicates (the
    # strict profile's opt-in rules).
    ("llamafactory__identity_placeholders.json", "strict"): {"FL008": 1, "SC006": 1, "DQ010": 85, "DQ012": 2},
    # {question, answer}: no known format; and many repeated pairs.
    ("azure__distilling_sarcasm_qa.jsonl", "openai"): {"SC005": 1, "DQ001": 20},
    # LLaMA-Factory v1 preference shape (chosen_messages/rejected_messages): not a known format.
    ("llamafactory__v1_dpo_demo.jsonl", "openai"): {"SC005": 1},
    # Mistral's import example: extra `properties`, one conversation without a reply, 2 records.
    ("mistral_cookbook__dataset-import-example.jsonl", "openai"): {"CH002": 1, "SC003": 1, "TK002": 1},
    # MLX LoRA {text} records: continued pre-training text, not an OpenAI format.
    ("mlx__wikisql_valid.jsonl", "openai"): {"SC006": 1},
    # MLX's WWDC25 prompt/completion pair, each file alone (their leak: see the test below): many
    # copies inside the training file.
    ("mlx__wwdc25_train.jsonl", "openai"): {"DQ001": 437, "SC006": 1},
    ("mlx__wwdc25_valid.jsonl", "openai"): {"DQ001": 21, "SC006": 1},
}


def _report(name: str, profile: str) -> dict:
    run = run_cli("check", str(REAL / name), "--profile", profile, "--output-format", "json")
    assert run.code in (0, 1), run.stderr
    return json.loads(run.stdout)


@pytest.mark.parametrize(("name", "profile"), sorted(EXPECTED))
def test_real_file_report(name: str, profile: str) -> None:
    assert _report(name, profile)["summary"]["by_code"] == EXPECTED[(name, profile)]


def test_every_copied_file_is_covered() -> None:
    copied = {p.name for p in REAL.iterdir() if p.suffix in (".jsonl", ".json")}
    assert copied == {name for name, _ in EXPECTED}


def _pair_report(profile: str) -> dict:
    run = run_cli("check", str(REAL / "mlx__wwdc25_train.jsonl"), str(REAL / "mlx__wwdc25_valid.jsonl"),
                  "--profile", profile, "--output-format", "json")
    assert run.code == 1, run.stderr
    return json.loads(run.stdout)


def test_the_real_train_valid_pair_leaks_exactly_and_nearly() -> None:
    # MLX's WWDC25 example (1,800 training and 144 validation prompt/completion records): copies
    # inside the training file, 48 validation records copied from it, and more reworded.
    report = _pair_report("openai")
    assert report["summary"]["by_code"] == {"DQ001": 469, "DQ004": 48, "SC006": 2}
    leaks = [f for f in report["findings"] if f["code"] == "DQ004"]
    assert all(f["path"].endswith("valid.jsonl") and "also in the training data" in f["message"] for f in leaks)
    strict = _pair_report("strict")  # near copies too: "super-bowl" and "super bowl" are one question
    near = {f["line"]: f["message"] for f in strict["findings"] if f["code"] == "DQ004" and "nearly" in f["message"]}
    assert len(near) == 42 and {f["line"] for f in leaks}.isdisjoint(near)
    assert near[9].endswith("mlx__wwdc25_train.jsonl:1485)")


def test_broken_semaphore_line_is_pinpointed() -> None:
    [finding] = [f for f in _report("semaphore__data3_broken.jsonl", "openai-legacy")["findings"]
                 if f["code"] == "FL005"]
    assert finding["line"] == 6
    assert "column 353" in finding["message"]


def test_duplicates_name_the_first_copy() -> None:
    findings = _report("mlteam__weather_chat_fine_tuning.jsonl", "openai")["findings"]
    assert [f["line"] for f in findings] == list(range(2, 11))
    assert all(f["message"].startswith("duplicate of line 1 (10 copies") for f in findings)
