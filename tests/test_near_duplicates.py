"""DQ012 near duplicates: the sketch estimates shingle similarity, groups join transitively, and the
polars path of a large table finds the same groups as the Python path of a small one."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from ftlint.core.engine import features
from ftlint.rules.quality._near_groups import similar_groups
from ftlint.rules.quality._sketch import signature
from tests.conftest import check_paths

WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu",
         "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega"]


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = text.split()
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def test_the_sketch_estimates_shingle_similarity() -> None:
    rng = random.Random(7)
    for changed in (0, 5, 20, 60, 150):
        words = [rng.choice(WORDS) for _ in range(300)]
        other = list(words)
        for index in rng.sample(range(300), changed):
            other[index] = "changed"
        a, b = " ".join(words), " ".join(other)
        exact = len(_shingles(a) & _shingles(b)) / len(_shingles(a) | _shingles(b))
        estimate = sum(x == y for x, y in zip(signature(a) or [], signature(b) or [], strict=True)) / 64
        assert estimate == pytest.approx(exact, abs=0.15), changed


def test_groups_join_through_shared_keys_when_their_sketches_agree() -> None:
    alike, other = [7] * 16, [0x1111_2222_3333_4444] * 16  # 16 words of four 16-bit bins
    values = {0: [1, 2, *alike], 3: [2, 9, *alike], 5: [9, 9, *alike],  # 0-3 by key 2, 3-5 by key 9
              7: [4, 4, *alike], 8: [4, 4, *alike],
              11: [1, 1, *other]}  # shares key 1 with row 0, but its bins all differ: not joined
    assert similar_groups(values, bands=2, threshold=0.77) == [[0, 3, 5], [7, 8]]


def _write(path: Path, records: list[dict[str, object]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def test_the_same_groups_from_python_and_polars_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(3)
    records = []
    for index in range(300):
        text = " ".join(rng.choice(WORDS) for _ in range(40))
        records.append({"messages": [{"role": "user", "content": f"Question {index}: {text}"},
                                     {"role": "assistant", "content": text[::-1]}]})
    for source, copy in ((10, 150), (20, 250), (20, 290)):  # reworded copies; 20 has two
        reworded = json.loads(json.dumps(records[source]))
        reworded["messages"][0]["content"] = records[source]["messages"][0]["content"].upper() + "!!"
        records[copy] = reworded
    train, valid = tmp_path / "train.jsonl", tmp_path / "valid.jsonl"
    _write(train, records[:200])
    _write(valid, records[200:])
    small = check_paths([train, valid], select=["DQ012"])
    monkeypatch.setattr(features, "PYTHON_ROWS", 50)  # past 50 rows the table lives in polars
    large = check_paths([train, valid], select=["DQ012"])
    assert [(f.path, f.line, f.message) for f in small.findings] == [(f.path, f.line, f.message)
                                                                      for f in large.findings]
    groups = {(f.line, tuple((r.path, r.line) for r in f.related)) for f in small.findings}
    assert groups == {(11, ((str(train), 151),)), (21, ((str(valid), 51), (str(valid), 91)))}
