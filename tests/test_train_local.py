"""`ftlint train --backend local`: TRL + LoRA on the CPU with a tiny random Llama built here
(tests/tiny_model.py), through the real CLI. The adapter is saved, reloaded by the lines the command
prints, and generates; the loss goes down on a set small enough to memorise; a run never starts on
data the check refuses, and one that fails leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.tiny_model import build_model

pytest.importorskip("torch", reason="the local trainer's tests need the `local` extra with torch==2.13.0")
pytest.importorskip("trl", reason="the local trainer's tests need the `local` extra (trl)")
pytest.importorskip("peft", reason="the local trainer's tests need the `local` extra (peft)")

# A set small enough to memorise: two exchanges, repeated.
EXCHANGES = [("What is the capital of France?", "Paris."), ("hello world", "the quick brown fox")]
FAST = ("--epochs", "8", "--learning-rate", "1e-2", "--batch-size", "4", "--seed", "1")
TIMEOUT = 600


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_model(tmp_path_factory.mktemp("models") / "tiny")


def write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def chats(copies: int) -> list[dict[str, object]]:
    return [{"messages": [{"role": "user", "content": q}, {"role": "assistant", "content": a}]}
            for q, a in EXCHANGES] * copies


def train(folder: Path, *args: str) -> tuple[int, str, str]:
    done = run_cli("train", *args, "--backend", "local", cwd=folder, timeout=TIMEOUT)
    assert "Traceback" not in done.stderr, done.stderr
    return done.code, done.stdout, done.stderr


def summary(output: Path) -> dict[str, object]:
    return json.loads((output / "train.json").read_text(encoding="utf-8"))


def python(code: str, folder: Path) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=folder, timeout=TIMEOUT,
                          env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    return done.stdout


# Runs the two lines train.json gives, from another folder, then generates from a prompt.
GENERATE = """
import json, sys
load = json.load(open(sys.argv[1]))["load"]
exec("\\n".join(load))
prompt = tokenizer.apply_chat_template([{"role": "user", "content": "hello world"}], add_generation_prompt=True,
                                       return_tensors="pt", return_dict=True)
out = model.generate(**prompt, max_new_tokens=6, do_sample=False)
print(out.shape[1] - prompt["input_ids"].shape[1])
print(float(model(**prompt).logits.sum()))
"""


def generate(train_json: Path, folder: Path) -> tuple[int, float]:
    code = GENERATE.replace("sys.argv[1]", repr(str(train_json)))
    new_tokens, logits = python(code, folder).split()
    return int(new_tokens), float(logits)


def test_sft_on_chat_saves_an_adapter_that_reloads_and_generates(tmp_path: Path, model: Path) -> None:
    data = write(tmp_path / "train.jsonl", chats(8))
    valid = write(tmp_path / "valid.jsonl", chats(1))
    code, stdout, stderr = train(tmp_path, str(data), "--valid", str(valid), "--model", str(model), "-o", "run",
                                 "--merge", *FAST)
    assert code == 0, stderr
    facts = summary(tmp_path / "run")
    losses = facts["losses"]
    # The loss goes down on a set it can memorise, and the validation file is evaluated.
    assert losses["final_train"] < 0.9 * losses["first_train"], losses
    assert losses["final_validation"] is not None
    assert facts["method"] == "supervised" and facts["loss_on"] == "the assistant's turns"
    assert facts["device"] == "cpu (fp32)"  # TRL's bf16 default never reaches a CPU run
    assert facts["data"]["train"]["sha256"] == hashlib.sha256(data.read_bytes()).hexdigest()
    assert facts["data"]["train"]["records"] == 16 and facts["data"]["valid"]["records"] == 2
    assert facts["settings"]["n_epochs"] == 8 and facts["settings"]["lora_r"] == 16
    # max_length defaults to the longest example the check measured with the model's template.
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(model))
    longest = max(len(tokenizer.apply_chat_template(row["messages"], tokenize=True, return_dict=True)["input_ids"])
                  for row in chats(1))
    assert facts["settings"]["max_length"] == longest
    assert "step 1/32" in stderr and "validation loss" in stderr  # progress on the terminal
    assert "load it with:" in stdout and "AutoModelForCausalLM" in stdout
    assert {p.name for p in (tmp_path / "run").iterdir()} == {"adapter", "merged", "train.json"}
    # The merged model (what `load` names with --merge) generates, and equals the adapter on its base.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    new_tokens, merged_logits = generate(tmp_path / "run" / "train.json", elsewhere)
    assert new_tokens > 0
    adapter = python(
        "from peft import AutoPeftModelForCausalLM; from transformers import AutoTokenizer\n"
        f"model = AutoPeftModelForCausalLM.from_pretrained({str(tmp_path / 'run' / 'adapter')!r})\n"
        f"tokenizer = AutoTokenizer.from_pretrained({str(tmp_path / 'run' / 'adapter')!r})\n"
        "prompt = tokenizer.apply_chat_template([{'role': 'user', 'content': 'hello world'}], "
        "add_generation_prompt=True, return_tensors='pt', return_dict=True)\n"
        "print(float(model(**prompt).logits.sum()))\n", elsewhere)
    assert float(adapter) == pytest.approx(merged_logits, rel=1e-3)


def test_dpo_on_preference_records(tmp_path: Path, model: Path) -> None:
    pairs = [{"input": {"messages": [{"role": "user", "content": q}]},
              "preferred_output": [{"role": "assistant", "content": a}],
              "non_preferred_output": [{"role": "assistant", "content": "the lazy dog"}]} for q, a in EXCHANGES] * 6
    data = write(tmp_path / "pairs.jsonl", pairs)
    code, _, stderr = train(tmp_path, str(data), "--model", str(model), "-o", "run", *FAST)
    assert code == 0, stderr
    facts = summary(tmp_path / "run")
    assert facts["method"] == "dpo" and facts["data"]["train"]["trained_as"] == "trl_preference"
    # max_length is the longer answer of the longest pair through the template, as DPO tokenizes it.
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(model))
    longest = max(len(tokenizer.apply_chat_template([*p["input"]["messages"], *p[key]], return_dict=True)["input_ids"])
                  for p in pairs for key in ("preferred_output", "non_preferred_output"))
    assert facts["settings"]["max_length"] == longest
    losses = facts["losses"]
    assert losses["first_train"] == pytest.approx(0.6931, abs=1e-3)  # log 2: the policy starts as its reference
    assert losses["final_train"] < losses["first_train"]
    new_tokens, _ = generate(tmp_path / "run" / "train.json", tmp_path)
    assert new_tokens > 0


def test_string_prompt_completion_stays_standard_with_completion_only_loss(tmp_path: Path, model: Path) -> None:
    rows = [{"prompt": q, "completion": " " + a} for q, a in EXCHANGES] * 6
    data = write(tmp_path / "pc.jsonl", rows)
    code, _, stderr = train(tmp_path, str(data), "--model", str(model), "-o", "run", "--epochs", "1",
                            "--lora-rank", "4", "--target-modules", "q_proj,v_proj")
    assert code == 0, stderr
    facts = summary(tmp_path / "run")
    assert facts["data"]["train"]["trained_as"] == "trl_prompt_completion_text"
    assert facts["loss_on"].startswith("the completions")
    assert facts["settings"]["target_modules"] == ["q_proj", "v_proj"] and facts["settings"]["lora_r"] == 4
    adapter = json.loads((tmp_path / "run" / "adapter" / "adapter_config.json").read_text())
    assert sorted(adapter["target_modules"]) == ["q_proj", "v_proj"] and adapter["r"] == 4
    assert adapter["base_model_name_or_path"] == str(model)


def test_data_with_errors_is_not_trained_on(tmp_path: Path, model: Path) -> None:
    rows = [*chats(2), {"messages": [{"role": "user", "content": "no answer"}]}]
    data = write(tmp_path / "train.jsonl", rows)
    code, _, stderr = train(tmp_path, str(data), "--model", str(model), "-o", "run")
    assert code == 1 and "nothing was trained" in stderr
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize(("extra", "says"), [
    (("--suffix", "mine", "-o", "run"), "--suffix is OpenAI's"),
    (("--learning-rate-multiplier", "2", "-o", "run"), "--learning-rate-multiplier does not apply"),
    ((), "needs --output DIR"),
    (("-o", "taken"), "not an empty folder"),
])
def test_usage_errors_before_anything_loads(tmp_path: Path, model: Path, extra: tuple[str, ...], says: str) -> None:
    data = write(tmp_path / "train.jsonl", chats(2))
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "keep.txt").write_text("mine")
    code, _, stderr = train(tmp_path, str(data), "--model", str(model), *extra)
    assert code == 2 and says in stderr, stderr
    assert (tmp_path / "taken" / "keep.txt").read_text() == "mine" and not (tmp_path / "run").exists()


def test_a_model_that_is_not_on_disk(tmp_path: Path) -> None:
    data = write(tmp_path / "train.jsonl", chats(2))
    done = run_cli("train", str(data), "--backend", "local", "--model", "gpt-4o-mini-2024-07-18", "-o", "run",
                   cwd=tmp_path)
    assert done.code == 2 and "trains a model on this machine" in done.stderr and "Traceback" not in done.stderr


def test_reinforcement_records_are_not_trained_locally(tmp_path: Path, model: Path) -> None:
    rows = [{"messages": [{"role": "user", "content": q}], "reference": a} for q, a in EXCHANGES]
    data = write(tmp_path / "rft.jsonl", rows)
    code, stdout, stderr = train(tmp_path, str(data), "--model", str(model), "-o", "run")
    assert code == 1 and "SC006" in stdout and "nothing was trained" in stderr
    code, _, stderr = train(tmp_path, str(data), "--model", str(model), "-o", "run", "--force")
    assert code == 2 and "are not trained locally" in stderr
    assert not (tmp_path / "run").exists()


# A template that refuses system messages, as some models' templates do: the trainer stops on a record.
NO_SYSTEM = ("{% for m in messages %}{% if m['role'] == 'system' %}{{ raise_exception('System role not supported') }}"
             "{% endif %}<|im_start|>{{ m['role'] }}\n{% if m['role'] == 'assistant' %}{% generation %}"
             "{{ m['content'] }}<|im_end|>{% endgeneration %}{% else %}{{ m['content'] }}<|im_end|>{% endif %}\n"
             "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")


def test_a_run_that_fails_leaves_nothing_behind(tmp_path: Path) -> None:
    model = build_model(tmp_path / "no-system", NO_SYSTEM)
    system = {"messages": [{"role": "system", "content": "Be brief."}, *chats(1)[0]["messages"]]}  # type: ignore[misc]
    data = write(tmp_path / "train.jsonl", [*chats(3), system])
    (tmp_path / "run").mkdir()  # an empty folder is taken, and left empty
    code, stdout, stderr = train(tmp_path, str(data), "--model", str(model), "-o", "run")
    assert code == 1 and "TK004" in stdout and "System role not supported" in stdout  # the check saw it first
    assert "nothing was trained" in stderr
    # With --force the trainer meets the record and stops: said, and nothing is left behind.
    code, _, stderr = train(tmp_path, str(data), "--model", str(model), "-o", "run", "--force")
    assert code == 1 and "System role not supported" in stderr, stderr
    assert list((tmp_path / "run").iterdir()) == []


@pytest.mark.parametrize(("record", "trained_as"), [
    ({"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}, "trl_messages"),
    ({"prompt": "hi", "completion": " hello"}, "trl_prompt_completion_text"),
    ({"prompt": [{"role": "user", "content": "hi"}], "completion": [{"role": "assistant", "content": "hello"}]},
     "trl_prompt_completion"),
    ({"prompt": "hi", "chosen": " hello", "rejected": " go away"}, "trl_preference_text"),
    ({"chosen": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}],
      "rejected": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "no"}]}, "trl_preference"),
    ({"conversations": [{"from": "human", "value": "hi"}], "chosen": {"from": "gpt", "value": "hello"},
      "rejected": {"from": "gpt", "value": "no"}}, "trl_preference"),  # LLaMA-Factory's ShareGPT pairs
    ({"instruction": "Say hi", "input": "", "output": "hello"}, "trl_messages"),
    ({"text": "hello world"}, "text"),
])
def test_standard_stays_standard_and_conversational_stays_conversational(tmp_path: Path, record: dict[str, object],
                                                                         trained_as: str) -> None:
    from ftlint.commands.train_data import training_data
    from ftlint.core.formats import detect_shape

    data = write(tmp_path / "data.jsonl", [record] * 3)
    converted = training_data([(data, detect_shape(record))], None, force=False)
    assert converted.train.trained_as == trained_as and len(converted.train.rows) == 3


def test_a_model_in_the_local_hugging_face_cache_by_its_hub_name(tmp_path: Path, model: Path) -> None:
    """`--model owner/name` finds a model the cache holds (as `hf download` leaves it), offline."""
    import shutil

    snapshot = tmp_path / "hf" / "hub" / "models--tiny-org--tiny-llama" / "snapshots" / "0123abcd"
    shutil.copytree(model, snapshot)
    (snapshot.parents[1] / "refs").mkdir()
    (snapshot.parents[1] / "refs" / "main").write_text("0123abcd")
    data = write(tmp_path / "train.jsonl", chats(2))
    done = run_cli("train", str(data), "--backend", "local", "--model", "tiny-org/tiny-llama", "-o", "run",
                   "--epochs", "1", cwd=tmp_path, env={"HF_HOME": str(tmp_path / "hf")}, timeout=TIMEOUT)
    assert done.code == 0, done.stderr
    adapter = json.loads((tmp_path / "run" / "adapter" / "adapter_config.json").read_text())
    assert adapter["base_model_name_or_path"] == "tiny-org/tiny-llama"


def test_bf16_only_on_a_gpu_that_has_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import torch

    from ftlint.backends.local.settings import Device, pick_device

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert pick_device() == Device("cpu", False)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda: True)
    assert pick_device() == Device("cuda", True)
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda: False)
    assert pick_device() == Device("cuda", False)  # fp32 on an older GPU: never fp16's loss scaling unasked


def test_images_are_refused_never_fetched(tmp_path: Path) -> None:
    from ftlint.backends.base import BackendError
    from ftlint.commands.train_data import training_data

    picture = {"messages": [{"role": "user", "content": [{"type": "text", "text": "What is this?"},
                                                         {"type": "image_url",
                                                          "image_url": {"url": "https://example.com/cat.png"}}]},
                            {"role": "assistant", "content": "A cat."}]}
    data = write(tmp_path / "vision.jsonl", [*chats(1), picture])
    with pytest.raises(BackendError, match="1 record\\(s\\) hold images") as refused:
        training_data([(data, "chat")], None, force=True)
    assert refused.value.exit_code == 2
