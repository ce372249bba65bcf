"""The chunk function: one byte range of one file in, findings and feature columns out.

It runs unchanged in-process, in a worker process, or (later) on a Ray worker. It never sees
another chunk; line numbers it reports are relative to the chunk, and the driver makes them absolute.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

import orjson

from ftlint.core.decoding import Codec, open_decoded, read_range
from ftlint.core.engine.pack import RulePack
from ftlint.core.findings import Finding, Violation
from ftlint.core.formats import FORMAT_BY_NAME, record_format
from ftlint.core.formats.plain import PLAIN_SHAPES, stand_in
from ftlint.core.formats.validate import validate_record
from ftlint.core.jsondoc import raise_if_out_of_memory
from ftlint.core.memory import LARGE_BYTES, ensure_room
from ftlint.core.patterns import PatternTimeoutError
from ftlint.core.records import Line, LineError, Record
from ftlint.core.remote import open_binary
from ftlint.core.rule import Feature, RecordRule, shape_pure

_NON_JSON_CONSTANTS = (b"-Infinity", b"NaN", b"Infinity")
RecordCheck = Callable[[Record], Iterable[Violation]]


@dataclass(frozen=True)
class ChunkTask:
    """One byte range of one file's UTF-8 text (lines with LF ends), and how to read it.

    On the machine that prepared the file, `data_path` is where that text is: the file itself, or a
    decoded scratch copy of it (decompressed, transcoded, CR line ends turned to LF). A task for
    another machine (`portable`) names the file as given and the decoding steps instead.
    """

    file_index: int
    path: str  # as displayed
    data_path: str  # where this machine reads the text; "" in a portable task of a decoded file
    start: int
    end: int
    file_format: str | None
    byte_offsets: bool = True  # False when the bytes are a decoded copy whose offsets differ from the file's
    source: str = ""  # the file as given, when `data_path` is a decoded copy of it
    codec: Codec = ()  # the steps (`ftlint.core.decoding`) from `source`'s bytes to the text

    def portable(self) -> ChunkTask:
        """This task for any machine that can read the file: the decoded copy, which only this machine
        has, replaced by the file and its decoding steps."""
        return replace(self, data_path="") if self.codec else self

    def read(self) -> bytes:
        """The bytes of the range."""
        if not self.data_path:
            return read_range(self.source, self.codec, self.start, self.end)
        with open_binary(self.data_path) as handle:
            handle.seek(self.start)
            return handle.read(self.end - self.start)


@dataclass
class ChunkResult:
    file_index: int
    lines: int = 0
    records: int = 0
    findings: list[Finding] = field(default_factory=list)
    features: dict[str, list[Any]] = field(default_factory=dict)

    def absorb(self, later: ChunkResult) -> None:
        """Take in the result of the chunk right after this one (a streamed file's next piece)."""
        base = self.lines
        self.findings.extend(replace(finding, line=finding.line + base) if finding.line else finding
                             for finding in later.findings)
        for name, values in later.features.items():
            column = self.features.setdefault(name, [])
            if name == "line":
                column.extend(value + base for value in values)
            else:
                column.extend(values)
        self.lines += later.lines
        self.records += later.records


def check_chunk(pack: RulePack, task: ChunkTask) -> ChunkResult:
    """Check the lines of one chunk. Line numbers in the result count from 1 within the chunk.

    A user's pattern that ran too long stops the run with its file and line in the file: the lines
    before the chunk are counted here, on that path only, since the chunks before it may still be
    running elsewhere."""
    raws = task.read().split(b"\n")
    terminated = raws[-1] == b""
    if terminated:
        raws.pop()  # the chunk ends with a newline: nothing after it
    try:
        result = check_lines(pack, task, _lines(raws, task.start, task.byte_offsets, terminated))
    except PatternTimeoutError as stopped:
        raise stopped.located(task.path, _lines_before(task)) from None
    result.lines = len(raws)
    return result


def _lines_before(task: ChunkTask) -> int:
    """How many lines of the task's file come before its chunk (each chunk starts just after a newline)."""
    count, position = 0, 0
    with open_binary(task.data_path) if task.data_path else open_decoded(task.source, task.codec) as handle:
        while position < task.start:
            block = handle.read(min(1 << 20, task.start - position))
            if not block:
                break
            count += block.count(b"\n")
            position += len(block)
    return count


def check_lines(pack: RulePack, task: ChunkTask, lines: Iterable[Line]) -> ChunkResult:
    result = ChunkResult(task.file_index)
    features = pack.features()
    columns: dict[str, list[Any]] = {"line": [], "format": [], "bytes": [], "crlf": []}
    columns.update({feature.name: [] for feature in features})
    # Bound methods looked up once: this loop runs for every line of the dataset.
    add_line, add_format = columns["line"].append, columns["format"].append
    add_bytes, add_crlf = columns["bytes"].append, columns["crlf"].append
    feature_work: dict[str | None, _FeatureWork] = {}  # by the record's format
    every_line = [rule for rule in pack.line_rules if rule.every_line]
    odd_lines = pack.line_rules
    plan_for = _Plans(pack)
    known_plans = plan_for.plans
    findings = result.findings
    view_of = _fast_view(task.file_format)
    for line in lines:
        if len(line.raw) >= LARGE_BYTES:
            ensure_room(len(line.raw))  # orjson, reading it here or writing it in a rule, must not crash
        record = view_of(line) if view_of is not None else None
        if record is None:
            record = _read_record(line, task.file_format)
        for rule in every_line if record is not None else odd_lines:
            found = rule.check_line(line)
            if found:
                findings.extend(pack.stamp(rule, found, task.path, line.number, line.raw))
        if record is None:
            continue
        # The plans of shaped records are looked up inline: a method call per record costs more.
        plan = known_plans.get((record.format, record.shape)) if record.shape is not None else None
        if plan is None:
            plan = plan_for(record)
        for rule, found in plan.found:
            findings.extend(pack.stamp(rule, found, task.path, line.number, line.raw))
        for rule, check in plan.checks:
            found = check(record)
            if found:
                if rule is None:  # a gated group: the violations of each of its rules
                    for member, violations in found:
                        findings.extend(pack.stamp(member, violations, task.path, line.number, line.raw))
                else:
                    findings.extend(pack.stamp(rule, found, task.path, line.number, line.raw))
        add_line(line.number)
        add_format(record.format)
        add_bytes(len(line.raw))
        add_crlf(line.ending == b"\r\n" if line.ending else None)
        work = feature_work.get(record.format)
        if work is None:
            work = feature_work[record.format] = _feature_work(features, columns, record.format)
        computed, absent = work
        for add, compute in computed:
            add(compute(record))
        for add in absent:
            add(None)
    result.records = len(columns["line"])
    result.features = columns
    return result


# The features to compute for records of one format (with where each value goes), and the columns
# that are None for them without asking (`Feature.formats`).
_FeatureWork = tuple[list[tuple[Callable[[Any], None], Callable[[Record], Any]]], list[Callable[[Any], None]]]


def _feature_work(features: list[Feature], columns: dict[str, list[Any]], record_format: str | None) -> _FeatureWork:
    computed = [(columns[feature.name].append, feature.compute) for feature in features
                if feature.formats is None or record_format in feature.formats]
    absent = [columns[feature.name].append for feature in features
              if feature.formats is not None and record_format not in feature.formats]
    return computed, absent


@dataclass(frozen=True)
class _Plan:
    """What to do for a record: violations already known for it, and the checks still to run."""

    found: list[tuple[RecordRule, tuple[Violation, ...]]]
    # A None rule marks a gated group (see `_gated`): its check returns (rule, violations) pairs.
    checks: list[tuple[RecordRule | None, Any]]


class _Plans:
    """The plan for each kind of record, worked out once per kind.

    A record's kind is its format with its validity, or, for a record with a shape (see
    `ftlint.core.formats.plain`), its format and shape: the rules that are pure on a shape
    (`RecordRule.pure_on_shape`) are run once per shape, on a stand-in of it, and their violations
    reused, since real datasets have few shapes. One dictionary look-up per record then
    replaces several rule calls. Bounded, in case a file has a great many shapes.
    """

    LIMIT = 4096

    def __init__(self, pack: RulePack) -> None:
        self._rules = pack.record_rules
        self.plans: dict[tuple[Any, ...], _Plan] = {}

    def __call__(self, record: Record) -> _Plan:
        shape = record.shape
        key = (record.format, shape) if shape is not None else (
            record.format, record.view is not None, bool(record.schema_issues))
        plan = self.plans.get(key)
        if plan is None:
            if len(self.plans) >= self.LIMIT:
                self.plans.clear()
            plan = self.plans[key] = self._plan(record)
        return plan

    def _plan(self, record: Record) -> _Plan:
        valid, issues = record.view is not None, bool(record.schema_issues)
        wanted = {"always"} | ({"valid"} if valid else set()) | ({"issues"} if issues else set())
        rules = [(r, r.check_record) for r in self._rules if r.when in wanted and r.applies_to(record.format)]
        if record.shape is None:
            return _Plan([], _gated(rules))
        # The pure rules see a stand-in of the shape, never this record: what they report holds for
        # every record of the shape, whatever its text.
        shaped = stand_in(record)
        pure = [(rule, tuple(found)) for rule, _ in rules if shape_pure(rule) and (found := rule.check_record(shaped))]
        return _Plan(pure, _gated([(rule, check) for rule, check in rules if not shape_pure(rule)]))


def _gated(checks: list[tuple[RecordRule, RecordCheck]]) -> list[tuple[RecordRule | None, Any]]:
    """The checks with the rules that share a `gate` folded into one check that asks the gate once.

    Several rules can read a record through one costly step that a cheap test usually rules out
    (the PI rules: a screen of the raw line before presidio); one call per record then replaces a
    call per rule for the records the gate turns away.
    """
    groups: dict[Any, list[tuple[RecordRule, RecordCheck]]] = {}
    plain: list[tuple[RecordRule | None, Any]] = []
    for rule, check in checks:
        if rule.gate is None:
            plain.append((rule, check))
        else:
            groups.setdefault(rule.gate, []).append((rule, check))
    for gate, members in groups.items():
        plain.append((None, partial(_run_gated, gate, tuple(members))))
    return plain


def _run_gated(gate: Callable[[Record], bool], members: tuple[tuple[RecordRule, RecordCheck], ...],
               record: Record) -> list[tuple[RecordRule, Any]]:
    if not gate(record):
        return []
    return [(rule, found) for rule, check in members if (found := check(record))]


def _fast_view(file_format: str | None) -> Callable[[Line], Record | None] | None:
    """The common case in one step: a line that is a plain record of the file's format.

    orjson parses the line and a few type checks (`ftlint.core.formats.plain`) show it is the
    format's simplest shape, which makes the parsed object its own typed view. Anything else
    (invalid JSON, another format, any shape pydantic must judge) returns None, keeping what was
    parsed, and takes the general path, which finds out exactly what is wrong.
    """
    plain = PLAIN_SHAPES.get(file_format) if file_format is not None else None
    if plain is None:
        return None
    loads = orjson.loads

    def view_of(line: Line) -> Record | None:
        raw = line.raw
        if raw[:1] != b"{":
            return None
        try:
            value = loads(raw)
        except orjson.JSONDecodeError:
            return None
        line.value, line.parsed = value, True
        if value.__class__ is not dict:
            return None
        shape = plain(value)
        if shape is False:
            return None
        # Positional: this runs for nearly every line.
        return Record(line, value, file_format, file_format, value, (), {}, None if shape is True else shape, True)

    return view_of


def _lines(raws: list[bytes], offset: int, offsets_known: bool, terminated: bool) -> Iterable[Line]:
    last = len(raws) if not terminated else 0  # the file's last line may have no line end at all
    for number, raw in enumerate(raws, start=1):
        at = offset if offsets_known else -1
        if number == last:
            yield Line(number, at, raw, b"")
        elif raw.endswith(b"\r"):
            yield Line(number, at, raw[:-1], b"\r\n")
        else:
            yield Line(number, at, raw, b"\n")
        offset += len(raw) + 1


def _read_record(line: Line, file_format: str | None) -> Record | None:
    """The general path: parse the line (keeping any error for the line rules) and type the record."""
    if not line.blank:
        _parse(line)
    return _record(line, file_format) if isinstance(line.value, dict) else None


def _parse(line: Line) -> None:
    if line.parsed or line.error is not None:
        return  # records of a JSON document arrive parsed (or with the reason they could not be)
    try:
        line.value = orjson.loads(line.raw)
        line.parsed = True
    except orjson.JSONDecodeError as exc:
        line.error = _classify(exc, line)


def _classify(exc: orjson.JSONDecodeError, line: Line) -> LineError:
    raise_if_out_of_memory(exc)  # out of memory is the run's error, never a finding about the line
    try:
        text = line.raw.decode("utf-8")
    except UnicodeDecodeError as bad:
        column = len(line.raw[: bad.start].decode("utf-8", "replace")) + 1
        return LineError("utf8", "bytes are not valid UTF-8", column, _offset(line, bad.start))
    if exc.msg.startswith("depth limit"):
        # orjson stops just past the bracket that opens the 1,025th level: point at that bracket.
        at = max(exc.pos - 1, 0)
        return LineError("depth", exc.msg, at + 1, _offset(line, len(text[:at].encode("utf-8", "surrogatepass"))))
    byte_pos = len(text[: exc.pos].encode("utf-8", "surrogatepass"))
    location = (exc.pos + 1, _offset(line, byte_pos))
    constant = _non_json_constant(line.raw, byte_pos)
    if constant:
        return LineError("nan", constant, *location)
    return LineError("json", exc.msg, *location)


def _offset(line: Line, position: int) -> int:
    return line.offset + position if line.offset >= 0 else -1


def _non_json_constant(raw: bytes, position: int) -> str:
    """`NaN`, `Infinity` or `-Infinity` when that is what stopped the parser at `position`."""
    for start in (position - 1, position):  # orjson stops at `-` or just after it
        for constant in _NON_JSON_CONSTANTS:
            if start >= 0 and raw.startswith(constant, start):
                return constant.decode()
    return ""


def _record(line: Line, file_format: str | None) -> Record:
    value: dict[str, Any] = line.value
    checked_as = record_format(value, file_format)
    if checked_as is None:
        return Record(line, value, None, file_format, None)
    view, issues = validate_record(FORMAT_BY_NAME[checked_as], value)
    # An unknown key is worth a finding, but the record is still well-formed for every other rule.
    if view is None and all(issue.kind == "unknown" for issue in issues):
        view = value
    return Record(line, value, checked_as, file_format, view, issues)
