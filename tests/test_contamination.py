"""Evaluation contamination (DQ014, DQ015): the shipped index is what its source packages give, it is read
only when the rule runs, and `--eval FILE` reads a user's evaluation set or stops with a clear error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ftlint._dev import benchmark_index as builder
from ftlint.rules.quality import _benchmark_index as shipped
from ftlint.rules.quality._contamination import OverlapIndex, gram_hashes, index_of, sentence_keys
from tests.conftest import check_paths, run_cli

HUMANEVAL_0 = ('from typing import List\n\n\ndef has_close_elements(numbers: List[float], threshold: float) -> bool:\n'
               '    """ Check if in given list of numbers, are any two numbers closer to each other than\n'
               '    given threshold.\n    >>> has_close_elements([1.0, 2.0, 3.0], 0.5)\n    False\n'
               '    >>> has_close_elements([1.0, 2.8, 3.0, 4.0, 5.0, 2.0], 0.3)\n    True\n    """\n')
QUESTION = ("Josh decides to try flipping a house. He buys a house for $80,000 and then puts in $50,000 in repairs. "
            "This increased the value of the house by 150%. How much profit did he make?")


def _chat(user: str, answer: str = "Done.") -> str:
    return json.dumps({"messages": [{"role": "user", "content": user}, {"role": "assistant", "content": answer}]})


def test_the_shipped_index_is_what_its_source_packages_give() -> None:
    try:
        fresh = builder.build()
    except builder.SourceMissing as exc:
        pytest.skip(f"{exc} (the test extra installs the pinned source packages)")
    assert (Path(shipped.__file__).parent / "data" / shipped.INDEX_FILE).read_bytes() == fresh


def test_the_index_holds_hashes_of_every_item_and_no_text() -> None:
    blob = (Path(shipped.__file__).parent / "data" / shipped.INDEX_FILE).read_bytes()
    header, _ = shipped.read_header(blob)
    counts = {b["name"]: len(b["items"]) for b in header["benchmarks"]}
    assert counts == {"HumanEval": 164, "IFEval": 541, "IFBench": 300, "Arena-Hard-v2.0": 750, "AlpacaEval": 805}
    assert header["benchmarks"][0]["items"][0] == "HumanEval/0"
    assert len(blob) < 2_000_000
    for phrase in (b"has_close_elements", b"closer to each other", b"Broadway", b"wikipedia"):
        assert phrase not in blob
    index, owners = shipped.shipped_index(8, ("HumanEval",))
    assert len(index.labels) == 164 and set(owners) == {"HumanEval"}
    assert index.matches(HUMANEVAL_0, 8, 0.5, 3)[0].share == 1.0


def test_the_index_is_read_only_when_the_rule_runs(tmp_path: Path) -> None:
    data = tmp_path / "train.jsonl"
    data.write_text(_chat("Complete this:\n" + HUMANEVAL_0) + "\n", encoding="utf-8")
    shipped._blob.cache_clear()
    shipped.shipped_index.cache_clear()
    before = shipped.load_count()
    ignored = check_paths([data], profile="neutral", ignore=["DQ014"])
    assert shipped.load_count() == before and not [f for f in ignored.findings if f.code == "DQ014"]
    checked = check_paths([data], profile="neutral")
    assert shipped.load_count() == before + 1
    assert [f.code for f in checked.findings if f.code.startswith("DQ01")] == ["DQ014"]


def test_common_n_grams_and_sentences_count_for_no_item() -> None:
    shared = "Your entire response should be in English, and in all lowercase letters."
    texts = [f"Write a poem about {topic} with exactly four stanzas and a title. {shared}"
             for topic in ("the sea", "a mountain", "the city at night")]
    index = index_of(["a", "b", "c"], texts, 8)
    assert not set(sentence_keys(shared)) & index.sentences
    assert not index.screen(f"Tell me a joke. {shared}")
    assert index.matches(f"Tell me a joke. {shared}", 8, 0.1, 1) == []
    assert [m.item for m in index.matches(texts[1], 8, 0.5, 3)] == [1]


def test_normalisation_ignores_case_spacing_and_punctuation() -> None:
    assert gram_hashes("Janet\u2019s ducks lay 16 eggs per day, she says!", 4) == \
        gram_hashes("janet's  ducks lay 16 eggs per day she says", 4)
    assert sentence_keys("He buys a house for $80,000 today.") == sentence_keys("he buys a HOUSE for 80000 today")
    assert isinstance(OverlapIndex.from_hashes([], [], []), OverlapIndex)


def test_eval_reports_the_item_by_file_and_line_in_json(tmp_path: Path) -> None:
    (tmp_path / "evals.jsonl").write_text(json.dumps({"question": "What is 2 + 2?", "answer": "4"}) + "\n"
                                          + json.dumps({"question": QUESTION, "answer": "#### 70000"}) + "\n")
    (tmp_path / "train.jsonl").write_text(_chat(QUESTION, "$70,000") + "\n"
                                          + _chat("He buys a house for $80,000. Is that a good price in Ohio?") + "\n")
    run = run_cli("check", "train.jsonl", "--eval", "evals.jsonl", "--select", "DQ015", "--output-format", "json",
                  "--no-cache", cwd=tmp_path)
    assert run.code == 0, run.stderr
    [finding] = json.loads(run.stdout)["findings"]
    assert (finding["code"], finding["line"]) == ("DQ015", 1)
    assert "evaluation item evals.jsonl:2" in finding["message"]
    assert finding["related"][0]["path"] == "evals.jsonl" and finding["related"][0]["line"] == 2


def test_eval_files_from_the_config_are_relative_to_it(tmp_path: Path) -> None:
    (tmp_path / "evals").mkdir()
    (tmp_path / "evals" / "mine.csv").write_text(f'question,answer\n"{QUESTION}",70000\n', encoding="utf-8")
    (tmp_path / "ftlint.toml").write_text('eval-files = ["evals/mine.csv"]\n', encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "train.jsonl").write_text(_chat(QUESTION) + "\n", encoding="utf-8")
    run = run_cli("check", "train.jsonl", "--select", "DQ015", "--no-cache", cwd=tmp_path / "data")
    # Named from where the run is; line n of a table is its data row n, as in every finding on a table.
    assert "DQ015" in run.stdout and "item ../evals/mine.csv:1:" in run.stdout, run.stdout + run.stderr


@pytest.mark.parametrize(("content", "said"), [
    (None, "eval file missing.jsonl: no such file"),
    (b"\x00\x01\x02binary\xff\xfe", "eval file bad.jsonl is not text"),
    (b"not json at all\n[1, 2]\n", "eval file bad.jsonl holds no record with text to compare with"),
])
def test_an_unusable_eval_file_is_a_clear_error(tmp_path: Path, content: bytes | None, said: str) -> None:
    (tmp_path / "train.jsonl").write_text(_chat(QUESTION) + "\n", encoding="utf-8")
    name = "missing.jsonl" if content is None else "bad.jsonl"
    if content is not None:
        (tmp_path / name).write_bytes(content)
    run = run_cli("check", "train.jsonl", "--eval", name, "--no-cache", cwd=tmp_path)
    assert run.code == 2
    assert said in run.stderr and "Traceback" not in run.stderr, run.stderr


def test_a_changed_eval_file_is_read_again_though_the_data_is_cached(tmp_path: Path) -> None:
    (tmp_path / "train.jsonl").write_text(_chat(QUESTION) + "\n", encoding="utf-8")
    evals = tmp_path / "evals.jsonl"
    evals.write_text(json.dumps({"question": "Name three rivers of Europe that flow into the Black Sea."}) + "\n")
    args = ("check", "train.jsonl", "--eval", "evals.jsonl", "--select", "DQ015", "--cache-dir", "cache")
    assert "DQ015" not in run_cli(*args, cwd=tmp_path).stdout
    evals.write_text(json.dumps({"question": QUESTION}) + "\n")
    assert "evaluation item evals.jsonl:1" in run_cli(*args, cwd=tmp_path).stdout
