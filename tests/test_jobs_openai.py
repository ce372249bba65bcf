"""`ftlint jobs` and `ftlint upload` against the local OpenAI-API server (tests/openai_server.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.openai_server import KEY, FakeOpenAI
from tests.test_train_openai import MODEL, chat_file, ftlint, server, train

pytest.importorskip("openai")
__all__ = ["server"]  # the fixture, shared


def started_job(server: FakeOpenAI, tmp_path: Path, *args: str) -> str:
    chat_file(tmp_path)
    run = train(server, tmp_path, "train.jsonl", "--model", MODEL, "--yes", *args)
    assert run.code == 0, run.stderr
    found = re.search(r"ftjob-\d+", run.stdout)
    assert found, run.stdout
    return found.group(0)


def jobs(server: FakeOpenAI, tmp_path: Path, *args: str) -> object:
    return ftlint("jobs", *args, "--base-url", server.url, cwd=tmp_path)


def test_list_show_events_and_cancel(server: FakeOpenAI, tmp_path: Path) -> None:
    job = started_job(server, tmp_path)
    listed = jobs(server, tmp_path, "list")
    assert listed.code == 0 and job in listed.stdout and MODEL in listed.stdout
    assert "closes to new jobs on 2027-01-06" in listed.stderr
    shown = jobs(server, tmp_path, "show", job)
    assert shown.code == 0 and "status: queued" in shown.stdout  # the server moved it one step
    events = jobs(server, tmp_path, "events", job)
    assert events.code == 0 and "Validating training file" in events.stdout
    cancelled = jobs(server, tmp_path, "cancel", job)
    assert cancelled.code == 0 and f"{job}: cancelled" in cancelled.stdout
    again = jobs(server, tmp_path, "cancel", job)
    assert again.code == 1 and f"Job {job} has already cancelled." in again.stderr


def test_show_wait_follows_the_job_to_its_end(server: FakeOpenAI, tmp_path: Path) -> None:
    job = started_job(server, tmp_path, "--suffix", "calc")
    run = jobs(server, tmp_path, "show", job, "--wait")
    assert run.code == 0, run.stderr
    assert "Fine-tuning job started" in run.stdout and "status: succeeded" in run.stdout
    assert f"fine-tuned model: ft:{MODEL}:org-test:calc:abc123" in run.stdout


def test_an_unknown_job_is_the_providers_message(server: FakeOpenAI, tmp_path: Path) -> None:
    run = jobs(server, tmp_path, "show", "ftjob-nope")
    assert run.code == 1 and "Could not find fine-tune: ftjob-nope" in run.stderr


def test_metrics_summarise_the_result_file(server: FakeOpenAI, tmp_path: Path) -> None:
    job = started_job(server, tmp_path, "--wait")
    early = jobs(server, tmp_path, "metrics", started_job(server, tmp_path))
    assert early.code == 1 and "no result file yet" in early.stderr
    run = jobs(server, tmp_path, "metrics", job)
    assert run.code == 0, run.stderr
    # RESULT_CSV: train_loss 2.5, 1.5, 0.75; valid_loss measured at steps 1 and 3 only.
    assert "steps: 3" in run.stdout
    assert "train_loss: first 2.5000, last 0.7500, lowest 0.7500" in run.stdout
    assert "valid_loss: first 2.6000, last 0.9000, lowest 0.9000" in run.stdout
    assert "train_accuracy: first 0.4000, last 0.8000, highest 0.8000" in run.stdout


def test_plot_draws_loss_and_accuracy(server: FakeOpenAI, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="--plot draws with matplotlib (in the test extra)")
    from PIL import Image

    job = started_job(server, tmp_path, "--wait")
    run = jobs(server, tmp_path, "metrics", job, "--plot", "loss.png")
    assert run.code == 0, run.stderr
    with Image.open(tmp_path / "loss.png") as image:
        assert image.format == "PNG" and image.size == (800, 600)
        counts = {colour: n for n, colour in image.convert("RGB").getcolors(maxcolors=1 << 20) or []}
    # The series are drawn in matplotlib's first two line colours (C0 blue, C1 orange): axes, ticks and
    # labels alone have neither, so an empty plot fails here.
    assert counts.get((31, 119, 180), 0) > 100 and counts.get((255, 127, 14), 0) > 100, sorted(counts.items())[:5]


def test_plot_without_matplotlib_says_how_to_get_it(server: FakeOpenAI, tmp_path: Path) -> None:
    # matplotlib hidden from this process (a None entry in sys.modules makes find_spec answer None).
    probe = ("import sys\nsys.modules['matplotlib'] = None\nfrom ftlint.launch import main\n"
             f"sys.argv = ['ftlint', 'jobs', 'metrics', 'ftjob-0001', '--plot', 'loss.png', '--base-url', "
             f"{server.url!r}]\nmain()\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "OPENAI_API_KEY": KEY})
    assert done.returncode == 2 and "pip install matplotlib" in done.stderr
    assert server.state.requests == []  # said before anything is downloaded


def test_upload_reuses_an_identical_file(server: FakeOpenAI, tmp_path: Path) -> None:
    chat_file(tmp_path)
    first = ftlint("upload", "train.jsonl", "--base-url", server.url, cwd=tmp_path)
    assert first.code == 0, first.stderr
    file_id = first.stdout.split()[0]
    second = ftlint("upload", "train.jsonl", "--base-url", server.url, cwd=tmp_path)
    assert second.stdout.split()[0] == file_id and "reused" in second.stdout
    assert server.state.file_uploads == 1
    # Deleted on the server since: uploaded again.
    del server.state.files[file_id]
    third = ftlint("upload", "train.jsonl", "--base-url", server.url, cwd=tmp_path)
    assert third.code == 0 and third.stdout.split()[0] != file_id and server.state.file_uploads == 2


def test_a_large_file_goes_through_the_uploads_api_in_parts(server: FakeOpenAI, tmp_path: Path) -> None:
    path = chat_file(tmp_path, count=20)
    size = path.stat().st_size
    run = ftlint("upload", "train.jsonl", "--base-url", server.url, cwd=tmp_path,
                 env={"FTLINT_OPENAI_UPLOADS_ABOVE": "100", "FTLINT_OPENAI_PART_BYTES": str(size // 3 + 1)})
    assert run.code == 0, run.stderr
    file_id = run.stdout.split()[0]
    posted = [path for method, path in server.state.requests if method == "POST"]
    assert "/v1/files" not in posted and posted[0] == "/v1/uploads"
    assert sum(p.endswith("/parts") for p in posted) == 3 and posted[-1].endswith("/complete")
    assert server.state.contents[file_id] == path.read_bytes()
    assert server.state.files[file_id]["filename"] == "train.jsonl"


def test_upload_refuses_what_openai_does_not_take(server: FakeOpenAI, tmp_path: Path) -> None:
    (tmp_path / "data.json").write_text("[]")
    run = ftlint("upload", "data.json", "--base-url", server.url, cwd=tmp_path)
    assert run.code == 2 and ".jsonl" in run.stderr and server.state.requests == []


def test_the_local_backend_keeps_no_jobs(tmp_path: Path) -> None:
    run = ftlint("jobs", "list", "--backend", "local", cwd=tmp_path)
    assert run.code == 2 and "keeps no jobs" in run.stderr and "Traceback" not in run.stderr
