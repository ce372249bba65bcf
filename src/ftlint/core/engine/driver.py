"""The driver: prepare each file, fan chunks out to workers, then run the dataset rules on the features.

Data flows one way: files → facts (file rules) → chunks (line and record rules, feature rows) →
feature table (dataset rules) → findings. Nothing goes back to an earlier step.
"""

from __future__ import annotations

import tempfile
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ftlint.core.engine.cache import CachedFile, ResultCache
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

# A checked file's result: a chunk's (or a document's) and the number of lines before it in its file.
Checked = tuple[ChunkResult, int]
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
    cache: ResultCache | None = None,
) -> CheckResult:
    """Check every input with `pack`; `keep` is the policy filter (per-file ignores) applied last.

    The chunks run on `executor`, by default this process or a local pool by the input's size
    (`choose_executor`, with `jobs` and `in_process_bytes`). With a `cache`, a file checked before under
    the same settings is not read again: its findings and feature rows come from the cache."""
    pack = pack.for_inputs([item.display for item in inputs])
    feature_types = {f.name: f.dtype for f in pack.features()}
    collect = bool(pack.dataset_rules or pack.extra_features)
    if any(item.remote for item in inputs):
        cache = None  # an object at a URL would be read whole on this machine just to hash it
    run_cache = cache.for_run(pack, forced_format, list(feature_types)) if cache else None
    cached = {index: hit for index, item in enumerate(inputs) if run_cache and (hit := run_cache.lookup(item))}
    fresh = [index for index in range(len(inputs)) if index not in cached]
    if run_cache and not fresh and not pack.extra_features:
        # Every file as last checked: with the dataset findings over the same files, nothing is read at all.
        dataset = run_cache.dataset_findings(inputs)
        if dataset is not None:
            files = [FileSummary(item.display, cached[i].records, cached[i].format) for i, item in enumerate(inputs)]
            every = [finding for index in range(len(inputs)) for finding in cached[index].findings]
            return CheckResult(_ordered([*every, *dataset], keep), files, None, pack.notes)
    with tempfile.TemporaryDirectory(prefix="ftlint-", dir=scratch) as workdir:
        prepared = prepare_inputs([inputs[index] for index in fresh], Path(workdir), forced_format,
                                  decode_in_tasks=executor is not None and executor.decodes_in_tasks)
        # Each file's own findings (file, line and record rules): what the cache keeps of it.
        found: dict[int, list[Finding]] = {index: [] for index in fresh}
        for index, item in zip(fresh, prepared, strict=True):
            for rule in pack.file_rules:
                found[index].extend(pack.stamp(rule, rule.check_file(item.facts), item.facts.path, 1))
        records = [0] * len(inputs)
        # A guess of the table's size from the bytes to read, to start large inputs in polars.
        expected_rows = (sum(max(0, p.end - p.start) for p in prepared) // BYTES_PER_RECORD_GUESS
                         + sum(hit.records for hit in cached.values()))
        table = FeatureTable(feature_types, [item.display for item in inputs], expected_rows)
        # Each chunk's result is folded in as it arrives, so its Python objects are freed at once:
        # what stays is the findings and compact polars columns. Files are folded in the order given,
        # cached or not, so that "the first copy" of a duplicate is the same either way.
        run = _Run(jobs, in_process_bytes, executor, on_chunk)
        documents, stream = _check_records(pack, prepared, fresh, chunk_bytes, run)
        for index, outcome in _in_file_order({**cached, **documents}, stream):
            if isinstance(outcome, CachedFile):
                records[index] = outcome.records
                if collect and (rows := outcome.rows()) is not None:
                    table.add_rows(rows, index)
                continue
            result, base = outcome
            records[index] += result.records
            found[index].extend(replace_line(f, f.line + base) for f in result.findings)
            if collect:
                table.add(result.features, index, base)
    formats = {index: item.facts.format for index, item in zip(fresh, prepared, strict=True)}
    formats.update({index: hit.format for index, hit in cached.items()})
    files = [FileSummary(item.display, records[index], formats[index]) for index, item in enumerate(inputs)]
    stored = True
    if run_cache:
        for index in fresh:
            rows = (lambda index=index: table.rows_of(index)) if collect else (lambda: None)  # type: ignore[misc]
            kept = run_cache.store(inputs[index], CachedFile(records[index], formats[index], found[index], rows))
            stored = stored and kept
    findings = [finding for index in range(len(inputs))
                for finding in (cached[index].findings if index in cached else found[index])]
    dataset: list[Finding] = []
    for rule in pack.dataset_rules:
        dataset.extend(pack.stamp(rule, rule.check_dataset(table, files), ""))
    if run_cache and stored:
        run_cache.store_dataset(inputs, dataset)
    return CheckResult(_ordered([*findings, *dataset], keep), files, table if pack.extra_features else None,
                       pack.notes)


def _ordered(findings: list[Finding], keep: Callable[[Finding], bool]) -> list[Finding]:
    """The findings `keep` keeps, sorted by the fields findings order by (path, line, pointer, code), as one
    tuple each: the same order as the dataclass's own comparisons, which build two tuples for every
    comparison (~0.03 s of 7,700 findings)."""
    return sorted((f for f in findings if keep(f)), key=lambda f: (f.path, f.line, f.pointer, f.code))


@dataclass(frozen=True)
class _Run:
    """How the chunks run: an executor given, or one chosen by the input's size."""

    jobs: int | None
    in_process_bytes: int
    executor: Executor | None
    on_chunk: ChunkDone | None = None

    def executor_for(self, tasks: list[ChunkTask]) -> Executor:
        return self.executor or choose_executor(self.jobs, tasks, self.in_process_bytes)


def _check_records(pack: RulePack, prepared: list[PreparedFile], indexes: list[int], chunk_bytes: int,
                   run: _Run) -> tuple[dict[int, Checked], Iterator[tuple[int, Checked]]]:
    """The results of the prepared files, which are the inputs at `indexes`: a JSON document's, checked
    here at once, and a stream of every chunk's in the order of the chunks, each with the number of lines
    that precede the chunk in its file."""
    documents: dict[int, Checked] = {}
    for position, item in enumerate(prepared):
        if item.documents is not None:
            facts = item.facts
            task = ChunkTask(position, facts.path, str(item.data_path), 0, 0, facts.format)
            with deep_records():  # a document's records arrive parsed, however deep (as a chunk's do)
                try:
                    result = check_lines(pack, task, item.documents)
                except PatternTimeoutError as stopped:
                    raise stopped.located(facts.path, 0) from None
            documents[indexes[position]] = (result, 0)
    tasks = chunk_tasks(prepared, chunk_bytes)
    results = in_chunk_order(tasks, run.executor_for(tasks).map(check_chunk, pack, tasks))
    stream = ((indexes[result.file_index], (result, base))
              for _, result, base in reporting(results, tasks, run.on_chunk))
    return documents, stream


def _in_file_order(ready: dict[int, CachedFile | Checked], stream: Iterator[tuple[int, Checked]],
                   ) -> Iterator[tuple[int, CachedFile | Checked]]:
    """What is ready (cached files, checked documents) and the chunk stream (itself in file order) merged into
    the order of the inputs: whatever is ready for a file goes out before the first chunk of a later file."""
    waiting = deque(sorted(ready))
    for index, outcome in stream:
        while waiting and waiting[0] < index:
            first = waiting.popleft()
            yield first, ready[first]
        yield index, outcome
    for index in waiting:
        yield index, ready[index]
