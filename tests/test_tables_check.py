"""`ftlint check` on tables: each data row checked as a record, findings at line = row, errors as FL012."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import polars as pl
import pytest

from ftlint.core.sources import InputError, resolve_inputs
from tests.conftest import check_paths, run_cli, write_table

GOOD = [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello."}]
BAD = [{"role": "human", "content": "Hi"}, {"role": "assistant", "content": "Hello."}]


def _messages(count: int, bad_rows: set[int]) -> list[list[dict[str, str]]]:
    return [[{**m, "content": f"{m['content']} {row}"} for m in (BAD if row in bad_rows else GOOD)]
            for row in range(1, count + 1)]


def _write(kind: str, path: Path, rows: list[list[dict[str, str]]]) -> None:
    if kind == "parquet":  # nested columns: the records as they are
        pl.DataFrame({"messages": rows}).write_parquet(path)
    else:
        write_table(pl.DataFrame({"messages": [json.dumps(r) for r in rows]}), path, kind)


@pytest.mark.parametrize("kind", ["csv", "tsv", "parquet", "xlsx"])
def test_findings_in_a_table_are_at_its_rows(kind: str, tmp_path: Path) -> None:
    path = tmp_path / f"train.{kind}"
    _write(kind, path, _messages(12, {4, 11}))
    result = check_paths([path])
    assert [(f.code, f.line) for f in result.findings if f.code == "CH001"] == [("CH001", 4), ("CH001", 11)]
    assert [(f.code, f.line) for f in result.findings if f.code.startswith("FL")] == [("FL014", 1)]
    assert result.files[0].records == 12 and result.files[0].format == "chat"


def test_a_table_and_its_jsonl_twin_get_the_same_record_findings(tmp_path: Path) -> None:
    rows = _messages(15, {2, 9})
    table, jsonl = tmp_path / "a.parquet", tmp_path / "a.jsonl"
    _write("parquet", table, rows)
    jsonl.write_text("".join(json.dumps({"messages": r}) + "\n" for r in rows))
    table_findings = {(f.code, f.line, f.pointer) for f in check_paths([table]).findings if f.code != "FL014"}
    assert table_findings == {(f.code, f.line, f.pointer) for f in check_paths([jsonl]).findings}


def test_a_compressed_csv_is_read(tmp_path: Path) -> None:
    plain = tmp_path / "p.csv"
    _write("csv", plain, _messages(10, {3}))
    path = tmp_path / "train.csv.gz"
    path.write_bytes(gzip.compress(plain.read_bytes()))
    codes = {(f.code, f.line) for f in check_paths([path]).findings}
    assert {("FL011", 1), ("FL014", 1), ("CH001", 3)} <= codes


def test_a_ragged_csv_is_reported_with_its_row_through_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "train.csv"
    path.write_text("prompt,completion\nCapital of France? ->, Paris\nCapital of Italy, please? ->, Rome\n")
    run = run_cli("check", str(path))
    assert "Traceback" not in run.stderr and run.code == 1
    assert (f"{path}:1: FL012 error: file holds a CSV table that cannot be read: row 2 (line 3): 3 fields where the "
            "header has 2") in run.stdout


def test_a_damaged_workbook_is_fl012(tmp_path: Path) -> None:
    path = tmp_path / "train.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    [finding] = check_paths([path]).findings
    assert finding.code == "FL012"
    assert finding.message.startswith("file holds an XLSX table that cannot be read: is not an XLSX workbook")


def test_a_zip_that_is_not_named_xlsx_is_still_an_unsupported_archive(tmp_path: Path) -> None:
    path = tmp_path / "data.zip"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    [finding] = check_paths([path]).findings
    assert finding.code == "FL012" and "zip archive" in finding.message


def test_tables_are_not_rewritten_by_fix(tmp_path: Path) -> None:
    path = tmp_path / "train.csv"
    _write("csv", path, [*_messages(10, set()), [{"role": "User", "content": "x"}, *GOOD[1:]]])
    before = path.read_bytes()
    run = run_cli("fix", "--unsafe-fixes", str(path))
    assert path.read_bytes() == before
    assert "CSV files are not fixed in place; write it as JSONL with `ftlint convert` first" in run.stderr


def test_a_directory_search_leaves_tables_alone(tmp_path: Path) -> None:
    _write("csv", tmp_path / "results.csv", _messages(2, set()))
    (tmp_path / "train.jsonl").write_text(json.dumps({"messages": GOOD}) + "\n")
    assert [i.path.name for i in resolve_inputs([str(tmp_path)], tmp_path)] == ["train.jsonl"]
    (tmp_path / "train.jsonl").unlink()
    with pytest.raises(InputError, match=r"no \.jsonl files to check; tables are checked when named"):
        resolve_inputs([str(tmp_path)], tmp_path)
    assert [i.path.name for i in resolve_inputs([str(tmp_path / "*.csv")], tmp_path)] == ["results.csv"]


def test_the_jsonl_copy_of_a_table_is_bounded_like_any_scratch_copy(tmp_path: Path) -> None:
    (tmp_path / "big.csv").write_bytes(b"text\n" + b"x\n" * 1_000_000)  # 2 MB of CSV, 13 MB as JSONL
    run = run_cli("check", str(tmp_path / "big.csv"), env={"FTLINT_MAX_SCRATCH_BYTES": "4M"})
    assert run.code == 2 and "big.csv (as JSONL): stopped after copying" in run.stderr, run.stderr
