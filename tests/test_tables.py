"""Tables (CSV, TSV, Parquet, XLSX) read as JSON records: cells, row numbers, batches and errors."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ftlint.core.table_cells import decode_cell
from ftlint.core.tables import TableError, iter_batches, iter_records, table_kind, table_to_jsonl
from tests.conftest import write_table

MESSAGES = [{"role": "user", "content": "Hi, there"}, {"role": "assistant", "content": "Hello.\n\"Quoted\""}]
TOOLS = [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]


def _chat_frame() -> pl.DataFrame:
    return pl.DataFrame({
        "messages": [json.dumps(MESSAGES), json.dumps(MESSAGES[:1])],
        "tools": [json.dumps(TOOLS), None],
        "completion": ['{"answer": 42}', "[1, 2]"],
    })


@pytest.mark.parametrize("kind", ["csv", "tsv", "parquet", "xlsx"])
def test_json_text_in_structured_columns_is_decoded(kind: str, tmp_path: Path) -> None:
    path = tmp_path / f"data.{kind}"
    write_table(_chat_frame(), path, kind)
    assert list(iter_records(path, kind)) == [
        (1, {"messages": MESSAGES, "tools": TOOLS, "completion": '{"answer": 42}'}),
        (2, {"messages": MESSAGES[:1], "completion": "[1, 2]"}),  # the empty tools cell: no key
    ]


@pytest.mark.parametrize(("column", "cell", "expected"), [
    ("messages", ' [{"role": "user"}] ', [{"role": "user"}]),
    ("messages", "[not json", "[not json"),
    ("messages", '{"role": "user"}', '{"role": "user"}'),  # an object where a list is expected: text
    ("prompt", '{"a": 1}', '{"a": 1}'),  # a prompt about JSON stays text
    ("prompt", "[1, 2]", "[1, 2]"),
    ("prompt", '[{"role": "user", "content": "x"}]', [{"role": "user", "content": "x"}]),  # TRL conversational
    ("chosen", "[]", "[]"),
    ("input", '{"messages": []}', {"messages": []}),
    ("input", '{"text": "alpaca input about JSON"}', '{"text": "alpaca input about JSON"}'),
    ("parallel_tool_calls", "false", False),
    ("text", '["a"]', '["a"]'),
    ("output", '{"a": 1}', '{"a": 1}'),
    ("messages", 5, 5),
])
def test_a_cell_is_decoded_only_where_its_column_expects_a_structure(column: str, cell: object,
                                                                     expected: object) -> None:
    assert decode_cell(column, cell) == expected


def test_parquet_nested_columns_come_as_lists_and_dicts_without_null_struct_fields(tmp_path: Path) -> None:
    path = tmp_path / "chat.parquet"
    calls = [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]
    pl.DataFrame({"messages": [
        [{"role": "user", "content": "Hi", "tool_calls": None},
         {"role": "assistant", "content": None, "tool_calls": calls}],
    ], "weight": [None]}).write_parquet(path)
    assert list(iter_records(path, "parquet")) == [(1, {"messages": [
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "tool_calls": calls},
    ]})]


def test_parquet_keeps_its_types_and_empty_strings(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    pl.DataFrame({"prompt": ["", "p"], "n": [1, 2], "flag": [True, None]}).write_parquet(path)
    assert [r for _, r in iter_records(path, "parquet")] == [{"prompt": "", "n": 1, "flag": True},
                                                             {"prompt": "p", "n": 2}]


def test_csv_cells_are_text_and_quoted_empty_is_kept(write) -> None:  # type: ignore[no-untyped-def]
    path = write("d.csv", 'prompt,completion,system\n007,"",\n1e5, 42,x\n')
    assert [r for _, r in iter_records(path, "csv")] == [
        {"prompt": "007", "completion": ""},
        {"prompt": "1e5", "completion": " 42", "system": "x"},
    ]


def test_csv_short_rows_and_blank_lines_keep_the_row_count(write) -> None:  # type: ignore[no-untyped-def]
    path = write("d.csv", "a,b\r\n1,2\r\n3\r\n\r\n\"x\r\ny\",z\r\n")
    assert list(iter_records(path, "csv")) == [(1, {"a": "1", "b": "2"}), (2, {"a": "3"}), (3, {}),
                                                 (4, {"a": "x\r\ny", "b": "z"})]


def test_xlsx_cells_read_as_text_and_sheets_chosen_by_name(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    import xlsxwriter

    book = xlsxwriter.Workbook(path)
    first, second = book.add_worksheet("first"), book.add_worksheet("train")
    first.write_row(0, 0, ["prompt", "completion"])
    first.write_row(1, 0, ["a", "b"])
    second.write_row(0, 0, ["prompt", "completion", "n"])
    second.write_row(1, 0, ["q", 42, 1.5])
    second.write_row(3, 0, ["after a blank row", "x"])
    book.close()
    assert list(iter_records(path, "xlsx")) == [(1, {"prompt": "a", "completion": "b"})]
    assert list(iter_records(path, "xlsx", sheet="train")) == [
        (1, {"prompt": "q", "completion": "42", "n": "1.5"}), (2, {}), (3, {"prompt": "after a blank row",
                                                                         "completion": "x"})]
    with pytest.raises(TableError, match=r"book.xlsx: has no sheet named 'valid'; its sheets are 'first', 'train'"):
        list(iter_records(path, "xlsx", sheet="valid"))


def test_batches_are_numbered_by_their_first_row(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    pl.DataFrame({"text": [f"t{i}" for i in range(25)]}).write_csv(path)
    batches = list(iter_batches(path, "csv", batch_rows=10))
    numbered = [(first + i, r["text"]) for first, records in batches for i, r in enumerate(records)]
    assert numbered == [(i + 1, f"t{i}") for i in range(25)]
    assert len(batches) >= 2


def test_table_to_jsonl_writes_one_line_per_row(tmp_path: Path) -> None:
    path = tmp_path / "d.tsv"
    pl.DataFrame({"prompt": ["a\tb", "c", None], "completion": [" x", None, None]}).write_csv(path, separator="\t")
    copy = table_to_jsonl(path, "tsv", tmp_path)
    lines = copy.path.read_bytes().splitlines()
    assert [orjson.loads(line) for line in lines] == [{"prompt": "a\tb", "completion": " x"}, {"prompt": "c"}, {}]
    assert copy.rows == 3 and copy.columns == ("prompt", "completion")


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=8), kind=st.sampled_from(["csv", "tsv"]))
def test_text_cells_round_trip_through_csv(rows: list[tuple[str, str]], kind: str, tmp_path: Path) -> None:
    path = tmp_path / f"r.{kind}"
    frame = pl.DataFrame({"prompt": [r[0] for r in rows], "text": [r[1] for r in rows]})
    frame.write_csv(path, separator="," if kind == "csv" else "\t", quote_style="non_numeric")
    back = [r for _, r in iter_records(path, kind)]
    # Every cell written quoted, so an empty string comes back as "" (an unquoted empty field is no key).
    assert back == [{"prompt": p, "text": t} for p, t in rows]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=8))
def test_text_cells_round_trip_through_parquet(rows: list[tuple[str, str]], tmp_path: Path) -> None:
    path = tmp_path / "r.parquet"
    pl.DataFrame({"prompt": [r[0] for r in rows], "text": [r[1] for r in rows]}).write_parquet(path)
    assert [r for _, r in iter_records(path, "parquet")] == [{"prompt": p, "text": t} for p, t in rows]


# --- errors: a message naming the file, the row when known, and what to do -------------------------


@pytest.mark.parametrize(("content", "message"), [
    (b"a,b\n1,2\n3,4,5\n", r"d.csv: row 2 \(line 3\): 3 fields where the header has 2; quote cells"),
    (b'a,b\n"x\ny",1\n"p\nq",2,3\n', r"d.csv: row 2 \(lines 4-5\): 3 fields where the header has 2"),
    (b"a,b\n1,2\n\xff\xfe,2\n", r"d.csv: row 2 \(line 3\): holds bytes that are not UTF-8; save the CSV file as UTF-8"),
    (b"a\xff,b\n1,2\n", r"d.csv: the header \(line 1\) holds bytes that are not UTF-8"),
    (b"prompt,completion,prompt\n1,2,3\n", r"column 'prompt' appears twice in the header \(columns 1 and 3\)"),
    (b"a,,b\n1,,3\n4,5,6\n", r"d.csv: row 2: column 2 has a value but no name in the header"),
])
def test_csv_errors_name_the_row(content: bytes, message: str, write) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TableError, match=message):
        list(iter_records(write("d.csv", content), "csv"))


def test_a_trailing_delimiter_is_no_column(write) -> None:  # type: ignore[no-untyped-def]
    assert [r for _, r in iter_records(write("d.csv", "a,b,\n1,2,\n"), "csv")] == [{"a": "1", "b": "2"}]


def test_empty_and_header_only_csv_have_no_rows(write) -> None:  # type: ignore[no-untyped-def]
    assert list(iter_records(write("e.csv", b""), "csv")) == []
    assert list(iter_records(write("h.csv", "a,b\n"), "csv")) == []


def test_a_damaged_parquet_file_is_a_table_error(tmp_path: Path) -> None:
    path = tmp_path / "d.parquet"
    pl.DataFrame({"text": ["x"] * 100}).write_parquet(path)
    path.write_bytes(path.read_bytes()[:-30])
    with pytest.raises(TableError, match=r"d.parquet: is not a Parquet file that can be read \(.*\); it may be "
                                         "truncated or damaged"):
        list(iter_records(path, "parquet", display=str(path)))


def test_a_damaged_workbook_is_a_table_error(write) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TableError, match=r"d.xlsx: is not an XLSX workbook that can be read"):
        list(iter_records(write("d.xlsx", b"PK\x03\x04 not really"), "xlsx"))


def test_sheet_only_for_workbooks(write) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TableError, match="--sheet names a sheet of a workbook"):
        list(iter_records(write("d.csv", "a\n1\n"), "csv", sheet="x"))


def test_a_failed_copy_leaves_no_partial_file(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = write("d.csv", "a,b\n" + "1,2\n" * 30_000 + "1,2,3\n")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    with pytest.raises(TableError, match="row 30001"):
        table_to_jsonl(source, "csv", scratch)
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize(("name", "head", "kind"), [
    ("a.csv", b"x,y\n", "csv"), ("A.TSV", b"", "tsv"), ("a.csv.gz", b"\x1f\x8b", "csv"),
    ("a.parquet", b"PAR1....", "parquet"), ("data.jsonl", b"PAR1", "parquet"),
    ("a.xlsx", b"PK\x03\x04", "xlsx"), ("a.zip", b"PK\x03\x04", None), ("a.xlsx", b"{\"a\": 1}", None),
    ("a.parquet", b"{\"a\": 1}", None), ("a.jsonl", b"{}", None),
])
def test_table_kind(name: str, head: bytes, kind: str | None) -> None:
    assert table_kind(name, head) == kind


def test_parquet_types_json_lacks_are_written_as_text(tmp_path: Path) -> None:
    import datetime
    import decimal

    path = tmp_path / "types.parquet"
    pl.DataFrame({
        "d": [decimal.Decimal("1.50")], "b": [b"caf\xc3\xa9"], "raw": [b"\xff\x00"],
        "when": [datetime.date(2024, 1, 2)], "took": [datetime.timedelta(seconds=3)],
        "big": pl.Series([2**70], dtype=pl.Int128),
    }).write_parquet(path)
    copy = table_to_jsonl(path, "parquet", tmp_path)
    assert json.loads(copy.path.read_text()) == {"d": 1.5, "b": "café", "raw": "/wA=", "when": "2024-01-02",
                                                 "took": "0:00:03", "big": 2**70}
