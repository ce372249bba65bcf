"""The driver: prepare each file, fan chunks out to workers, then run the dataset rules on the features.

Data flows one way: files → facts (file rules) → chunks (line and record rules, feature rows) →
feature table (dataset rules) → findings. Nothing goes back to an earlier step.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ftlint.core.engine.chunker import DEFAULT_CHUNK_BYTES, chunk_ranges
from ftlint.core.engine.executor import IN_PROCESS_BYTES, run_tasks
from ftlint.core.engine.features import FeatureTable
from ftlint.core.engine.pack import RulePack
from ftlint.core.engine.worker import ChunkResult, ChunkTask, check_lines
from ftlint.core.findings import Finding, replace_line
from ftlint.core.jsondoc import deep_records
from ftlint.core.patterns import PatternTimeoutError
from ftlint.core.rule import FileSummary
from ftlint.core.sniff import LINE_CONTAINERS, PreparedFile, prepare_file
from ftlint.core.sources import InputFile

BYTES_PER_RECORD_GUESS = 1024  # typical chat records are 1-3 KB; a wrong guess only moves the switch to polars


@dataclass
class CheckResult:
    findings: list[Finding]
    files: list[FileSummary] = field(default_factory=list)
    table: FeatureTable | None = None  # the feature columns, for reports that summarise them
    notes: tuple[str, ...] = ()  # what was selected but not checked, and why

    @property
    def records(self) -> int:
        return sum(f.records for f in self.files)


def check_inputs(
    inputs: list[InputFile],
    pack: RulePack,
    *,
    forced_format: str | None = None,
    jobs: int | None = None,
    chunk_bytes: int = DEFAULT_CHUNK_BYTES,
    keep: Callable[[Finding], bool] = lambda finding: True,
    scratch: Path | None = None,
    in_process_bytes: int = IN_PROCESS_BYTES,
) -> CheckResult:
    """Check every input with `pack`; `keep` is the policy filter (per-file ignores) applied last."""
    with tempfile.TemporaryDirectory(prefix="ftlint-", dir=scratch) as workdir:
        prepared = [_prepare(item, index, Path(workdir), forced_format) for index, item in enumerate(inputs)]
        pack = pack.for_inputs([p.facts.path for p in prepared])
        findings: list[Finding] = []
        for item in prepared:
            for rule in pack.file_rules:
                findings.extend(pack.stamp(rule, rule.check_file(item.facts), item.facts.path, 1))
        records = [0] * len(prepared)
        collect = bool(pack.dataset_rules or pack.extra_features)
        # A guess of the table's size from the bytes to read, to start large inputs in polars.
        expected_rows = sum(p.end - p.start for p in prepared) // BYTES_PER_RECORD_GUESS
        table = FeatureTable({f.name: f.dtype for f in pack.features()}, [p.facts.path for p in prepared],
                             expected_rows)
        # Each chunk's result is folded in as it arrives, so its Python objects are freed at once:
        # what stays is the findings and compact polars columns.
        for result, base in _check_records(pack, prepared, jobs, chunk_bytes, in_process_bytes):
            records[result.file_index] += result.records
            findings.extend(replace_line(f, f.line + base) for f in result.findings)
            if collect:
                table.add(result.features, result.file_index, base)
    files = [FileSummary(p.facts.path, records[i], p.facts.format) for i, p in enumerate(prepared)]
    if pack.dataset_rules:
        for rule in pack.dataset_rules:
            findings.extend(pack.stamp(rule, rule.check_dataset(table, files), ""))
    return CheckResult(sorted(f for f in findings if keep(f)), files, table if pack.extra_features else None,
                       pack.notes)


def _prepare(item: InputFile, index: int, workdir: Path, forced_format: str | None) -> PreparedFile:
    scratch = workdir / str(index)
    scratch.mkdir()
    return prepare_file(item.display, item.path, scratch, forced_format)


def _check_records(
    pack: RulePack, prepared: list[PreparedFile], jobs: int | None, chunk_bytes: int, in_process_bytes: int
) -> Iterator[tuple[ChunkResult, int]]:
    """Every chunk's result with the number of lines that precede the chunk in its file."""
    tasks: list[ChunkTask] = []
    for file_index, item in enumerate(prepared):
        facts = item.facts
        if item.documents is not None:
            task = ChunkTask(file_index, facts.path, str(item.data_path), 0, 0, facts.format)
            with deep_records():  # a document's records arrive parsed, however deep (as a chunk's do)
                try:
                    result = check_lines(pack, task, item.documents)
                except PatternTimeoutError as stopped:
                    raise stopped.located(facts.path, 0) from None
            yield result, 0
        elif facts.container in LINE_CONTAINERS:
            for start, end in chunk_ranges(item.data_path, item.start, item.end, chunk_bytes, facts.path):
                offsets_known = not facts.encoding.startswith(("utf-16", "utf-32"))
                tasks.append(ChunkTask(file_index, facts.path, str(item.data_path), start, end, facts.format,
                                       offsets_known))
    lines_before: dict[int, int] = {}
    done = 0
    try:
        for result in run_tasks(pack, tasks, jobs, in_process_bytes):
            base = lines_before.get(result.file_index, 0)
            lines_before[result.file_index] = base + result.lines
            done += 1
            yield result, base
    except PatternTimeoutError as stopped:
        # A rule knows its line within the chunk; results come in task order, so the chunk that stopped is
        # the first without a result, and the lines before it are counted.
        stopped_task = tasks[done]
        raise stopped.located(stopped_task.path, lines_before.get(stopped_task.file_index, 0)) from None
