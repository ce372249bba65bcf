"""The engine: the same findings in-process and in a worker pool, line numbers across chunks, laziness."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

from ftlint.core.findings import Violation
from ftlint.core.records import Record
from ftlint.core.tokens import encodings
from tests.conftest import check_paths

GOOD = {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello."}]}


def _dataset(path: Path, records: int, seed: int = 7) -> dict[int, str]:
    """A file with defects at random lines; returns line -> the code expected there."""
    rng = random.Random(seed)
    expected: dict[int, str] = {}
    with path.open("w", encoding="utf-8") as out:
        for line in range(1, records + 1):
            roll = rng.random()
            record = {"messages": [{"role": "user", "content": f"question {line} " + "x" * rng.randint(0, 300)},
                                   {"role": "assistant", "content": f"answer {line}"}]}
            if roll < 0.01:
                out.write('{"messages": [}\n')
                expected[line] = "FL005"
                continue
            if roll < 0.02:
                record["messages"][0]["role"] = "human"
                expected[line] = "CH001"
            elif roll < 0.03:
                record = GOOD
                expected[line] = "DQ001"
            out.write(json.dumps(record) + "\n")
    first_good = min(line for line, code in expected.items() if code == "DQ001")
    del expected[first_good]  # the first copy of GOOD is not a duplicate
    return expected


def test_pool_and_in_process_give_identical_results(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    _dataset(path, 6000)
    alone = check_paths([path], jobs=1)
    pooled = check_paths([path], jobs=2, chunk_bytes=64 * 1024, in_process_bytes=0)
    assert len(alone.findings) > 100
    assert alone.findings == pooled.findings
    assert [f.message for f in alone.findings] == [f.message for f in pooled.findings]
    assert alone.records == pooled.records == 6000 - sum(1 for f in alone.findings if f.code == "FL005")


def test_line_numbers_are_right_across_chunks(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    expected = _dataset(path, 5000, seed=11)
    result = check_paths([path], jobs=2, chunk_bytes=16 * 1024, in_process_bytes=0)
    found = {f.line: f.code for f in result.findings if f.code in ("FL005", "CH001", "DQ001")}
    assert found == expected


def test_duplicates_across_files_name_the_other_file(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text(json.dumps(GOOD) + "\n")
    second.write_text(json.dumps({"messages": [{"role": "user", "content": "Other"},
                                               {"role": "assistant", "content": "x"}]}) + "\n"
                      + json.dumps(GOOD, indent=None, separators=(",", ":")) + "\n")
    result = check_paths([first, second], select=["DQ001"])
    [finding] = result.findings
    assert (finding.path, finding.line) == (str(second), 2)
    assert f"duplicate of {first}:1" in finding.message


def test_a_clean_small_file_never_loads_a_tokenizer(tmp_path: Path) -> None:
    encodings.get_encoding.cache_clear()
    path = tmp_path / "data.jsonl"
    path.write_text("\n".join(json.dumps(GOOD) for _ in range(20)) + "\n")
    check_paths([path])
    assert encodings.get_encoding.cache_info().currsize == 0


def test_long_example_is_counted_exactly(tmp_path: Path) -> None:
    encodings.get_encoding.cache_clear()
    path = tmp_path / "data.jsonl"
    long = {"messages": [{"role": "user", "content": "hello " * 120}, {"role": "assistant", "content": "ok"}]}
    path.write_text(json.dumps(long) + "\n")
    result = check_paths([path], select=["TK001"], rules={"TK001": {"max-tokens": 100}})
    [finding] = result.findings
    enc = encodings.get_encoding("o200k_base")
    size = lambda text: len(enc.encode_ordinary(text))  # noqa: E731
    # OpenAI's accounting: 3 to prime the reply, and per message 3 + role + content
    expected = 3 + (3 + size("user") + size("hello " * 120)) + (3 + size("assistant") + size("ok"))
    assert finding.message.startswith(f"example is {expected} tokens, {expected - 100} over the 100-token limit")
    assert encodings.get_encoding.cache_info().currsize == 1


def test_duplicates_are_the_same_from_python_and_polars_columns(tmp_path: Path, monkeypatch) -> None:
    from ftlint.core.engine import features

    path = tmp_path / "data.jsonl"
    _dataset(path, 3000, seed=3)
    small = check_paths([path], select=["DQ001"])
    monkeypatch.setattr(features, "PYTHON_ROWS", 100)  # past 100 rows the table lives in polars
    large = check_paths([path], select=["DQ001"])
    assert len(small.findings) > 10
    assert small.findings == large.findings
    assert [f.message for f in small.findings] == [f.message for f in large.findings]


def test_line_numbers_per_file_when_chunks_of_several_files_share_the_pool(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    expected_first = _dataset(first, 3000, seed=5)
    expected_second = _dataset(second, 2000, seed=6)
    result = check_paths([first, second], jobs=2, chunk_bytes=8 * 1024, in_process_bytes=0,
                         select=["FL005", "CH001"])
    found = {(f.path, f.line): f.code for f in result.findings}
    wanted = {(str(first), line): code for line, code in expected_first.items() if code != "DQ001"}
    wanted |= {(str(second), line): code for line, code in expected_second.items() if code != "DQ001"}
    assert found == wanted


def test_bom_and_crlf_files_keep_their_line_numbers_across_chunks(tmp_path: Path) -> None:
    plain = tmp_path / "plain.jsonl"
    expected = _dataset(plain, 3000, seed=9)
    windows = tmp_path / "windows.jsonl"
    windows.write_bytes(b"\xef\xbb\xbf" + plain.read_bytes().replace(b"\n", b"\r\n"))
    result = check_paths([windows], jobs=2, chunk_bytes=8 * 1024, in_process_bytes=0,
                         select=["FL002", "FL005", "CH001", "FL009"])
    found = {f.line: f.code for f in result.findings if f.code in ("FL005", "CH001")}
    assert found == {line: code for line, code in expected.items() if code != "DQ001"}
    assert {f.code for f in result.findings if f.line == 1} >= {"FL002", "FL009"}


def test_jsonl_with_a_broken_first_line_is_not_read_as_one_document(tmp_path: Path, monkeypatch) -> None:
    from ftlint.core import sniff

    def read_whole(data: bytes) -> None:
        raise AssertionError("a JSONL file was read whole as a JSON document")

    monkeypatch.setattr(sniff, "read_json_document", read_whole)
    path = tmp_path / "data.jsonl"
    path.write_text('{"messages": [{"role": "user"\n' + "\n".join(json.dumps(GOOD) for _ in range(12)) + "\n")
    result = check_paths([path], select=["FL005", "DQ001"])
    assert [(f.line, f.code) for f in result.findings][:2] == [(1, "FL005"), (3, "DQ001")]
    assert result.records == 12


def test_results_by_shape_are_the_results_rule_by_rule(tmp_path: Path, monkeypatch) -> None:
    from ftlint.core.engine import worker

    path = tmp_path / "data.jsonl"
    _dataset(path, 3000, seed=11)
    with path.open("a", encoding="utf-8") as out:  # shapes the generator may not make: miscased, odd orders
        for roles in (["User", "assistant"], ["assistant", "system"], ["user"], [], ["human", "gpt"], ["tool"]):
            # Text as GSM8K writes it (padded, which is shaped), and blank text (which is not), of one shape
            for text in ("text {}", " text {}", "\n{}\n", "  ", "", "\u3000"):
                out.write(json.dumps({"messages": [{"role": r, "content": text.format(r)} for r in roles]}) + "\n")
    select = ["CH", "TL", "IM"]
    cached = check_paths([path], select=select)
    monkeypatch.setattr(worker, "shape_pure", lambda rule: False)
    uncached = check_paths([path], select=select)
    assert len(cached.findings) > 20
    assert [(f.line, f.code, f.pointer, f.message, f.fix) for f in cached.findings] == [
        (f.line, f.code, f.pointer, f.message, f.fix) for f in uncached.findings]


def _word_rule_pack(base_of: str) -> object:
    """A pack of one ten-line rule that reads the text: a new chat rule, or one derived from a pure rule."""
    from ftlint.core.engine.pack import RulePack
    from ftlint.core.findings import Severity
    from ftlint.core.models import ModelSpec
    from ftlint.core.rule import Target
    from ftlint.rules.chat._base import ChatRule
    from ftlint.rules.chat.unknown_role import UnknownRole

    base = ChatRule if base_of == "chat" else UnknownRole

    class SaysBanana(base):  # type: ignore[misc, valid-type]
        code, name, default_severity = "XX950", "says-banana", Severity.WARNING

        def check_messages(self, messages, facts):  # type: ignore[no-untyped-def]
            return [Violation(f"says banana: {m['content']}", pointer=f"/messages/{i}/content")
                    for i, m in enumerate(messages) if "banana" in m["content"]]

    target = Target("neutral", ModelSpec("", "o200k_base", 65536, 1, None, None, "", ""), frozenset())
    return RulePack((SaysBanana(target=target),))


def test_a_rule_that_reads_text_sees_every_record_of_a_shape(tmp_path: Path) -> None:
    """The shape cache is opt-in: a new chat rule that reads the text, and one derived from a rule that
    is pure on shapes, both find the word in every record of one shape (not just the first)."""
    from ftlint.core.engine.worker import ChunkTask, check_chunk

    path = tmp_path / "data.jsonl"
    texts = ["an apple", "a banana", "two bananas", "a pear", "banana bread"]
    path.write_text("".join(json.dumps({"messages": [{"role": "user", "content": "fruit?"},
                                                     {"role": "assistant", "content": t}]}) + "\n" for t in texts))
    for base_of in ("chat", "pure rule"):
        pack = _word_rule_pack(base_of)
        result = check_chunk(pack, ChunkTask(0, "data.jsonl", str(path), 0, path.stat().st_size, "chat"))  # type: ignore[arg-type]
        assert [(f.line, f.message) for f in result.findings] == [
            (2, "says banana: a banana"), (3, "says banana: two bananas"), (5, "says banana: banana bread")], base_of


def test_a_pure_rule_is_shown_only_the_stand_in_of_a_shape() -> None:
    """What the engine hands a rule that declares itself pure: the roles, and no text of any record."""
    from ftlint.core.formats.plain import STAND_IN_TEXT, stand_in
    from ftlint.core.records import Line

    value = {"messages": [{"role": "user", "content": "my secret"}, {"role": "assistant", "content": " 42"}]}
    record = Record(Line(7, 120, json.dumps(value).encode(), b"\n"), value, "chat", "chat", value,
                    shape=("user", "assistant"))
    shown = stand_in(record)
    assert shown.data == {"messages": [{"role": "user", "content": STAND_IN_TEXT},
                                       {"role": "assistant", "content": STAND_IN_TEXT}]}
    assert shown.line.number == 7 and b"secret" not in shown.line.raw and shown.shape == record.shape


ASKED: list[int] = []


def _gate_even_lines(record: Record) -> bool:
    ASKED.append(record.line.number)
    return record.line.number % 2 == 0


def test_rules_sharing_a_gate_ask_it_once_and_keep_their_own_codes(tmp_path: Path) -> None:
    from ftlint.core.engine.pack import RulePack
    from ftlint.core.engine.worker import ChunkTask, check_chunk
    from ftlint.core.findings import Severity
    from ftlint.core.rule import RecordRule

    class First(RecordRule):
        code, name, default_severity, gate = "XX901", "first", Severity.WARNING, staticmethod(_gate_even_lines)

        def check_record(self, record: Record) -> list[Violation]:
            return [Violation("first")]

    class Second(First):
        code, name = "XX902", "second"

    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps({"text": f"t{i}"}) + "\n" for i in range(6)))
    ASKED.clear()
    pack = RulePack((First(target=None), Second(target=None)))  # type: ignore[arg-type]
    result = check_chunk(pack, ChunkTask(0, str(path), str(path), 0, path.stat().st_size, "text"))
    assert ASKED == [1, 2, 3, 4, 5, 6]  # once per record, not once per rule
    assert sorted((f.line, f.code) for f in result.findings) == [
        (line, code) for line in (2, 4, 6) for code in ("XX901", "XX902")]


def test_chunks_cover_the_range_at_line_ends_and_shrink_towards_its_end(tmp_path: Path) -> None:
    from ftlint.core.engine.chunker import chunk_ranges

    path = tmp_path / "data.jsonl"
    _dataset(path, 4000, seed=3)
    data = path.read_bytes()
    start = data.index(b"\n", 1000) + 1  # a range that starts after the file's start, as a prepared file may
    ranges = chunk_ranges(path, start, len(data), chunk_bytes=32 * 1024)
    assert ranges[0][0] == start and ranges[-1][1] == len(data)
    assert all(a_end == b_start for (_, a_end), (b_start, _) in itertools.pairwise(ranges))
    assert all(data[end - 1:end] == b"\n" for _, end in ranges)
    sizes = [end - begin for begin, end in ranges]
    assert max(sizes[:5]) >= 32 * 1024  # full chunks first (each runs to the next newline)
    assert max(sizes[-4:]) < 12 * 1024  # a quarter of that at the end: the workers finish together
    assert all(size >= 8 * 1024 or index == len(sizes) - 1 for index, size in enumerate(sizes))


MEASURED: list[int] = []


def _text_length(record: Record) -> int:
    MEASURED.append(record.line.number)
    return len(record.data["text"])


def test_a_feature_of_some_formats_is_none_elsewhere_without_being_computed(tmp_path: Path) -> None:
    from ftlint.core.engine.pack import RulePack
    from ftlint.core.engine.worker import ChunkTask, check_chunk
    from ftlint.core.rule import Feature

    pack = RulePack((), extra_features=(Feature("text_length", "Int64", _text_length, frozenset({"text"})),))
    texts, chats = tmp_path / "t.jsonl", tmp_path / "c.jsonl"
    texts.write_text(json.dumps({"text": "abc"}) + "\n" + json.dumps({"text": "hello"}) + "\n")
    chats.write_text(json.dumps(GOOD) + "\n" + json.dumps(GOOD) + "\n")
    MEASURED.clear()
    lengths = [check_chunk(pack, ChunkTask(0, str(path), str(path), 0, path.stat().st_size, file_format)
                           ).features["text_length"] for path, file_format in ((texts, "text"), (chats, "chat"))]
    assert lengths == [[3, 5], [None, None]]
    assert MEASURED == [1, 2]  # the chat records were never asked
