"""The result cache: a second check of unchanged files reads their results instead of their records, says
exactly what the first said, and never answers for bytes or settings it was not written for."""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from pathlib import Path

import orjson
import pytest

from ftlint.core.engine import cache as cache_module
from ftlint.core.engine import driver, features
from ftlint.core.engine.cache import ResultCache
from ftlint.core.engine.cache_codec import UndecodableEntry, decode_finding, encode_finding
from ftlint.core.engine.driver import CheckResult
from ftlint.core.findings import Finding, Severity
from ftlint.core.sources import resolve_inputs
from tests.conftest import run_cli, session_for


def _chat(user: str, answer: str = "fine", role: str = "assistant") -> str:
    return json.dumps({"messages": [{"role": "user", "content": user}, {"role": role, "content": answer}]})


def _project(tmp_path: Path) -> Path:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "ftlint.toml").write_text("")
    bad = [_chat("who?", role="human"), _chat("mail me: maria.lopez1987@gmail.com")]
    (tmp_path / "train.jsonl").write_text("\n".join([_chat(f"q{n}") for n in range(12)] + bad) + "\n")
    (tmp_path / "valid.jsonl").write_text("\n".join([_chat(f"v{n}") for n in range(10)] + [_chat("q3")]) + "\n")
    return tmp_path


def _entries(folder: Path) -> list[Path]:
    """The files' entries (not the dataset findings of a list of files)."""
    return sorted(p for p in folder.glob(".ftlint_cache/*/*.json") if not p.name.startswith("dataset."))


def _file_entries(cache: Path) -> list[Path]:
    return [p for p in cache.glob("*/*.json") if not p.name.startswith("dataset.")]


def test_a_second_check_reads_the_cache_and_says_the_same(tmp_path: Path) -> None:
    project = _project(tmp_path)
    first = run_cli("check", ".", "--output-format", "json", cwd=project)
    assert first.code == 1
    cache = project / ".ftlint_cache"
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
    assert len(_entries(project)) == 2
    second = run_cli("check", ".", "--output-format", "json", cwd=project)
    assert (second.code, second.stdout) == (first.code, first.stdout)
    codes = {f["code"] for f in json.loads(first.stdout)["findings"]}
    # Record rules (CH001, PI001) and a dataset rule across the two files (train/valid leak) are all there.
    assert {"CH001", "PI001", "DQ004"} <= codes, codes
    # The second run took the findings from the entries: one edited there shows.
    for entry in _entries(project):
        data = orjson.loads(entry.read_bytes())
        for finding in data["findings"]:
            finding[6] = "from the cache"
        entry.write_bytes(orjson.dumps(data))
    third = run_cli("check", ".", "--output-format", "json", "--select", "CH,PI", cwd=project)
    assert "from the cache" not in third.stdout  # another selection is another key
    fourth = run_cli("check", ".", "--output-format", "json", cwd=project)
    record_findings = [f for f in json.loads(fourth.stdout)["findings"] if f["code"] in {"CH001", "PI001"}]
    assert record_findings and all(f["message"] == "from the cache" for f in record_findings)
    assert run_cli("check", ".", "--no-cache", "--output-format", "json", cwd=project).stdout == first.stdout


def test_a_changed_file_is_checked_again_and_dataset_rules_see_cached_files(tmp_path: Path) -> None:
    project = _project(tmp_path)
    run_cli("check", ".", cwd=project)
    with (project / "valid.jsonl").open("a") as valid:
        valid.write(_chat("q7") + "\n" + _chat("robot", role="robot") + "\n")
    fresh = run_cli("check", ".", "--output-format", "json", "--no-cache", cwd=project)
    cached = run_cli("check", ".", "--output-format", "json", cwd=project)
    assert cached.stdout == fresh.stdout
    found = json.loads(cached.stdout)["findings"]
    # The new leak names the copy in train.jsonl (cached): the dataset rule saw both files.
    assert [f["line"] for f in found if f["code"] == "DQ004" and f["path"] == "valid.jsonl"] == [11, 12]
    assert any(f["code"] == "CH001" and f["path"] == "valid.jsonl" for f in found)


def test_settings_are_part_of_the_key(tmp_path: Path) -> None:
    project = _project(tmp_path)
    run_cli("check", ".", cwd=project)
    (project / "ftlint.toml").write_text('[severity]\nCH001 = "warning"\n')
    run = run_cli("check", ".", "--output-format", "json", cwd=project)
    assert {f["severity"] for f in json.loads(run.stdout)["findings"] if f["code"] == "CH001"} == {"warning"}
    ignored = run_cli("check", ".", "--ignore", "PI", "--output-format", "json", cwd=project)
    assert not any(f["code"].startswith("PI") for f in json.loads(ignored.stdout)["findings"])


def test_a_broken_entry_is_a_miss(tmp_path: Path) -> None:
    project = _project(tmp_path)
    first = run_cli("check", ".", cwd=project)
    for entry in _entries(project):
        entry.write_bytes(b'{"format_version": 1, "key": ')
    again = run_cli("check", ".", cwd=project)
    assert (again.code, again.stdout, again.stderr) == (first.code, first.stdout, first.stderr)
    # ... and is rewritten whole.
    assert all(orjson.loads(entry.read_bytes())["records"] > 10 for entry in _entries(project))


def test_where_the_cache_goes(tmp_path: Path) -> None:
    data = tmp_path / "data.jsonl"
    data.write_text(_chat("hello") + "\n")
    assert run_cli("check", str(data), cwd=tmp_path).code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.jsonl"]  # no config: nothing written
    elsewhere = tmp_path / "cache"
    assert run_cli("check", str(data), "--cache-dir", str(elsewhere), cwd=tmp_path).code == 0
    assert (elsewhere / "CACHEDIR.TAG").is_file() and len(_file_entries(elsewhere)) == 1
    project = _project(tmp_path / "project")
    assert run_cli("check", ".", "--no-cache", cwd=project).code == 1
    assert not (project / ".ftlint_cache").exists()
    assert run_cli("check", ".", cwd=project, env={"FTLINT_NO_CACHE": "1"}).code == 1
    assert not (project / ".ftlint_cache").exists()


def _check(paths: list[Path], cache: Path | None, **settings: object) -> CheckResult:
    session = session_for("openai", **settings)
    session = replace(session, cache=ResultCache(cache)) if cache else session
    with tempfile.TemporaryDirectory() as scratch:
        return session.check(resolve_inputs([str(p) for p in paths], Path(scratch)))


def _reads_nothing(inputs: list[object], *args: object) -> list[object]:
    assert inputs == [], "a file was read though its results are in the cache"
    return []


@pytest.mark.parametrize("python_rows", [features.PYTHON_ROWS, 3])
def test_feature_rows_come_back_as_they_were(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             python_rows: int) -> None:
    """Small tables keep Python columns, large ones polars frames (kept as Arrow): either way the dataset
    rules see the same table, and a JSON array file is folded in its place among the inputs."""
    monkeypatch.setattr(features, "PYTHON_ROWS", python_rows)
    first = tmp_path / "a.jsonl"
    first.write_text("\n".join(_chat(f"q{n % 4}", f"a{n % 4}") for n in range(9)) + "\n")
    array = tmp_path / "b.json"
    array.write_text(json.dumps([json.loads(_chat("q1", "a1")), json.loads(_chat("new"))]))
    last = tmp_path / "c.jsonl"
    last.write_text(_chat("q2", "a2") + "\n" + _chat("other") + "\n")
    paths = [first, array, last]
    expected = _check(paths, None)
    assert {f.code for f in expected.findings} >= {"DQ001", "FL008"}
    for attempt in range(2):  # the first run writes the entries, the second reads them
        if attempt == 1:  # ... and reads no file at all
            monkeypatch.setattr(driver, "prepare_inputs", _reads_nothing)
        got = _check(paths, tmp_path / "cache")
        assert [(f.path, f.line, f.code, f.message, f.related) for f in got.findings] == \
            [(f.path, f.line, f.code, f.message, f.related) for f in expected.findings]
        assert [(f.path, f.records, f.format) for f in got.files] == [(f.path, f.records, f.format)
                                                                      for f in expected.files]
    suffix = ".arrow" if python_rows == 3 else ".rows"
    assert any(p.suffix == suffix for p in (tmp_path / "cache").glob("*/*"))
    # One file changed: it is read again, the others' rows come from the cache for the dataset rules.
    monkeypatch.undo()
    monkeypatch.setattr(features, "PYTHON_ROWS", python_rows)
    last.write_text(_chat("q3", "a3") + "\n" + _chat("q1", "a1") + "\n")
    expected = _check(paths, None)
    got = _check(paths, tmp_path / "cache")
    assert [(f.path, f.line, f.code, f.message) for f in got.findings] == \
        [(f.path, f.line, f.code, f.message) for f in expected.findings]
    assert (str(last), 2, "DQ001") in {(f.path, f.line, f.code) for f in got.findings}


def test_an_unchanged_run_reads_no_feature_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file and the list of files as last checked: the dataset findings come from the cache too."""
    project = _project(tmp_path)
    paths = [project / "train.jsonl", project / "valid.jsonl"]
    first = _check(paths, tmp_path / "cache")
    monkeypatch.setattr(cache_module.RunCache, "_read_features", _no_rows)
    again = _check(paths, tmp_path / "cache")
    assert [(f.path, f.line, f.code, f.message) for f in again.findings] == \
        [(f.path, f.line, f.code, f.message) for f in first.findings]
    assert any(f.code == "DQ004" for f in again.findings)
    # In another order the dataset findings are computed again, from the cached rows.
    monkeypatch.undo()
    reordered = _check(paths[::-1], tmp_path / "cache")
    fresh = _check(paths[::-1], None)
    assert [(f.path, f.line, f.code, f.message) for f in reordered.findings] == \
        [(f.path, f.line, f.code, f.message) for f in fresh.findings]


def _no_rows(*args: object) -> None:
    raise AssertionError("feature rows were read though the dataset findings are cached")


def test_a_file_keeps_a_few_entries_and_one_feature_file_each(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(features, "PYTHON_ROWS", 3)  # feature rows kept as Arrow beside the entry
    data = tmp_path / "a.jsonl"
    cache = tmp_path / "cache"
    for n in range(7):  # new bytes each time: the entry's feature file is replaced
        data.write_text("\n".join(_chat(f"q{i + n}") for i in range(6)) + "\n")
        _check([data], cache)
    assert len(_file_entries(cache)) == 1 and len(list(cache.glob("*/*.arrow"))) == 1
    for code in ("CH", "DQ", "FL", "SC", "TK", "PI"):  # six settings: the newest four stay
        _check([data], cache, ignore=[code])
    assert len(_file_entries(cache)) == 4 and len(list(cache.glob("*/*.arrow"))) == 4


def test_a_findings_column_comes_back_from_the_cache(tmp_path: Path) -> None:
    finding = Finding("a.jsonl", 2, "", "FL005", "invalid-json", Severity.ERROR, "invalid JSON at column 7", column=7)
    encoded = encode_finding(finding)
    assert decode_finding(orjson.loads(orjson.dumps(encoded))).column == 7
    # An entry written before findings had a column has one value fewer: not decoded (then a miss).
    with pytest.raises(UndecodableEntry):
        decode_finding(encoded[:-1])
    project = _project(tmp_path)
    bad = '{"messages": [{"role": "user", "content": "x"},]}'
    (project / "broken.jsonl").write_text(_chat("hello") + "\n" + bad + "\n")
    column = bad.index(",]") + 1
    first = run_cli("check", ".", "--output-format", "json", cwd=project)
    second = run_cli("check", ".", "--output-format", "json", cwd=project)
    assert second.stdout == first.stdout
    [invalid] = [f for f in json.loads(second.stdout)["findings"] if f["code"] == "FL005"]
    assert (invalid["path"], invalid["line"], invalid["column"]) == ("broken.jsonl", 2, column)
    # Entries of this version but findings of the old shape: a miss, so the file is checked again, not
    # reported from the entry without its column.
    for entry in _entries(project):
        data = orjson.loads(entry.read_bytes())
        data["findings"] = [f[:-1] for f in data["findings"]]
        entry.write_bytes(orjson.dumps(data))
    third = run_cli("check", ".", "--output-format", "json", cwd=project)
    assert third.stdout == first.stdout
