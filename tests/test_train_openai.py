"""`ftlint train` end to end: the real CLI and the real `openai` SDK against a local server that speaks
the API (tests/openai_server.py), never the real service."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, Run
from tests.openai_server import FAILED_MESSAGE, FAILING_SUFFIX, KEY, REFUSED_MODEL, FakeOpenAI

pytest.importorskip("openai")

MODEL = "gpt-4.1-mini-2025-04-14"


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as fake:
        yield fake


def ftlint(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Run:
    """This branch's CLI in a subprocess, the key in its environment, polling without pause, stdin not a tty."""
    merged = {key: value for key, value in os.environ.items()
              if key not in ("GITHUB_ACTIONS", "OPENAI_BASE_URL", "OPENAI_API_KEY", "AZURE_OPENAI_API_KEY")}
    merged |= {"PYTHONPATH": str(REPO / "src"), "OPENAI_API_KEY": KEY, "FTLINT_POLL_SECONDS": "0",
               "XDG_CACHE_HOME": str(cwd / "cache")} | (env or {})
    done = subprocess.run([sys.executable, "-m", "ftlint", *args], cwd=cwd, capture_output=True, timeout=120,
                          env={k: v for k, v in merged.items() if v is not None}, stdin=subprocess.DEVNULL)
    return Run(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"))


def chat_file(folder: Path, name: str = "train.jsonl", count: int = 12, offset: int = 0) -> Path:
    path = folder / name
    with path.open("w", encoding="utf-8") as out:
        for i in range(offset, offset + count):
            record = {"messages": [{"role": "system", "content": "You answer arithmetic questions."},
                                   {"role": "user", "content": f"What is {i} plus {i + 3}?"},
                                   {"role": "assistant", "content": f"{i} plus {i + 3} is {2 * i + 3}."}]}
            out.write(json.dumps(record) + "\n")
    return path


def train(server: FakeOpenAI, tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    return ftlint("train", *args, "--base-url", server.url, cwd=tmp_path, env=env)


def test_train_waits_for_the_job_and_prints_the_fine_tuned_model(server: FakeOpenAI, tmp_path: Path) -> None:
    chat_file(tmp_path)
    chat_file(tmp_path, "valid.jsonl", count=10, offset=100)
    run = train(server, tmp_path, "train.jsonl", "--valid", "valid.jsonl", "--model", MODEL, "--epochs", "2",
                "--batch-size", "4", "--learning-rate-multiplier", "0.5", "--suffix", "calc", "--seed", "7",
                "--yes", "--wait")
    assert run.code == 0, run.stderr
    assert f"ft:{MODEL}:org-test:calc:abc123" in run.stdout
    assert "The job has successfully completed" in run.stdout
    assert "closes to new jobs on 2027-01-06" in run.stderr  # OpenAI's wind-down, said on every use
    # The cost of the training file alone (validation is not billed), for the epochs asked.
    assert "train.jsonl: 12 examples" in run.stdout and "x 2 epochs" in run.stdout
    assert "estimated cost: $" in run.stdout
    (body,) = server.state.job_bodies
    assert "hyperparameters" not in body  # deprecated at the top level: inside `method`
    assert body["method"] == {"type": "supervised", "supervised": {"hyperparameters": {
        "n_epochs": 2, "batch_size": 4, "learning_rate_multiplier": 0.5}}}
    assert body["model"] == MODEL and body["suffix"] == "calc" and body["seed"] == 7
    names = {server.state.files[body[key]]["filename"] for key in ("training_file", "validation_file")}
    assert names == {"train.jsonl", "valid.jsonl"}
    assert server.state.contents[body["training_file"]] == (tmp_path / "train.jsonl").read_bytes()


def test_a_second_train_reuses_the_uploaded_file(server: FakeOpenAI, tmp_path: Path) -> None:
    chat_file(tmp_path)
    assert train(server, tmp_path, "train.jsonl", "--model", MODEL, "--yes").code == 0
    assert server.state.file_uploads == 1
    again = train(server, tmp_path, "train.jsonl", "--model", MODEL, "--yes")
    assert again.code == 0, again.stderr
    assert server.state.file_uploads == 1  # not sent twice
    assert "reusing" in again.stderr
    first, second = server.state.job_bodies
    assert first["training_file"] == second["training_file"]
    # Changed content is a new file, whatever its name and size.
    text = (tmp_path / "train.jsonl").read_text().replace("plus 3", "plus 4")
    (tmp_path / "train.jsonl").write_text(text)
    assert train(server, tmp_path, "train.jsonl", "--model", MODEL, "--yes").code == 0
    assert server.state.file_uploads == 2


def test_data_with_errors_is_refused_before_any_request(server: FakeOpenAI, tmp_path: Path) -> None:
    chat_file(tmp_path, count=3)  # fewer than the 10 examples OpenAI requires
    run = train(server, tmp_path, "train.jsonl", "--model", MODEL, "--yes")
    assert run.code == 1
    assert "TK002" in run.stdout and "nothing was sent" in run.stderr
    assert server.state.requests == []


def test_force_sends_data_with_errors(server: FakeOpenAI, tmp_path: Path) -> None:
    chat_file(tmp_path, count=3)
    run = train(server, tmp_path, "train.jsonl", "--model", MODEL, "--yes", "--force")
    assert run.code == 0, run.stderr
    assert "--force" in run.stderr and len(server.state.jobs) == 1


def test_the_providers_refusal_of_a_file_is_shown(server: FakeOpenAI, tmp_path: Path) -> None:
    path = chat_file(tmp_path)
    path.write_text("[1, 2]\n" + path.read_text())
    run = train(server, tmp_path, "train.jsonl", "--model", MODEL, "--yes", "--force")
    assert run.code == 1
    assert "Expected file to have JSONL format, where every line is a JSON dictionary. Line 1" in run.stderr
    assert "Traceback" not in run.stderr and not server.state.jobs


def test_a_bad_key_is_reported_without_the_key(server: FakeOpenAI, tmp_path: Path) -> None:
    chat_file(tmp_path)
    server.state.quote_key = True  # the server quotes the key in full: ftlint still must not show it
    wrong = "sk-wrong-key-4567-abcdefPRIVATE"
    run = train(server, tmp_path, "train.jsonl", "--model", MODEL, "--yes", env={"OPENAI_API_KEY": wrong})
    assert run.code == 2
    assert "Incorrect API key provided" in run.stderr
    assert wrong not in run.stdout + run.stderr and "PRIVATE" not in run.stdout + run.stderr
    assert "Traceback" not in run.stderr


def test_no_key_is_a_usage_error(server: FakeOpenAI, tmp_path: Path) -> None:
    chat_file(tmp_path)
    run = train(server, tmp_path, "train.jsonl", "--model", MODEL, "--yes", env={"OPENAI_API_KEY": ""})
    assert run.code == 2 and "OPENAI_API_KEY" in run.stderr
    assert server.state.requests == []


def test_a_refused_job_shows_the_providers_message(server: FakeOpenAI, tmp_path: Path) -> None:
    chat_file(tmp_path)
    run = train(server, tmp_path, "train.jsonl", "--model", REFUSED_MODEL, "--yes")
    assert run.code == 1
    assert f"Model {REFUSED_MODEL} is not available for fine-tuning or does not exist." in run.stderr
    assert "HTTP 400" in run.stderr and "Traceback" not in run.stderr


def test_a_failed_job_exits_1_with_its_error(server: FakeOpenAI, tmp_path: Path) -> None:
    chat_file(tmp_path)
    run = train(server, tmp_path, "train.jsonl", "--model", MODEL, "--suffix", FAILING_SUFFIX, "--yes", "--wait")
    assert run.code == 1
    assert f"failed: {FAILED_MESSAGE}" in run.stdout


def test_a_retired_model_is_refused_with_its_date(server: FakeOpenAI, tmp_path: Path) -> None:
    chat_file(tmp_path)
    run = train(server, tmp_path, "train.jsonl", "--model", "gpt-4.1-nano-2025-04-14", "--yes")
    assert run.code == 2
    assert "retired on 2026-10-23" in run.stderr
    assert server.state.requests == []


def test_after_the_cut_off_no_job_is_created(server: FakeOpenAI, tmp_path: Path) -> None:
    chat_file(tmp_path)
    run = train(server, tmp_path, "train.jsonl", "--model", MODEL, "--yes", env={"FTLINT_TODAY": "2027-01-07"})
    assert run.code == 2 and "after 2027-01-06" in run.stderr
    assert server.state.requests == []


def test_without_yes_and_without_a_terminal_nothing_is_sent(server: FakeOpenAI, tmp_path: Path) -> None:
    chat_file(tmp_path)
    run = train(server, tmp_path, "train.jsonl", "--model", MODEL)
    assert run.code == 2 and "--yes" in run.stderr
    assert "estimated cost" in run.stdout  # the cost is shown before the question
    assert server.state.requests == []


def test_preference_data_trains_with_dpo_and_its_beta(server: FakeOpenAI, tmp_path: Path) -> None:
    with (tmp_path / "pairs.jsonl").open("w") as out:
        for i in range(12):
            out.write(json.dumps({"input": {"messages": [{"role": "user", "content": f"Say {i} politely."}]},
                                  "preferred_output": [{"role": "assistant", "content": f"Certainly: {i}."}],
                                  "non_preferred_output": [{"role": "assistant", "content": f"{i}. Go away."}]})
                      + "\n")
    run = train(server, tmp_path, "pairs.jsonl", "--model", MODEL, "--beta", "0.2", "--yes")
    assert run.code == 0, run.stdout + run.stderr
    (body,) = server.state.job_bodies
    assert body["method"] == {"type": "dpo", "dpo": {"hyperparameters": {"beta": 0.2}}}


def test_beta_is_refused_for_supervised_training(server: FakeOpenAI, tmp_path: Path) -> None:
    chat_file(tmp_path)
    run = train(server, tmp_path, "train.jsonl", "--model", MODEL, "--beta", "0.2", "--yes")
    assert run.code == 2 and "--beta does not apply to --backend openai --method supervised" in run.stderr
    assert server.state.requests == []


def test_the_validation_file_is_known_by_its_option_not_its_name(server: FakeOpenAI, tmp_path: Path) -> None:
    """`--valid held.jsonl` is the validation file whatever its name: no training minimum for its three
    records (TK002), and its copies of training records are reported as leaks (DQ004)."""
    chat_file(tmp_path, count=12)
    chat_file(tmp_path, "held.jsonl", count=3, offset=10)  # records 10 and 11 are in train.jsonl too
    run = train(server, tmp_path, "train.jsonl", "--valid", "held.jsonl", "--model", MODEL, "--yes")
    assert run.code == 0, run.stdout + run.stderr
    assert "TK002" not in run.stdout
    assert "held.jsonl:1: DQ004" in run.stdout and "held.jsonl:2: DQ004" in run.stdout
    assert len(server.state.job_bodies) == 1


def _on_a_terminal(server: FakeOpenAI, tmp_path: Path, answer: bytes) -> tuple[int, str]:
    """`ftlint train` with its stdin and stdout on a pseudo-terminal, answering its question with `answer`."""
    import pty
    import select

    primary, secondary = pty.openpty()
    env = {key: value for key, value in os.environ.items() if key not in ("GITHUB_ACTIONS", "OPENAI_BASE_URL")}
    env |= {"PYTHONPATH": str(REPO / "src"), "OPENAI_API_KEY": KEY, "FTLINT_POLL_SECONDS": "0",
            "XDG_CACHE_HOME": str(tmp_path / "cache")}
    process = subprocess.Popen([sys.executable, "-m", "ftlint", "train", "train.jsonl", "--model", MODEL,
                                "--base-url", server.url], cwd=tmp_path, env=env, stdin=secondary, stdout=secondary,
                               stderr=secondary)
    os.close(secondary)
    seen, answered = b"", False
    try:
        while True:
            ready, _, _ = select.select([primary], [], [], 60)
            if not ready:
                break
            try:
                chunk = os.read(primary, 4096)
            except OSError:  # the terminal closed: the process is done
                break
            if not chunk:
                break
            seen += chunk
            if not answered and b"[y/N]" in seen:
                os.write(primary, answer + b"\n")
                answered = True
    finally:
        os.close(primary)
    return process.wait(timeout=60), seen.decode("utf-8", "replace")


def test_on_a_terminal_it_asks_and_no_sends_nothing(server: FakeOpenAI, tmp_path: Path) -> None:
    chat_file(tmp_path)
    code, screen = _on_a_terminal(server, tmp_path, b"n")
    assert code == 0 and "start fine-tuning" in screen and "nothing was sent" in screen, screen
    assert server.state.requests == []


def test_on_a_terminal_yes_starts_the_job(server: FakeOpenAI, tmp_path: Path) -> None:
    chat_file(tmp_path)
    code, screen = _on_a_terminal(server, tmp_path, b"y")
    assert code == 0 and "started fine-tuning job ftjob-" in screen, screen
    assert len(server.state.job_bodies) == 1


def test_reinforcement_sends_the_grader(server: FakeOpenAI, tmp_path: Path) -> None:
    with (tmp_path / "rft.jsonl").open("w") as out:
        for i in range(12):
            out.write(json.dumps({"messages": [{"role": "user", "content": f"What is {i} plus 3?"}],
                                  "answer": str(i + 3)}) + "\n")
    grader = {"type": "string_check", "name": "exact", "input": "{{sample.output_text}}",
              "reference": "{{item.answer}}", "operation": "eq"}
    (tmp_path / "grader.json").write_text(json.dumps(grader))
    run = train(server, tmp_path, "rft.jsonl", "--model", "o4-mini-2025-04-16", "--method", "reinforcement",
                "--grader", "grader.json", "--yes", env={"FTLINT_TODAY": "2026-10-01"})
    assert run.code == 0, run.stdout + run.stderr
    (body,) = server.state.job_bodies
    assert body["method"] == {"type": "reinforcement", "reinforcement": {"grader": grader}}
    missing = train(server, tmp_path, "rft.jsonl", "--model", "o4-mini-2025-04-16", "--method", "reinforcement",
                    "--yes", env={"FTLINT_TODAY": "2026-10-01"})
    assert missing.code == 2 and "needs a grader" in missing.stderr


def test_an_azure_endpoint_takes_its_own_key(monkeypatch: pytest.MonkeyPatch) -> None:
    from ftlint.backends.errors import BackendError
    from ftlint.backends.openai.client import api_key

    azure = "https://contoso.openai.azure.com/openai/v1/"
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "azure-key")
    assert api_key(azure) == "azure-key" and api_key(None) == "sk-openai"
    monkeypatch.delenv("AZURE_OPENAI_API_KEY")
    assert api_key(azure) == "sk-openai"  # a key made for Azure may sit in OPENAI_API_KEY too
    monkeypatch.delenv("OPENAI_API_KEY")
    with pytest.raises(BackendError, match="AZURE_OPENAI_API_KEY or OPENAI_API_KEY"):
        api_key(azure)
