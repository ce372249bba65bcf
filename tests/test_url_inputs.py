"""Inputs by URL (`file://` here; `s3://` against a local S3 server in test_ray_engine.py): read where they
are with the findings of the same files on disk; what would write beside a URL says where to write instead."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli

pytest.importorskip("fsspec", reason="URLs are read with fsspec (the `s3` extra brings it)")


def files(folder: Path) -> Path:
    data = folder / "data"
    data.mkdir()
    rows = [{"messages": [{"role": "user", "content": f"Q{i}"}, {"role": "assistant", "content": f"A{i}"}]}
            for i in range(12)]
    (data / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows) + '{"messages": [\n')
    (data / "b.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows[:3]))
    (data / "notes.txt").write_text("not a dataset")
    return data


def findings(out: str, prefix: str) -> list[tuple[str, int, str]]:
    return [(f["path"].removeprefix(prefix), f["line"], f["code"]) for f in json.loads(out)["findings"]]


def test_a_folder_by_url_is_its_datasets_with_the_same_findings(tmp_path: Path) -> None:
    data = files(tmp_path)
    by_url = run_cli("check", f"file://{data}/", "--output-format", "json", cwd=tmp_path)
    on_disk = run_cli("check", str(data / "a.jsonl"), str(data / "b.jsonl"), "--output-format", "json",
                      "--no-cache", cwd=tmp_path)
    assert by_url.code == on_disk.code == 1, by_url.stderr
    assert findings(by_url.stdout, f"file://{data}/") == findings(on_disk.stdout, f"{data}/")
    assert any(code == "DQ001" for _, _, code in findings(by_url.stdout, ""))  # across the two objects
    assert "notes.txt" not in by_url.stdout


def test_writing_commands_never_write_beside_a_url(tmp_path: Path) -> None:
    data = files(tmp_path)
    url = f"file://{data}/a.jsonl"
    for args, says in ((("fix", url), "ftlint fix rewrites local files"),
                       (("convert", url, "--profile", "trl"), "name where the converted records go with -o"),
                       (("split", url), "name the local folder the splits go to with -o")):
        done = run_cli(*args, cwd=tmp_path)
        assert done.code == 2 and says in done.stderr, done.stderr
    assert sorted(p.name for p in data.iterdir()) == ["a.jsonl", "b.jsonl", "notes.txt"]
    done = run_cli("split", url, "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert done.code in (0, 1), done.stderr
    # The broken last line goes to the rejects file beside the splits, never beside the URL.
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.rejects.jsonl", "a.train.jsonl", "a.valid.jsonl"]


def test_nothing_at_a_url_is_a_usage_error(tmp_path: Path) -> None:
    done = run_cli("check", f"file://{tmp_path}/nothing.jsonl", cwd=tmp_path)
    assert done.code == 2 and "no such object" in done.stderr and "Traceback" not in done.stderr
