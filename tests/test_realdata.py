"""Integration: real fine-tuning files from public repositories (fixtures/realdata, see its README),
checked through the console script, give the report a careful reader would give."""

from __future__ import annotations

import functools
import json

import pytest

from tests.conftest import FIXTURES, run_cli

REAL = FIXTURES / "realdata"

# file, profile -> findings by code: with no profile (the neutral default: judged by every trainer
# that reads the format) and with the profile of the trainer the file was written for. The why, per file:
EXPECTED: dict[tuple[str, str], dict[str, int]] = {
    # OpenAI's own toy chat set: valid, but 5 examples: OpenAI refuses that many (an error for it),
    # a warning that says so in the neutral profile. Its fourth example is a system prompt and an
    # assistant's "You're great!" with no user turn: a warning (OpenAI takes it; LLaMA-Factory skips it).
    ("openai_cookbook__toy_chat_fine_tuning.jsonl", "neutral"): {"TK002": 1, "CH017": 1},
    ("openai_cookbook__toy_chat_fine_tuning.jsonl", "openai"): {"TK002": 1, "CH017": 1},
    # ... whose fifth answer is "Eat a banana!" 2,000 times (the cookbook's over-long example):
    # the strict profile's opt-in repetition rule says so.
    ("openai_cookbook__toy_chat_fine_tuning.jsonl", "strict"): {"TK002": 1, "DQ011": 1, "CH017": 1},
    # The same toy set with repeated conversations (three copies of the one without a user turn).
    ("mlteam__toy_chat_fine_tuning_dups.jsonl", "neutral"): {"DQ001": 5, "CH017": 3},
    ("mlteam__toy_chat_fine_tuning_dups.jsonl", "openai"): {"DQ001": 5, "CH017": 3},
    # Parallel tool calls dumped by the OpenAI SDK (null function_call): valid, but 10 copies of one example.
    ("mlteam__weather_chat_fine_tuning.jsonl", "neutral"): {"DQ001": 9},
    ("mlteam__weather_chat_fine_tuning.jsonl", "openai"): {"DQ001": 9},
    # Simple and multi-turn chat (weight 0/1 on assistant messages): valid; 3 examples only.
    ("gh640__dataset-1-simple.jsonl", "neutral"): {"TK002": 1},
    ("gh640__dataset-1-simple.jsonl", "openai"): {"TK002": 1},
    ("gh640__dataset-2-multi-turn.jsonl", "neutral"): {"TK002": 1},
    ("gh640__dataset-2-multi-turn.jsonl", "openai"): {"TK002": 1},
    # Tool-calling, vision and math samples from Microsoft's fine-tuning repo: clean; and GSM8K's
    # arithmetic, in which `16000-12500` is a sum, not a phone number (issue 14).
    ("azure__stock_toolcall_validation.jsonl", "neutral"): {},
    ("azure__stock_toolcall_validation.jsonl", "openai"): {},
    # ... whose training file declines 5 of its 50 answered requests ("I can't ..."): 10% refusals.
    ("azure__stock_toolcall_training.jsonl", "neutral"): {"DQ007": 1},
    ("azure__chartqa_vision_training.jsonl", "neutral"): {},
    ("azure__chartqa_vision_training.jsonl", "openai"): {},
    ("azure__gsm8k_chat_train.jsonl", "neutral"): {},
    ("azure__gsm8k_chat_train.jsonl", "openai"): {},
    ("azure__gsm8k_chat_validation.jsonl", "neutral"): {},
    ("azure__gsm8k_chat_validation.jsonl", "openai"): {},
    # Together's long multi-turn chat: clean, for Together and for everyone.
    ("together_cookbook__small_coqa_10.jsonl", "neutral"): {},
    ("together_cookbook__small_coqa_10.jsonl", "together"): {},
    ("together_cookbook__small_coqa_10.jsonl", "openai"): {},
    # Reinforcement fine-tuning data (a user turn last, grader fields): recognised by its shape, clean.
    ("azure__rft_countdown_valid_15.jsonl", "neutral"): {},
    ("azure__rft_countdown_valid_15.jsonl", "openai"): {},
    ("azure__rft_countdown_valid_15.jsonl", "openai-rft"): {},
    ("azure__rft_toolcall_valid_tool.jsonl", "neutral"): {},
    ("azure__rft_toolcall_valid_tool.jsonl", "openai"): {},
    ("azure__rft_toolcall_valid_tool.jsonl", "openai-rft"): {},
    # ... which TRL's SFT cannot train on.
    ("azure__rft_countdown_valid_15.jsonl", "trl"): {"SC006": 1},
    # OpenAI DPO pairs (Together's cookbook): clean for DPO at OpenAI and Together. Five rejected or
    # chosen answers make up phone numbers written to be dialled (`+39 345 987 2368`, Australian
    # mobiles); its years, ranges and sums (`1618 - 1648`, `= 7866331200`) are not, nor is the
    # fiction of `(555) 234-6789` (allowed by default). Five prompts hold invisible characters:
    # byte-order marks (four pasted at the start or inside a sentence) and the backspace and form
    # feed of a PDF's math extraction.
    ("together_cookbook__rewardbench2_dpo_val.jsonl", "neutral"): {"PI002": 5, "DQ008": 5},
    ("together_cookbook__rewardbench2_dpo_val.jsonl", "openai"): {"PI002": 5, "DQ008": 5},
    ("together_cookbook__rewardbench2_dpo_val.jsonl", "openai-dpo"): {"PI002": 5, "DQ008": 5},
    ("together_cookbook__rewardbench2_dpo_val.jsonl", "together"): {"PI002": 5, "DQ008": 5},
    # ... but not a shape TRL reads (it wants prompt/chosen/rejected).
    ("together_cookbook__rewardbench2_dpo_val.jsonl", "trl"): {"SC006": 1, "PI002": 5, "DQ008": 5},
    # Legacy prompt/completion: clean for davinci-002, and for the neutral check, whose conventions
    # (separator, leading space, stop sequence) it keeps; a chat model cannot train on it.
    ("semaphore__data1_prompt_completion.jsonl", "neutral"): {},
    ("semaphore__data1_prompt_completion.jsonl", "openai"): {"SC006": 1},
    ("semaphore__data1_prompt_completion.jsonl", "openai-legacy"): {},
    # The same conventions kept over 464 paraphrased pairs: clean.
    ("semaphore__data2_paraphrased.jsonl", "neutral"): {},
    ("semaphore__data2_paraphrased.jsonl", "openai-legacy"): {},
    # A broken line (an unescaped quote) in 10 lines: 9 records left, below OpenAI's minimum; and
    # three completions that forgot the leading space the other six have.
    ("semaphore__data3_broken.jsonl", "neutral"): {"FL005": 1, "TK002": 1, "PC003": 3},
    ("semaphore__data3_broken.jsonl", "openai-legacy"): {"FL005": 1, "TK002": 1, "PC003": 3},
    # Axolotl's fixtures: alpaca and ShareGPT as JSON documents, which Axolotl reads (a warning in
    # the neutral profile, an info for Axolotl); 1-2 examples, a minimum only OpenAI and Fireworks have.
    ("axolotl__fixture_alpaca.json", "neutral"): {"FL008": 1, "TK002": 1},
    ("axolotl__fixture_alpaca.json", "axolotl"): {"FL008": 1},
    ("axolotl__fixture_conversation_sharegpt_object.json", "neutral"): {"FL008": 1, "TK002": 1},
    ("axolotl__fixture_conversation_sharegpt_object.json", "axolotl"): {"FL008": 1},
    ("axolotl__fixture_conversation_sharegpt_object.json", "openai"): {"FL008": 1, "SC006": 1, "TK002": 1},
    # ... and the one Axolotl's own test expects to warn "assistant turn has empty text".
    ("axolotl__fixture_conversation_missingturns.json", "neutral"): {"CH011": 1, "FL008": 1, "TK002": 1},
    ("axolotl__fixture_conversation_missingturns.json", "axolotl"): {"CH011": 1, "FL008": 1},
    # LLaMA-Factory's demo sets, JSON arrays as LLaMA-Factory reads them: alpaca (with copies and
    # the contact details its answers make up; its letters' `[Your Name]` are meant, and reported by
    # the strict profile only), the identity set (whose answers keep `{{name}}` and `{{author}}`,
    # which the user is to replace, e.g. with sed, before training: LLaMA-Factory does not fill
    # them), ShareGPT preference pairs, ShareGPT tool calls, multimodal messages.
    ("llamafactory__alpaca_en_demo.json", "neutral"): {"DQ001": 14, "FL008": 1, "PI001": 2},
    ("llamafactory__alpaca_en_demo.json", "llamafactory"): {"DQ001": 14, "PI001": 2},
    ("llamafactory__identity_placeholders.json", "neutral"): {"FL008": 1, "DQ010": 85},
    ("llamafactory__identity_placeholders.json", "llamafactory"): {"DQ010": 85},
    ("llamafactory__identity_placeholders.json", "openai"): {"FL008": 1, "SC006": 1, "DQ010": 85},
    # ... whose greetings ("hi", "hello", "Who are you?") share one answer: 2 groups of near
    # duplicates (the strict profile's opt-in rule).
    ("llamafactory__identity_placeholders.json", "strict"): {"FL008": 1, "DQ010": 85, "DQ012": 2},
    # Luhn-valid sums in its math answers are not payment cards, nor its ranges and sums phone numbers.
    # Invisible characters in four strings: byte-order marks around the `/` of coordinates, the
    # C1 controls of an em dash read as Latin-1 (`â\x80\x94`, beside a `Ã©` for `é`, the mojibake),
    # and a form feed where `\frac` lost its backslash to JSON (`\f` + `rac`).
    ("llamafactory__dpo_en_demo_sharegpt.json", "neutral"): {"DQ001": 5, "FL008": 1, "DQ008": 4, "DQ009": 1},
    ("llamafactory__dpo_en_demo_sharegpt.json", "llamafactory"): {"DQ001": 5, "DQ008": 4, "DQ009": 1},
    ("llamafactory__glaive_toolcall_en_demo_sharegpt.json", "neutral"): {"DQ001": 35, "FL008": 1, "PI001": 12},
    ("llamafactory__glaive_toolcall_en_demo_sharegpt.json", "llamafactory"): {"DQ001": 35, "PI001": 12},
    # `images` beside `messages` is LLaMA-Factory's: unknown to other trainers.
    ("llamafactory__mllm_demo.json", "neutral"): {"FL008": 1, "SC003": 6, "TK002": 1},
    ("llamafactory__mllm_demo.json", "llamafactory"): {},
    # LLaMA-Factory v1's preference records (chosen_messages/rejected_messages, parts with `value`),
    # which its v1 data engine reads; 10 examples.
    ("llamafactory__v1_dpo_demo.jsonl", "neutral"): {},
    ("llamafactory__v1_dpo_demo.jsonl", "llamafactory"): {},
    ("llamafactory__v1_dpo_demo.jsonl", "openai"): {"SC006": 1},
    # {question, answer}: no trainer's format as it is; and many repeated pairs.
    ("azure__distilling_sarcasm_qa.jsonl", "neutral"): {"SC005": 1, "DQ001": 20},
    # Mistral's classification examples ({premise, hypothesis, target}): no trainer's format as they
    # are. The BBC articles of the first end with the newsroom's address (reported: a real address),
    # and 14 of them write pounds as `Â£` (UTF-8 read as Windows-1252: true mojibake).
    ("mistral_cookbook__fib-val_balanced.jsonl", "neutral"): {"PI001": 2, "SC005": 1, "DQ009": 14},
    ("mistral_cookbook__usb-train_first600.jsonl", "neutral"): {"SC005": 1},
    # Mistral's observability import example: extra `properties`, one conversation without a reply.
    ("mistral_cookbook__dataset-import-example.jsonl", "neutral"): {"CH002": 1, "SC003": 1, "TK002": 1},
    ("mistral_cookbook__dataset-import-example.jsonl", "mistral"): {"CH002": 1, "SC003": 1},
    # MLX LoRA {text} records: language-modelling text, which TRL and Together train on; one copy
    # among the 1,000 training records.
    ("mlx__wikisql_valid.jsonl", "neutral"): {},
    ("mlx__wikisql_train.jsonl", "neutral"): {"DQ001": 1},
    ("mlx__wikisql_valid.jsonl", "trl"): {},
    ("mlx__wikisql_valid.jsonl", "openai"): {"SC006": 1},
    # MLX's WWDC25 prompt/completion pair, each file alone (their leak: see the test below): many
    # copies inside the training file; completions with no leading space and no common stop, which
    # matter to a trainer that joins prompt and completion as text (TRL's standard prompt/completion).
    ("mlx__wwdc25_train.jsonl", "neutral"): {"DQ001": 437, "PC003": 1800, "PC004": 1},
    ("mlx__wwdc25_valid.jsonl", "neutral"): {"DQ001": 21, "PC003": 144, "PC004": 1},
    ("mlx__wwdc25_train.jsonl", "openai"): {"DQ001": 437, "SC006": 1},
}

# Files whose trainer accepts them: none may fail the neutral check (exit 1).
BROKEN = {"semaphore__data3_broken.jsonl", "axolotl__fixture_conversation_missingturns.json",
          "azure__distilling_sarcasm_qa.jsonl", "mistral_cookbook__dataset-import-example.jsonl",
          "mistral_cookbook__fib-val_balanced.jsonl", "mistral_cookbook__usb-train_first600.jsonl"}

# Personal data, file by file (issue 14), judged by reading every PI finding (`--select PI
# --show-pii`): the line and pointer of each; every other file holds none and gets no PI finding.
PERSONAL_DATA: dict[str, list[tuple[int, str, str]]] = {
    # An e-mail the demo's instruction asks to write: alice@email.com and john@email.com, at a real
    # mail provider's domain (not a domain reserved for examples).
    "llamafactory__alpaca_en_demo.json": [(1787, "/input", "PI001"), (1787, "/output", "PI001")],
    # boss@company.com, in requests to send an e-mail and in the tool call made (company.com is real).
    "llamafactory__glaive_toolcall_en_demo_sharegpt.json": [
        (line, f"/conversations/{turn}/value", "PI001")
        for line, first in ((981, 2), (1860, 2), (2137, 2), (5256, 0), (6063, 2), (7716, 2))
        for turn in (first, first + 1)],
    # entertainment.news@bbc.co.uk at the end of two BBC articles: a real, public address.
    "mistral_cookbook__fib-val_balanced.jsonl": [(179, "/premise", "PI001"), (180, "/premise", "PI001")],
    # Rejected answers that make up people's phone numbers: the Indian PM's office, a neighbour,
    # Australian mobiles, the Pope's (`+39 345 987 2368`).
    "together_cookbook__rewardbench2_dpo_val.jsonl": [
        (line, "/non_preferred_output/0/content", "PI002") for line in (3, 151, 232, 235, 284)],
}


@functools.cache
def _run(name: str, profile: str) -> tuple[int, dict]:
    # The neutral verdict is the default one: no --profile at all.
    chosen = [] if profile == "neutral" else ["--profile", profile]
    run = run_cli("check", str(REAL / name), *chosen, "--output-format", "json")
    assert run.code in (0, 1), run.stderr
    return run.code, json.loads(run.stdout)


def _report(name: str, profile: str) -> dict:
    return _run(name, profile)[1]


@pytest.mark.parametrize(("name", "profile"), sorted(EXPECTED))
def test_real_file_report(name: str, profile: str) -> None:
    code, report = _run(name, profile)
    assert report["summary"]["by_code"] == EXPECTED[(name, profile)]
    if profile == "neutral" and name not in BROKEN:
        assert code == 0, "a file its trainer accepts must pass the default check"


@pytest.mark.parametrize("name", sorted({name for name, _ in EXPECTED}))
def test_personal_data_file_by_file(name: str) -> None:
    findings = _report(name, "neutral")["findings"]  # the run of test_real_file_report, kept
    found = sorted((f["line"], f["pointer"], f["code"]) for f in findings if f["code"].startswith("PI"))
    assert found == sorted(PERSONAL_DATA.get(name, []))


def test_every_copied_file_is_covered() -> None:
    copied = {p.name for p in REAL.iterdir() if p.suffix in (".jsonl", ".json")}
    assert copied == {name for name, _ in EXPECTED}
    assert copied == {name for name, profile in EXPECTED if profile == "neutral"}
    assert copied >= BROKEN
    assert copied >= set(PERSONAL_DATA)


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
