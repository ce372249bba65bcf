"""`--model PATH`: a model's own Hugging Face tokenizer and chat template, built here on the fly (a tiny
byte-level BPE, ChatML markers), counts the examples and drives TK001, TK003, TK004, TK005 and TK006.

The rules need a model on disk, which the yaml runner (tests/test_rules.py) cannot build: they are
tested here, through the real CLI.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.tiny_model import (
    EOT_OUTSIDE,
    GENERATION_PROMPT,
    USER_TURN,
    WITH_GENERATION,
    WITHOUT_GENERATION,
    build_tokenizer,
)

transformers = pytest.importorskip("transformers")
tokenizers = pytest.importorskip("tokenizers")

LONG = " ".join(["the quick brown fox jumps over the lazy dog"] * 40)


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("models")
    return {name: build_tokenizer(root / name, template) for name, template in
            (("masked", WITH_GENERATION), ("unmasked", WITHOUT_GENERATION), ("eot", EOT_OUTSIDE))}


def write(folder: Path, rows: list[dict[str, object]], name: str = "data.jsonl") -> Path:
    path = folder / name
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def chat(user: str, answer: str | None) -> dict[str, object]:
    messages = [{"role": "user", "content": user}]
    if answer is not None:
        messages.append({"role": "assistant", "content": answer})
    return {"messages": messages}


def template_length(model: Path, row: dict[str, object]) -> int:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(model), local_files_only=True)
    return len(tokenizer.apply_chat_template(row["messages"], tokenize=True, return_dict=True)["input_ids"])


def check(folder: Path, data: Path, model: Path, *extra: str) -> tuple[int, list[dict[str, object]], str]:
    done = run_cli("check", str(data), "--profile", "trl", "--model", str(model), "--output-format", "json",
                   "--no-cache", *extra, cwd=folder)
    findings = json.loads(done.stdout)["findings"] if done.stdout.strip() else []
    return done.code, findings, done.stderr


def by_code(findings: list[dict[str, object]], code: str) -> list[dict[str, object]]:
    return [f for f in findings if f["code"] == code]


def test_stats_counts_tokens_with_the_models_chat_template(tmp_path: Path, models: dict[str, Path]) -> None:
    rows = [chat("hello world", "Paris."), chat("What is the capital of France?", "Paris, the capital.")]
    data = write(tmp_path, rows)
    expected = sorted(template_length(models["masked"], row) for row in rows)
    done = run_cli("stats", str(data), "--profile", "trl", "--model", str(models["masked"]),
                   "--output-format", "json", cwd=tmp_path)
    assert done.code == 0, done.stderr
    stats = json.loads(done.stdout)
    assert (stats["tokens"]["min"], stats["tokens"]["max"]) == tuple(expected)
    assert stats["model"] == str(models["masked"]) and stats["max_tokens"] == 2048  # the tokenizer's own
    assert stats["costs"] == []  # OpenAI's prices are per OpenAI token: they do not apply to these counts
    # The report names the tokenizer that counted, and the parts add up: the texts as the model's tokenizer
    # counts them, and what its chat template adds around them.
    assert stats["counting"]["template"] and str(models["masked"]) in stats["counting"]["tokenizer"]
    tokenizer = transformers.AutoTokenizer.from_pretrained(str(models["masked"]), local_files_only=True)
    texts = sum(len(tokenizer.encode(m["content"], add_special_tokens=False)) for row in rows for m in row["messages"])
    parts = stats["tokens_by_part"]
    assert sum(parts.values()) == stats["total_tokens"] == sum(expected)
    assert parts["user"] + parts["assistant"] == texts and parts["overhead"] == sum(expected) - texts > 0
    text = run_cli("stats", str(data), "--profile", "trl", "--model", str(models["masked"]), cwd=tmp_path).stdout
    assert "chat template" in text and "counted with the model's own tokenizer and chat template" in text


def test_truncation_at_max_length_names_the_cut_and_the_whole_answer(tmp_path: Path, models: dict[str, Path]) -> None:
    rows = [chat("hello", "Paris."), chat(LONG, "Paris."), chat("hello", LONG)]
    data = write(tmp_path, rows)
    (tmp_path / "ftlint.toml").write_text("[rules.TK004]\nmax-length = 100\n", encoding="utf-8")
    code, findings, stderr = check(tmp_path, data, models["masked"])
    assert code == 0, stderr  # warnings only
    cut = {f["line"]: f["message"] for f in by_code(findings, "TK004")}
    assert set(cut) == {2, 3}
    long_prompt, long_answer = template_length(models["masked"], rows[1]), template_length(models["masked"], rows[2])
    assert f"example is {long_prompt:,} tokens" in cut[2]
    assert f"cuts the last {long_prompt - 100:,}, the whole answer" in cut[2]
    assert f"cuts the last {long_answer - 100:,};" in cut[3]
    assert "whole answer" not in cut[3]


def test_truncation_uses_trls_default_of_1024(tmp_path: Path, models: dict[str, Path]) -> None:
    rows = [chat(LONG, "Paris."), chat(" ".join([LONG] * 4), "Paris.")]
    data = write(tmp_path, rows)
    _, findings, _ = check(tmp_path, data, models["masked"])
    assert [f["line"] for f in by_code(findings, "TK004")] == [2]
    assert "max_length 1,024" in by_code(findings, "TK004")[0]["message"]


def test_a_template_without_generation_cannot_mask(tmp_path: Path, models: dict[str, Path]) -> None:
    data = write(tmp_path, [chat("hello", "Paris."), chat("hello", None)])
    _, findings, _ = check(tmp_path, data, models["unmasked"])
    assert len(by_code(findings, "TK006")) == 1
    assert "no {% generation %} block" in by_code(findings, "TK006")[0]["message"]
    assert by_code(findings, "TK005") == []  # TK006 says it once, not once per record

    _, findings, _ = check(tmp_path, data, models["masked"])
    assert by_code(findings, "TK006") == []
    assert [f["line"] for f in by_code(findings, "TK005")] == [2]


def test_end_of_turn_outside_the_mask_is_reported(tmp_path: Path, models: dict[str, Path]) -> None:
    data = write(tmp_path, [chat("hello", "Paris.")])
    _, findings, _ = check(tmp_path, data, models["eot"])
    [finding] = by_code(findings, "TK006")
    assert "`<|im_end|>` outside the assistant mask" in finding["message"]
    assert finding["severity"] == "info"


def test_the_models_special_tokens_in_content(tmp_path: Path, models: dict[str, Path]) -> None:
    data = write(tmp_path, [chat("say <|im_start|>system now", "ok"), chat("hello", "Paris.")])
    code, findings, _ = check(tmp_path, data, models["masked"])
    [finding] = by_code(findings, "TK003")
    assert finding["line"] == 1 and "`<|im_start|>`" in finding["message"]
    assert "control token" in finding["message"]
    assert code == 1


def test_a_model_without_an_image_processor_takes_no_images(tmp_path: Path, models: dict[str, Path]) -> None:
    image = {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}}
    data = write(tmp_path, [{"messages": [{"role": "user", "content": [{"type": "text", "text": "What is it?"}, image]},
                                          {"role": "assistant", "content": "A cat."}]}, chat("hello", "Paris.")])
    _, findings, _ = check(tmp_path, data, models["masked"], "--select", "IM009")
    [finding] = by_code(findings, "IM009")
    assert (finding["line"], finding["pointer"]) == (1, "/messages/0/content/1")
    assert "no processor_config.json or preprocessor_config.json" in finding["message"]
    vision = tmp_path / "vision"
    shutil.copytree(models["masked"], vision)
    (vision / "preprocessor_config.json").write_text('{"image_seq_length": 256}', encoding="utf-8")
    code, findings, _ = check(tmp_path, data, vision, "--select", "IM009")
    assert (code, by_code(findings, "IM009")) == (0, [])


def test_a_model_that_is_not_on_disk_is_a_usage_error(tmp_path: Path) -> None:
    data = write(tmp_path, [chat("hello", "Paris.")])
    missing = tmp_path / "no-such-model"
    done = run_cli("check", str(data), "--profile", "trl", "--model", str(missing), cwd=tmp_path,
                   env={"HF_HOME": str(tmp_path / "hf")})
    assert done.code == 2
    assert str(missing) in done.stderr and "never downloads" in done.stderr
    assert "Traceback" not in done.stderr
    done = run_cli("check", str(data), "--model", "nobody/no-such-model", cwd=tmp_path,
                   env={"HF_HOME": str(tmp_path / "hf")})
    assert done.code == 2 and "nobody/no-such-model" in done.stderr and "local Hugging Face cache" in done.stderr


def test_a_check_without_a_model_never_imports_transformers(tmp_path: Path) -> None:
    data = write(tmp_path, [chat("hello <|im_start|>", "Paris.")])
    probe = ("import sys\nfrom ftlint.launch import main\nsys.argv = ['ftlint', 'check', '--profile', 'trl', "
             f"{str(data)!r}]\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
             "print('transformers' in sys.modules, 'tokenizers' in sys.modules, file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.stderr.strip().splitlines()[-1] == "False False", done.stderr


# A template that refuses system messages, as some models' templates do (`raise_exception`).
NO_SYSTEM = ("{% for m in messages %}{% if m['role'] == 'system' %}{{ raise_exception('System role not supported') }}"
             "{% endif %}<|im_start|>{{ m['role'] }}\n" + USER_TURN + "\n{% endfor %}" + GENERATION_PROMPT)


def test_a_template_that_fails_on_a_record_is_a_finding_not_a_traceback(tmp_path: Path) -> None:
    model = build_tokenizer(tmp_path / "no-system", NO_SYSTEM)
    system = {"messages": [{"role": "system", "content": LONG}, {"role": "user", "content": "hi"},
                           {"role": "assistant", "content": "hello"}]}
    data = write(tmp_path, [system, chat("What is the capital of France?", "Paris.")])
    code, findings, stderr = check(tmp_path, data, model)
    assert "Traceback" not in stderr
    failed = by_code(findings, "TK004")
    assert [(f["line"], f["severity"]) for f in failed] == [(1, "error")]
    assert "System role not supported" in failed[0]["message"] and code == 1
    stats = run_cli("stats", str(data), "--profile", "trl", "--model", str(model), cwd=tmp_path)
    assert stats.code == 0 and "Traceback" not in stats.stderr


def test_a_short_example_the_template_refuses_is_found_by_its_shape(tmp_path: Path) -> None:
    model = build_tokenizer(tmp_path / "no-system", NO_SYSTEM)
    short_system = {"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "hi"},
                                 {"role": "assistant", "content": "hello"}]}
    rows = [chat("hi", "hello"), short_system, chat("What is the capital of France?", "Paris."), short_system]
    data = write(tmp_path, rows)
    code, findings, stderr = check(tmp_path, data, model)
    failed = by_code(findings, "TK004")
    assert [(f["line"], f["severity"]) for f in failed] == [(2, "error"), (4, "error")], stderr
    assert "System role not supported" in failed[0]["message"] and code == 1


def test_trls_training_version_of_a_stock_template_can_mask(tmp_path: Path) -> None:
    from ftlint.core.tokens.trl_templates import trl_training_template

    spec = importlib.util.find_spec("trl")  # found, not imported: importing TRL loads torch
    if spec is None or not spec.origin:
        pytest.skip("TRL's training templates come with TRL (the `local` extra)")
    stock = (Path(spec.origin).parent / "chat_templates" / "qwen3.jinja").read_text(encoding="utf-8")
    assert trl_training_template(stock) == "qwen3" and trl_training_template(WITHOUT_GENERATION) == ""
    model = build_tokenizer(tmp_path / "qwen3-template", stock)
    data = write(tmp_path, [chat("hello", "Paris.")])
    _, findings, _ = check(tmp_path, data, model)
    assert by_code(findings, "TK006") == []  # TRL swaps in qwen3_training.jinja, which marks the answers


def test_a_preference_pair_is_cut_by_its_longer_answer(tmp_path: Path, models: dict[str, Path]) -> None:
    def pair(answer: str) -> dict[str, object]:
        return {"input": {"messages": [{"role": "user", "content": "hello"}]},
                "preferred_output": [{"role": "assistant", "content": "Paris."}],
                "non_preferred_output": [{"role": "assistant", "content": answer}]}

    data = write(tmp_path, [pair("no"), pair(LONG)])
    (tmp_path / "ftlint.toml").write_text("[rules.TK004]\nmax-length = 100\n", encoding="utf-8")
    _, findings, stderr = check(tmp_path, data, models["masked"])
    longer = template_length(models["masked"], {"messages": [{"role": "user", "content": "hello"},
                                                              {"role": "assistant", "content": LONG}]})
    [finding] = by_code(findings, "TK004")
    assert finding["line"] == 2 and f"example is {longer:,} tokens" in finding["message"], stderr


def test_over_the_models_context_says_so_not_a_providers_truncation(tmp_path: Path, models: dict[str, Path]) -> None:
    data = write(tmp_path, [chat(" ".join([LONG] * 12), "Paris."), chat("hello", "Paris.")])
    _, findings, stderr = check(tmp_path, data, models["masked"])
    [finding] = by_code(findings, "TK001")
    assert finding["line"] == 1 and "over the 2,048-token limit" in finding["message"], stderr
    assert "model's context" in finding["message"] and "provider" not in finding["message"]
