"""`ftlint convert`: rewrite datasets in the format a trainer takes, dropping nothing silently.

Each input is read as `check` reads it (any container and encoding it knows, the format by the
file's vote), cut into the same chunks, and converted record by record by `convert_chunk` on the
session's executor. The converted lines go to a new file (by default beside the input, named after
the output format) and every record that cannot be converted to the rejects file beside it, with
its line and the reason, through the fixer's atomic writes: an interrupted run leaves no half file.
Exit 0 when every record was converted, 1 when some went to the rejects file, 2 for errors.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

import orjson

from ftlint.commands.fix import rejects_path
from ftlint.commands.progress import with_progress
from ftlint.commands.settings import Flags, executor_for, input_excludes, load_settings
from ftlint.config.loader import resolve
from ftlint.config.model import ConfigError, Settings
from ftlint.config.selection import build_target
from ftlint.config.session import build_session
from ftlint.convert import OUTPUTS, Options
from ftlint.convert.chunk import ConvertedChunk, ConvertJob, Parsed, convert_chunk, convert_records, write_part
from ftlint.core.engine.pack import RulePack
from ftlint.core.engine.ray_executor import RayExecutor
from ftlint.core.excludes import Excludes
from ftlint.core.fixer.commit import Placement, new_run_id, put_in_place
from ftlint.core.fixer.rewrite import Reject, reject_entry
from ftlint.core.paths import dataset_stem, refuse_clobbering
from ftlint.core.rule import RecordRule
from ftlint.core.session import Session
from ftlint.core.sniff import PreparedFile
from ftlint.core.sources import NOTHING_LEFT, STDIN_DISPLAY, InputError, InputFile, resolve_inputs
from ftlint.core.textsafe import escape_controls
from ftlint.launch import resume_collector

REJECT_CODE = "convert"  # the `code` of a rejects entry: the command that moved it, not a rule
_PREFERENCE_INPUTS = frozenset({"preference", "preference_trl", "preference_lf"})
# A target's natural output for supervised and for preference data (None: `--to` must say).
NATURAL_OUTPUTS: dict[str, tuple[str | None, str | None]] = {
    "openai": ("chat", "preference"), "openai-dpo": (None, "preference"),
    "openai-legacy": ("prompt_completion", None), "together": ("chat", "preference"),
    "fireworks": ("chat", "preference"), "mistral": ("chat", None), "trl": ("trl_messages", "trl_preference"),
    "llamafactory": ("sharegpt", "sharegpt"),
}


@dataclass(frozen=True)
class ConvertRequest:
    paths: list[str]
    flags: Flags
    to: str | None = None
    output: str | None = None  # a file (one input), a folder (several), or - for standard output
    rejects: str | None = None
    options: Options = field(default_factory=Options)
    jobs: int | None = None
    sheet: str | None = None  # the sheet of an XLSX workbook (the first when None)
    json: bool = False
    force: bool = False
    quiet: bool = False  # no progress display


@dataclass
class _FileReport:
    """What became of one input."""

    item: InputFile
    to: str
    target: Path | None  # None: standard output
    shown: str
    written: int = 0
    blank: int = 0
    parts: list[Path] = field(default_factory=list)
    rejects: list[bytes] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)
    rejects_file: Path | None = None


def run_convert(request: ConvertRequest, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    session, profile, excludes = conversion_session(request.flags, request.jobs)
    if request.to is not None and request.to not in OUTPUTS:
        raise ConfigError(f"unknown output format `{request.to}`; known: {', '.join(OUTPUTS)}")
    run_id = new_run_id()
    with tempfile.TemporaryDirectory(prefix="ftlint-") as tmp, with_progress(session, request.quiet) as session:
        scratch = Path(tmp)
        inputs = resolve_inputs(request.paths, scratch, excludes)
        if not inputs:
            raise InputError(NOTHING_LEFT.format(verb="convert"))
        if any(item.remote for item in inputs) and request.output is None:
            raise ConfigError("a URL is only read: name where the converted records go with -o (a file, a "
                              "folder, or - for standard output)")
        prepared = session.prepare(inputs, scratch / "prepared", request.sheet)
        _read_whole(prepared)
        reports = [_plan(request, item, ready.facts.format, profile, len(inputs))
                   for item, ready in zip(inputs, prepared, strict=True)]
        refuse_clobbering({"-o": Path(request.output) if request.output not in (None, "-") else None,
                           "--rejects": Path(request.rejects) if request.rejects else None},
                          [item.path for item in inputs if item.display != STDIN_DISPLAY and not item.remote])
        parts = scratch / "parts"
        parts.mkdir()
        outputs = tuple(report.to for report in reports)
        # On a cluster the workers write no parts: their disks are not this machine's.
        shared = "" if isinstance(session.executor, RayExecutor) else str(parts)
        job = ConvertJob(outputs, request.options, shared, output_checks(set(outputs)))
        for index, (item, report) in enumerate(zip(prepared, reports, strict=True)):
            if item.documents is not None:
                _convert_documents(replace(job, parts=str(parts)), index, item, report, run_id)
        for task, chunk, base in session.map_chunks(convert_chunk, job, session.chunk_tasks(prepared)):
            if not chunk.part:  # the lines came back in the result: kept here as the chunk's part
                chunk.part = write_part(parts / f"{task.file_index}-{task.start}.jsonl", [chunk.data])
                chunk.data = b""
            _fold(reports[task.file_index], chunk, base, run_id)
        placements = [_placement(index, report, scratch) for index, report in enumerate(reports)]
        notes = put_in_place(placements, run_id, request.force, _to_stdout(stdout))
    data_on_stdout = any(report.target is None for report in reports)
    _summarise(reports, notes, stderr if data_on_stdout else stdout, request.json)
    return 1 if any(report.rejects for report in reports) else 0


def conversion_session(flags: Flags, jobs: int | None) -> tuple[Session, str, Excludes]:
    """A session with no rules (convert reads and writes, it does not check), the profile named and what
    the inputs leave out."""
    settings, profile = load_settings(flags, Path.cwd())
    session = Session(RulePack(()), build_target(settings, profile), input_format=settings.input_format, jobs=jobs,
                      executor=executor_for(flags, jobs))
    resume_collector()  # start-up is over: the data work begins (see `ftlint.launch`)
    return session, profile, input_excludes(settings)


# The families whose record rules can reject a record a conversion wrote (the data-quality and privacy
# rules judge what the data says, which a conversion does not change).
_WRITTEN_RECORD_FAMILIES = ["SC", "CH", "TL", "IM", "PC", "PF", "TK"]


def output_checks(outputs: set[str]) -> dict[str, RulePack]:
    """For each output format, the record rules of its target's profile: `ftlint check --profile P` on
    one record, so that what convert writes passes it."""
    checks = {}
    for to in outputs:
        profile = OUTPUTS[to].profile
        settings = resolve(Settings(select=_WRITTEN_RECORD_FAMILIES), Path.cwd(), profile)
        pack = build_session(settings, profile).pack
        checks[to] = replace(pack, rules=tuple(rule for rule in pack.rules if isinstance(rule, RecordRule)))
    return checks


def _read_whole(prepared: list[PreparedFile]) -> None:
    """Every input is read: a file that cannot be (not JSON Lines, a table or a JSON document; damaged)
    stops the conversion with its reason rather than yield an empty output."""
    for item in prepared:
        facts = item.facts
        if facts.container in ("binary", "corrupt", "unsupported"):
            detail = f": {facts.container_detail}" if facts.container_detail else ""
            raise ConfigError(f"{facts.path}: cannot be read ({facts.container}{detail}); "
                              f"`ftlint check {facts.path}` says more")


def natural_output(profile: str, input_format: str | None) -> str | None:
    """The output format a target takes for data of `input_format`, when it takes one only."""
    supervised, preference = NATURAL_OUTPUTS.get(profile, (None, None))
    return preference if input_format in _PREFERENCE_INPUTS else supervised


def _plan(request: ConvertRequest, item: InputFile, input_format: str | None, profile: str,
          inputs: int) -> _FileReport:
    to = request.to or natural_output(profile, input_format)
    if to is None:
        what = f"{input_format} data" if input_format else "this data"
        raise ConfigError(f"{item.display}: name the output format with --to (one of {', '.join(OUTPUTS)}); "
                          f"the `{profile}` profile takes no single format for {what}")
    target, shown = _target(request, item, to, inputs)
    report = _FileReport(item, to, target, shown)
    if request.rejects:
        report.rejects_file = Path(request.rejects)
    elif target is not None:
        report.rejects_file = rejects_path(Path(shown))
    return report


def _target(request: ConvertRequest, item: InputFile, to: str, inputs: int) -> tuple[Path | None, str]:
    """Where an input's converted records go, and how to name it to the user."""
    output = request.output
    if output == "-" or (output is None and item.display == STDIN_DISPLAY):
        if inputs > 1:
            raise ConfigError("-o - writes one input to standard output; name a folder with -o for several")
        return None, "standard output"
    name = f"{dataset_stem(item.display)}.{to}.jsonl"
    if output is None:
        shown = str(Path(item.display).with_name(name))
    elif inputs > 1 or Path(output).is_dir():
        if Path(output).exists() and not Path(output).is_dir():
            raise ConfigError(f"-o {output}: several inputs are written into a folder, and this is a file")
        Path(output).mkdir(parents=True, exist_ok=True)
        shown = str(Path(output) / name)
    else:
        shown = output
    return Path(shown).resolve(), shown


def _convert_documents(job: ConvertJob, index: int, item: PreparedFile, report: _FileReport, run_id: str) -> None:
    """The records of a JSON array or document, converted here: sniff has parsed them already."""
    chunk = ConvertedChunk(index)
    records = [Parsed(line.number, line.raw, line.value,
                      f"not valid JSON ({line.error.message})" if line.error is not None else None)
               for line in item.documents or ()]
    out = convert_records(job, report.to, item.facts.format, records, chunk)
    chunk.part = write_part(Path(job.parts) / f"{index}-document.jsonl", out)
    _fold(report, chunk, 0, run_id)


def _fold(report: _FileReport, chunk: ConvertedChunk, base: int, run_id: str) -> None:
    report.written += chunk.written
    report.blank += chunk.blank
    report.parts.append(Path(chunk.part))
    report.notes.update(chunk.notes)
    for dropped in chunk.dropped:
        report.reasons[dropped.reason] += 1
        report.rejects.append(reject_entry(Reject(base + dropped.line, REJECT_CODE, dropped.reason), dropped.raw,
                                           report.item.display, run_id))


def _placement(index: int, report: _FileReport, scratch: Path) -> Placement:
    content = scratch / f"converted-{index}.jsonl"
    with content.open("wb") as out:
        for part in report.parts:
            with part.open("rb") as data:
                while block := data.read(1 << 20):
                    out.write(block)
            part.unlink()  # the parts of a large file are not kept twice
    # A new file of the user's, not a copy of the input: the umask's mode, not a read-only input's.
    return Placement(report.item.display, content, report.target, report.shown, None, 0o666, report.rejects,
                     report.rejects_file if report.rejects else None)


def _to_stdout(stdout: TextIO):  # type: ignore[no-untyped-def]
    def write(content: Path) -> None:
        stdout.flush()
        sys.stdout.buffer.write(content.read_bytes())
        sys.stdout.buffer.flush()

    return write


def _summarise(reports: list[_FileReport], notes: list[str], out: TextIO, as_json: bool) -> None:
    if as_json:
        files = [{"input": r.item.display, "output": r.shown, "to": r.to, "written": r.written,
                  "rejected": len(r.rejects), "rejects_file": str(r.rejects_file) if r.rejects else None,
                  "reasons": dict(r.reasons.most_common()), "notes": dict(r.notes.most_common()),
                  "blank_lines": r.blank} for r in reports]
        out.write(orjson.dumps({"files": files, "notes": notes}, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    for r in reports:
        output = OUTPUTS[r.to]
        out.write(f"{escape_controls(r.item.display)} -> {escape_controls(r.shown)}: {_count(r.written)} converted "
                  f"to {r.to} (for `ftlint check --profile {output.profile}`)\n")
        if r.rejects:
            out.write(f"  {_count(len(r.rejects))} not converted, moved to {escape_controls(str(r.rejects_file))} "
                      "(line and reason for each):\n")
            for reason, times in r.reasons.most_common(8):
                out.write(f"  {times:>8,}  {escape_controls(reason)}\n")
            if len(r.reasons) > 8:
                out.write(f"  {sum(r.reasons.values()) - sum(t for _, t in r.reasons.most_common(8)):>8,}  "
                          f"for {len(r.reasons) - 8} other reasons\n")
        for note, times in r.notes.most_common(5):
            out.write(f"  note: {escape_controls(note)} ({_count(times)})\n")
        if r.blank:
            out.write(f"  {r.blank:,} blank line{'s' if r.blank != 1 else ''} skipped (they hold no record)\n")
    for note in notes:
        out.write(f"ftlint: {escape_controls(note)}\n")


def _count(records: int) -> str:
    return f"{records:,} record" + ("" if records == 1 else "s")
