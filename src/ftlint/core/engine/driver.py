"""The driver: prepare each file, fan chunks out to workers, then run the dataset rules on the features.

Data flows one way: files → facts (file rules) → chunks (line and record rules, feature rows) →
feature table (dataset rules) → findings. Nothing goes back to an earlier step.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ftlint.core.engine.chunker import DEFAULT_CHUNK_BYTES
from ftlint.core.engine.chunks import ChunkDone, chunk_tasks, in_chunk_order, prepare_inputs, reporting
from ftlint.core.engine.executor import IN_PROCESS_BYTES, Executor, choose_executor
from ftlint.core.engine.features import FeatureTable
from ftlint.core.engine.pack import RulePack
from ftlint.core.engine.worker import ChunkResult, ChunkTask, check_chunk, check_lines
from ftlint.core.findings import Finding, replace_line
from ftlint.core.jsondoc import deep_records
from ftlint.core.patterns import PatternTimeoutError
from ftlint.core.rule import FileSummary
from ftlint.core.sniff import PreparedFile
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
    executor: Executor | None = None,
    on_chunk: ChunkDone | None = None,
) -> CheckResult:
    """Check every input with `pack`; `keep` is the policy filter (per-file ignores) applied last.

    The chunks run on `executor`, by default this process or a local pool by the input's size
    (`choose_executor`, with `jobs` and `in_process_bytes`)."""
    with tempfile.TemporaryDirectory(prefix="ftlint-", dir=scratch) as workdir:
        prepared = prepare_inputs(inputs, Path(workdir), forced_format)
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
        run = _Run(jobs, in_process_bytes, executor, on_chunk)
        for result, base in _check_records(pack, prepared, chunk_bytes, run):
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


@dataclass(frozen=True)
class _Run:
    """How the chunks run: an executor given, or one chosen by the input's size."""

    jobs: int | None
    in_process_bytes: int
    executor: Executor | None
    on_chunk: ChunkDone | None = None

    def executor_for(self, tasks: list[ChunkTask]) -> Executor:
        return self.executor or choose_executor(self.jobs, tasks, self.in_process_bytes)


def _check_records(pack: RulePack, prepared: list[PreparedFile], chunk_bytes: int,
                   run: _Run) -> Iterator[tuple[ChunkResult, int]]:
    """Every chunk's result, in the order of the chunks, with the number of lines that precede the
    chunk in its file."""
    for file_index, item in enumerate(prepared):
        if item.documents is not None:
            facts = item.facts
            task = ChunkTask(file_index, facts.path, str(item.data_path), 0, 0, facts.format)
            with deep_records():  # a document's records arrive parsed, however deep (as a chunk's do)
                try:
                    result = check_lines(pack, task, item.documents)
                except PatternTimeoutError as stopped:
                    raise stopped.located(facts.path, 0) from None
            yield result, 0
    tasks = chunk_tasks(prepared, chunk_bytes)
    results = in_chunk_order(tasks, run.executor_for(tasks).map(check_chunk, pack, tasks))
    for _, result, base in reporting(results, tasks, run.on_chunk):
        yield result, base
