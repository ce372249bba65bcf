"""The split over the engine's feature table, on real files: the written splits partition the input
byte for byte, DQ004 finds no leak between them, the same on any number of workers."""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from ftlint.core.engine.driver import check_inputs
from ftlint.core.engine.features import FeatureTable
from ftlint.core.engine.pack import RulePack
from ftlint.core.sources import resolve_inputs
from ftlint.split.assignment import SPLIT_NAMES, TRAIN, VALID
from ftlint.split.plan import SplitPlan, SplitResult, split_table
from tests.conftest import check_paths

REALDATA = Path("/work/shared/realdata")
pytestmark = pytest.mark.skipif(not REALDATA.is_dir(), reason="the real data sets are not on this machine")


def table_of(paths: list[Path], plan: SplitPlan, **engine: int) -> FeatureTable:
    with tempfile.TemporaryDirectory() as scratch:
        inputs = resolve_inputs([str(p) for p in paths], Path(scratch))
        table = check_inputs(inputs, RulePack((), extra_features=plan.features()), **{"jobs": 1, **engine}).table
    assert table is not None
    return table


def write_splits(path: Path, result: SplitResult, out: Path) -> dict[str, Path]:
    """NAME.train.jsonl, NAME.valid.jsonl (and NAME.test.jsonl): each record line, as it was, in one."""
    lines = path.read_bytes().splitlines(keepends=True)
    chosen = dict(zip(result.rows.get_column("line").to_list(), result.rows.get_column("split").to_list(),
                      strict=True))
    # A neutral name: DQ004 tells validation files by name (`*val.*` would match `dpo_val.train.jsonl`).
    files = {split: out / f"data.{split}.jsonl" for split in SPLIT_NAMES}
    contents: dict[str, list[bytes]] = {split: [] for split in SPLIT_NAMES}
    for number, raw in enumerate(lines, start=1):
        if number in chosen:
            contents[SPLIT_NAMES[chosen[number]]].append(raw if raw.endswith(b"\n") else raw + b"\n")
    for split, content in contents.items():
        files[split].write_bytes(b"".join(content))
    return files


FILES = ["semaphore__data1_prompt_completion.jsonl", "semaphore__data2_paraphrased.jsonl",
         "azure__distilling_sarcasm_qa.jsonl", "mlteam__toy_chat_fine_tuning_dups.jsonl",
         "together_cookbook__rewardbench2_dpo_val.jsonl"]


@pytest.mark.parametrize("name", FILES)
def test_dq004_finds_no_leak_between_the_splits(name: str, tmp_path: Path) -> None:
    source = REALDATA / name
    plan = SplitPlan(valid=0.2, seed=7)
    result = split_table(table_of([source], plan), plan)
    files = write_splits(source, result, tmp_path)
    # Every record line is in exactly one output, byte for byte.
    records = [raw for number, raw in enumerate(source.read_bytes().splitlines(), start=1)
               if number in set(result.rows.get_column("line").to_list())]
    written = [raw for split in SPLIT_NAMES for raw in files[split].read_bytes().splitlines()]
    assert Counter(written) == Counter(records)
    assert result.summary.sizes["valid"] > 0
    found = check_paths([files["train"], files["valid"]], profile="openai", select=["DQ004"])
    assert [f for f in found.findings if f.code == "DQ004"] == []


def test_with_near_dq004_finds_no_near_leak_either(tmp_path: Path) -> None:
    source = REALDATA / "azure__distilling_sarcasm_qa.jsonl"
    plan = SplitPlan(valid=0.2, seed=3, near=True)
    result = split_table(table_of([source], plan), plan)
    assert any("near duplicate" in group.reasons for group in result.summary.largest)
    files = write_splits(source, result, tmp_path)
    found = check_paths([files["train"], files["valid"]], profile="openai", select=["DQ004"],
                        rules={"DQ004": {"near": True}})
    assert [f for f in found.findings if f.code == "DQ004"] == []


def test_a_split_that_ignores_prompts_would_leak(tmp_path: Path) -> None:
    """The check above can fail: put the two records of a same-prompt group on both sides and DQ004 reports it."""
    source = REALDATA / "semaphore__data1_prompt_completion.jsonl"
    plan = SplitPlan(valid=0.2, seed=7)
    result = split_table(table_of([source], plan), plan)
    pair = next(group for group in result.summary.largest if group.reasons == ["same prompt"])
    rows = result.rows.with_columns(result.assignment.rows.get_column("group"))
    group = rows.filter(rows.get_column("line") == pair.line).get_column("group").item()
    lines = rows.filter(rows.get_column("group") == group).get_column("line").to_list()
    assert len(lines) == 2
    split = rows.get_column("split").scatter(rows.get_column("line").to_list().index(lines[0]), VALID)
    split = split.scatter(rows.get_column("line").to_list().index(lines[1]), TRAIN)
    files = write_splits(source, SplitResult(rows.with_columns(split), result.assignment, result.summary), tmp_path)
    found = check_paths([files["train"], files["valid"]], profile="openai", select=["DQ004"])
    assert [f.line for f in found.findings if f.code == "DQ004"] == [1 + sum(
        1 for line, chosen in zip(rows.get_column("line"), split, strict=True) if chosen == VALID and line < lines[0])]


def test_the_same_split_on_any_number_of_workers() -> None:
    source = REALDATA / "semaphore__data2_paraphrased.jsonl"
    plan = SplitPlan(valid=0.15, test=0.1, seed=11, near=True)
    alone = split_table(table_of([source], plan), plan).rows
    pooled = split_table(table_of([source], plan, jobs=2, chunk_bytes=16_384, in_process_bytes=0), plan).rows
    assert alone.equals(pooled)


def test_classification_is_stratified_and_summarised(tmp_path: Path) -> None:
    classes = {" billing": 37, " bug": 23, " account": 9, " refund": 1}
    lines = []
    for label, count in classes.items():
        # A few records spell their class another way: counted in the class all the same.
        lines += [json.dumps({"prompt": f"Ticket {label} number {n}\n\n###\n\n",
                              "completion": label.upper() if n % 10 == 9 else label}) for n in range(count)]
    source = tmp_path / "tickets.jsonl"
    source.write_text("\n".join(lines) + "\n")
    plan = SplitPlan(valid=0.2, seed=1)
    result = split_table(table_of([source], plan), plan)
    summary = result.summary
    assert summary.stratified and "classification data (4 classes" in summary.stratification
    assert summary.classes is not None
    for label, count in classes.items():
        per_split = summary.classes[label]
        assert abs(per_split["valid"] - 0.2 * count) <= 0.5
        assert sum(per_split.values()) == count
    assert summary.classes[" refund"] == {"train": 1, "valid": 0, "test": 0}
    assert any("no validation record" in note and '" refund"' in note for note in summary.notes)
    data = json.loads(json.dumps(summary.to_dict()))
    assert data["sizes"]["valid"] == summary.sizes["valid"]
    assert set(data["class_shares"][" billing"]) == set(SPLIT_NAMES)
    text = summary.to_text()
    assert text.startswith(f"split {sum(classes.values())} records (seed 1, grouped by prompt): train ")
    assert '" billing"' in text
    # Off: the same file split by thresholds, no classes.
    off = SplitPlan(valid=0.2, seed=1, stratify="off")
    assert split_table(table_of([source], off), off).summary.classes is None


def test_a_named_field_stratifies_and_a_field_groups(tmp_path: Path) -> None:
    lines = [json.dumps({"messages": [{"role": "user", "content": f"q{n}"}, {"role": "assistant", "content": "a"}],
                         "meta": {"topic": n % 3, "doc": n // 4}}) for n in range(60)]
    source = tmp_path / "chat.jsonl"
    source.write_text("\n".join(lines) + "\n")
    plan = SplitPlan(valid=0.25, seed=2, by="field:/meta/doc", stratify="/meta/topic")
    result = split_table(table_of([source], plan), plan)
    assert result.summary.stratified and result.summary.stratification == "stratified by /meta/topic"
    assert result.summary.joined_groups == 15
    assert all(group.reasons == ["same /meta/doc"] for group in result.summary.largest)
    by_doc: dict[int, set[int]] = {}
    for line, split in result.rows.select("line", "split").iter_rows():
        by_doc.setdefault((line - 1) // 4, set()).add(split)
    assert all(len(splits) == 1 for splits in by_doc.values())


def test_max_valid_is_reported(tmp_path: Path) -> None:
    source = REALDATA / "azure__distilling_sarcasm_qa.jsonl"
    plan = SplitPlan(valid=0.3, seed=1, max_valid=20)
    summary = split_table(table_of([source], plan), plan).summary
    assert summary.sizes["valid"] <= 20 and summary.capped > 0
    assert f"validation capped at 20 records: {summary.capped} more went to train" in summary.to_text()
    assert summary.sizes["train"] + summary.sizes["valid"] == summary.records
