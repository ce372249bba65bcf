"""`ftlint convert` end to end: every real file converted for each target and checked by that target's
profile, nothing lost (converted + rejected = records, rejects hold the original lines), and the CLI's
contract (default output names, standard output, tables with a column mapping, exit codes)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import orjson
import polars as pl
import pytest

from ftlint.commands.convert import ConvertRequest, run_convert
from ftlint.commands.settings import Flags
from ftlint.convert import OUTPUTS, Options
from tests.conftest import FIXTURES, REPO, check_paths, run_cli

REALDATA = REPO.parent / "shared" / "realdata"
FILES = sorted(p for p in [*REALDATA.glob("*.json*"), *(FIXTURES / "datasets").glob("*/*.jsonl")])
# Findings about the dataset as a whole, which no conversion of its records can change: too few
# examples for the provider, and every prompt the same (a file of duplicates).
DATASET_ERRORS = {"TK002", "PC010"}


def _records(path: Path) -> int:
    """How many records `ftlint check` reads in the file (a JSON array's elements, a JSONL's lines)."""
    result = check_paths([path], profile="neutral", select=["FL"])
    return result.records + sum(1 for f in result.findings if f.code in ("FL005", "FL006"))


def _convert(path: Path, out: Path, profile: str, to: str | None = None, **options: object) -> tuple[int, str]:
    stdout = io.StringIO()
    request = ConvertRequest([str(path)], Flags(profile=profile), to, str(out), options=Options(**options),  # type: ignore[arg-type]
                             jobs=1, json=True)
    code = run_convert(request, stdout=stdout, stderr=io.StringIO())
    return code, stdout.getvalue()


@pytest.mark.skipif(not REALDATA.is_dir(), reason="../shared/realdata is not beside the project")
@pytest.mark.parametrize("profile", ["openai", "trl", "llamafactory"])
def test_every_real_file_converts_for_a_target_and_passes_its_check(profile: str, tmp_path: Path) -> None:
    converted_files = 0
    for path in FILES:
        out = tmp_path / f"{path.name}.{profile}.jsonl"
        try:
            code, printed = _convert(path, out, profile)
        except Exception as error:  # the profile takes no single format for this data: --to must say
            assert "name the output format with --to" in str(error), (path.name, error)
            continue
        summary = json.loads(printed)["files"][0]
        assert code == (1 if summary["rejected"] else 0)
        # Nothing is lost: every record is written or in the rejects file, with its line as it was.
        assert summary["written"] + summary["rejected"] == _records(path), path.name
        if summary["rejected"]:
            lines = Path(summary["rejects_file"]).read_text(encoding="utf-8").splitlines()
            entries = [json.loads(line) for line in lines]
            assert len(entries) == summary["rejected"] and all(e["reason"] and e["line"] >= 1 for e in entries)
            if path.suffix == ".jsonl":
                original = path.read_bytes().split(b"\n")
                assert all(original[e["line"] - 1].rstrip(b"\r").decode() == e["raw"] for e in entries)
        if not summary["written"]:
            continue
        converted_files += 1
        output = OUTPUTS[summary["to"]]
        result = check_paths([out], profile=output.profile)
        errors = {f.code for f in result.findings if f.severity.label == "error"} - DATASET_ERRORS
        assert not errors, (path.name, summary["to"], [f.message for f in result.findings if f.code in errors][:3])
    assert converted_files >= 15


def test_a_csv_with_other_column_names_converts_with_a_mapping(tmp_path: Path) -> None:
    table = tmp_path / "faq.csv"
    pl.DataFrame({"question": ["What is 2+2?", "Capital of France?", "  "],
                  "answer": ["4", "Paris, of course.", "nothing"]}).write_csv(table)
    out = tmp_path / "faq.chat.jsonl"
    run = run_cli("convert", str(table), "--to", "chat", "--map", "prompt=question", "--map", "completion=answer",
                  "--system", "You answer briefly.", "--separator", "", "--stop", "")
    assert run.code == 1, run.stderr  # the blank question went to the rejects file
    records = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert records[1] == {"messages": [{"role": "system", "content": "You answer briefly."},
                                       {"role": "user", "content": "Capital of France?"},
                                       {"role": "assistant", "content": "Paris, of course."}]}
    rejects = [json.loads(line) for line in (tmp_path / "faq.chat.rejects.jsonl").read_text().splitlines()]
    assert [(r["line"], r["code"]) for r in rejects] == [(3, "convert")] and "is empty" in rejects[0]["reason"]
    assert "2 records converted to chat" in run.stdout and "1 record not converted" in run.stdout


def test_the_target_names_the_format_and_standard_output_takes_the_data(tmp_path: Path) -> None:
    data = tmp_path / "data.jsonl"
    data.write_text(json.dumps({"prompt": "2+2=\n\n###\n\n", "completion": " 4 END"}, separators=(",", ":")) + "\n")
    run = run_cli("convert", str(data), "--profile", "trl", "-o", "-")
    assert run.code == 0
    assert json.loads(run.stdout) == {"messages": [{"role": "user", "content": "2+2="},
                                                   {"role": "assistant", "content": "4"}]}
    assert "converted to trl_messages" in run.stderr and not list(tmp_path.glob("*.trl_messages.jsonl"))
    back = run_cli("convert", str(data), "--profile", "openai-legacy", cwd=tmp_path)
    assert back.code == 0 and (tmp_path / "data.prompt_completion.jsonl").read_text() == data.read_text()


def test_a_target_without_one_format_asks_for_to_and_writes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data.jsonl"
    data.write_text(json.dumps({"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]})
                    + "\n")
    run = run_cli("convert", str(data))  # the neutral profile trains on everything
    assert run.code == 2 and "name the output format with --to" in run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.jsonl"]
    assert run_cli("convert", str(data), "--to", "nonsense").code == 2


def test_chat_through_trl_and_back_gives_the_same_bytes(tmp_path: Path) -> None:
    source = REALDATA / "azure__stock_toolcall_training.jsonl"
    if not source.exists():
        pytest.skip("../shared/realdata is not beside the project")
    middle, back = tmp_path / "trl.jsonl", tmp_path / "back.jsonl"
    assert _convert(source, middle, "trl", "trl_messages")[0] == 0
    assert _convert(middle, back, "openai", "chat")[0] == 0
    assert back.read_bytes() == b"".join(orjson.dumps(orjson.loads(line)) + b"\n"
                                         for line in source.read_bytes().splitlines())


def test_a_named_sheet_of_a_workbook_converts(tmp_path: Path) -> None:
    import xlsxwriter

    book = tmp_path / "data.xlsx"
    with xlsxwriter.Workbook(book) as workbook:
        for name, rows in (("draft", [("prompt", "completion"), ("old", "no")]),
                           ("final", [("prompt", "completion"), ("Hi?", "Hello."), ("Bye?", "Goodbye.")])):
            sheet = workbook.add_worksheet(name)
            for row, values in enumerate(rows):
                sheet.write_row(row, 0, values)
    out = tmp_path / "out.jsonl"
    run = run_cli("convert", str(book), "--sheet", "final", "--to", "trl_messages", "-o", str(out))
    assert run.code == 0, run.stderr
    assert [json.loads(line)["messages"][1]["content"] for line in out.read_text().splitlines()] == [
        "Hello.", "Goodbye."]
    missing = run_cli("convert", str(book), "--sheet", "nope", "--to", "chat", "-o", str(out))
    assert missing.code == 2 and "nope" in missing.stderr


def test_a_file_that_cannot_be_read_stops_the_conversion(tmp_path: Path) -> None:
    data = tmp_path / "data.jsonl"
    data.write_bytes(b"\x00\x01\x02binary" * 100)
    run = run_cli("convert", str(data), "--to", "chat")
    assert run.code == 2 and "cannot be read (binary" in run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.jsonl"]


def test_the_command_line_lists_every_output_and_reads_its_option_values() -> None:
    from ftlint.commands.arguments import OUTPUT_FORMATS, MappingError, parse_mapping, unescape
    from ftlint.convert import OUTPUT_FORMATS as CONVERTERS

    assert OUTPUT_FORMATS == CONVERTERS
    assert unescape(r"\n\n###\n\n") == "\n\n###\n\n" and unescape(r"a\\n\tb") == "a\\n\tb"
    assert parse_mapping(("prompt=question", " completion = /meta/a ")) == {"prompt": "question",
                                                                           "completion": "/meta/a"}
    with pytest.raises(MappingError):
        parse_mapping(("prompt",))
    run = run_cli("convert", str(FIXTURES / "datasets" / "valid" / "example.jsonl"), "--to", "chat", "--map", "x")
    assert run.code == 2 and "write it as KEY=SOURCE" in run.stderr
