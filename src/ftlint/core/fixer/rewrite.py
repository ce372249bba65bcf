"""One fixer pass over one file: stream its lines, apply the plan, write the new bytes.

Lines that no edit touches are copied byte for byte. An edited record is written back in the
style of its line (compact or with spaces, escaped or raw non-ASCII), so diffs stay small.
Every dropped line that held data goes to the rejects, with the line it had in the original file.
"""

from __future__ import annotations

import base64
import codecs
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from ftlint.core.edits import FileChange, RecordEdit, apply_record_edit
from ftlint.core.fixer.plan import FilePlan
from ftlint.core.jsondoc import dump_json
from ftlint.core.memory import ensure_room
from ftlint.core.sniff import PreparedFile
from ftlint.core.tables import KIND_NAMES
from ftlint.core.tables import KINDS as TABLE_KINDS


@dataclass(frozen=True)
class Reject:
    """A dropped line: where it was in the original file, which rule dropped it and why."""

    line: int
    code: str
    reason: str


class CannotFix(Exception):
    """The file cannot be rewritten with this plan; the message says what the user can do."""


@dataclass
class Rewritten:
    """What a pass did to one file."""

    fixed: Counter[str] = field(default_factory=Counter)  # findings fixed, by code
    rejects: list[Reject] = field(default_factory=list)
    origin: list[int] = field(default_factory=list)  # original line number of every line written
    changed: bool = False


def rewrite(prepared: PreparedFile, plan: FilePlan, origin: list[int] | None, out: BinaryIO) -> Rewritten:
    """Write the fixed file to `out`; `origin` maps the lines of this pass's input to the original's."""
    facts = prepared.facts
    changes = plan.changes
    if facts.compression:
        raise CannotFix(f"{facts.compression}-compressed files are not fixed in place; decompress the file first")
    if facts.container in TABLE_KINDS:
        raise CannotFix(f"{KIND_NAMES[facts.container]} files are not fixed in place; write it as JSONL with "
                        "`ftlint convert` first and fix that")
    if facts.encoding.startswith(("utf-16", "utf-32")) and FileChange.TO_UTF8 not in changes:
        raise CannotFix(f"the file is {facts.encoding.upper()}; fixing it needs the FL003 fix (re-encode as UTF-8)")
    if prepared.documents is not None and FileChange.TO_JSONL not in changes:
        raise CannotFix("records inside a JSON array or document are fixed once it is JSONL; allow the FL008 fix")
    result = Rewritten()
    for code in changes.values():
        result.fixed[code] += 1
    if facts.encoding == "utf-8-sig" and FileChange.STRIP_BOM not in changes:
        out.write(codecs.BOM_UTF8)
    lf = FileChange.LF_LINE_ENDS in changes
    every_applied: set[str] = set()
    for number, raw, ending in numbered_lines(prepared):
        original = origin[number - 1] if origin is not None else number
        if facts.line_ending == "cr" and ending and not lf:
            ending = b"\r"  # the checked copy has LF; the file had CR
        elif lf and ending:
            raw, ending = raw.removesuffix(b"\r"), b"\n"
        deleted = plan.deletes.get(number)
        if deleted is not None:
            code, edit = deleted
            result.fixed[code] += 1
            if edit.reject:
                result.rejects.append(Reject(original, code, edit.reason))
            continue
        edits = plan.record_edits.get(number, [])
        if edits or plan.every_record:
            raw = _edit_record(raw, edits, plan.every_record, result.fixed, every_applied)
        out.write(raw + ending)
        result.origin.append(original)
    for code in every_applied:
        result.fixed[code] += 1  # one dataset finding, however many records its fix edited
    result.changed = bool(result.fixed)
    return result


def numbered_lines(prepared: PreparedFile) -> Iterator[tuple[int, bytes, bytes]]:
    """(number, bytes without the LF, the LF or nothing) for every line, as the workers number them."""
    if prepared.documents is not None:  # becoming JSONL: one record per line, numbered where it began
        for line in prepared.documents:
            yield line.number, one_line(line.raw), b"\n"
        return
    with prepared.data_path.open("rb") as handle:
        handle.seek(prepared.start)
        remaining = prepared.end - prepared.start
        number = 0
        while remaining > 0:
            line = handle.readline(remaining)
            if not line:
                break
            remaining -= len(line)
            number += 1
            if line.endswith(b"\n"):
                yield number, line[:-1], b"\n"
            else:
                yield number, line, b""


def original_lines(prepared: PreparedFile) -> Iterator[tuple[int, bytes]]:
    """(number, bytes) of every record as the file holds it: an element of a JSON array or document
    as it was written there, over as many lines as it took."""
    if prepared.documents is not None:
        for line in prepared.documents:
            yield line.number, line.raw.rstrip(b" \t\r\n")  # a document runs to the end of the file
        return
    for number, raw, _ in numbered_lines(prepared):
        yield number, raw


# A JSON string (escapes and all; never a raw line end, which JSON strings cannot hold), or a run of
# the whitespace JSON allows between tokens.
_STRING_OR_SPACE = re.compile(rb'"[^"\\\r\n]*(?:\\[^\r\n][^"\\\r\n]*)*"|[ \t\r\n]+')


def one_line(raw: bytes) -> bytes:
    """A record spread over lines, on one line, each token's bytes as they were: only the whitespace
    between tokens goes (a JSON string holds no raw line end, so every line end is between tokens).

    Never parsed and written again: that would turn 1E400 into null or Infinity, an escaped lone
    surrogate into bytes that are not UTF-8, 1.0000000000000000001 into 1.0, and drop one of two
    duplicate keys.
    """
    return _STRING_OR_SPACE.sub(lambda match: match[0] if match[0].startswith(b'"') else b"", raw)


def _edit_record(raw: bytes, edits: list[tuple[str, RecordEdit]], every: list[tuple[str, RecordEdit]],
                 fixed: Counter[str], every_applied: set[str]) -> bytes:
    carriage = raw.endswith(b"\r")
    try:
        # `json`, not orjson: orjson reads integers beyond 64 bits as floats, and an edit must not
        # change a value it was not asked to change.
        value = json.loads(raw, parse_constant=_not_json)
    except (ValueError, RecursionError):
        return raw  # nothing to edit in a line that is not JSON (NaN and Infinity are not JSON either)
    if not isinstance(value, dict):
        return raw
    changed = False
    for code, edit in edits:
        if apply_record_edit(value, edit):
            fixed[code] += 1
            changed = True
    for code, edit in every:
        if apply_record_edit(value, edit):
            every_applied.add(code)
            changed = True
    if not changed:
        return raw
    return _in_style_of(raw, value) + (b"\r" if carriage else b"")


def _in_style_of(raw: bytes, value: Any) -> bytes:
    spaced = b'": ' in raw or b'", "' in raw
    escaped = b"\\u" in raw and raw.isascii()
    separators = (", ", ": ") if spaced else (",", ":")
    return json.dumps(value, ensure_ascii=escaped, separators=separators).encode("utf-8")


def _not_json(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def reject_entry(reject: Reject, raw: bytes, file: str = "", run: str = "") -> bytes:
    """A rejects-file line: the original line exactly as it was, with its file, line number, reason and
    the id of the run that moved it (which tells its entries apart if that run was cut short).

    The line's text, as a JSON string, never its parsed value: parsing and writing again would turn
    `NaN` and `1E400` into null, `1.0000000000000000001` into 1.0, an escaped lone surrogate into
    bytes that are not UTF-8, and keep one of two duplicate keys. Bytes that are not UTF-8 are kept
    in base64.
    """
    ensure_room(len(raw))  # orjson crashes, rather than fail, when a memory limit leaves it no room
    entry: dict[str, Any] = {"line": reject.line, "code": reject.code, "reason": reject.reason, "file": file,
                             "run": run}
    try:
        entry["raw"] = raw.decode("utf-8")
    except UnicodeDecodeError:  # kept exactly, as the bytes cannot be a JSON string
        entry["raw_base64"] = base64.b64encode(raw).decode("ascii")
    return dump_json(entry) + b"\n"
