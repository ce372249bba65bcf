"""Findings as JSON values and back, for the result cache (`ftlint.core.engine.cache`).

JSON rather than pickle: a cache folder can come from someone else (committed by mistake, or planted
in a pull request that CI checks), and unpickling it would run their code. Reading a JSON entry can
at worst give wrong findings, and an entry that does not decode is ignored.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ftlint.core.edits import DeleteLine, EditText, FileChange, ReplaceRecord, RewriteFile, SetValue
from ftlint.core.findings import Applicability, Finding, Fix, Location, Severity

_EDITS: dict[str, type] = {kind.__name__: kind for kind in (DeleteLine, EditText, ReplaceRecord, RewriteFile, SetValue)}
# Looked up in dicts rather than by calling the enums: a cached report decodes thousands of findings.
_SEVERITIES = {int(severity): severity for severity in Severity}
_APPLICABILITIES = {applicability.value: applicability for applicability in Applicability}


class UndecodableEntry(ValueError):
    """A cache entry that is not what this version writes: treated as a miss."""


def encode_finding(finding: Finding) -> list[Any]:
    return [finding.path, finding.line, finding.pointer, finding.code, finding.name, int(finding.severity),
            finding.message, _encode_fix(finding.fix) if finding.fix else None, finding.url,
            [[place.path, place.line, place.pointer] for place in finding.related], finding.record,
            finding.column]


def decode_finding(values: list[Any]) -> Finding:
    try:
        # Unpacked by count: an entry of the shape before `column` (11 values) fails here, a miss.
        path, line, pointer, code, name, severity, message, fix, url, related, record, column = values
        return Finding(path=path, line=line, pointer=pointer, code=code, name=name, severity=_SEVERITIES[severity],
                       message=message, fix=_decode_fix(fix) if fix else None, url=url,
                       related=tuple(Location(*place) for place in related) if related else (), record=record,
                       column=column)
    except (TypeError, ValueError, KeyError) as exc:
        raise UndecodableEntry(f"a finding in the cache does not decode: {exc}") from None


def _encode_fix(fix: Fix) -> list[Any]:
    # Each edit as [kind, its fields in order]: built back positionally, the quickest way for thousands.
    edits = []
    for edit in fix.edits:
        values = [getattr(edit, field.name) for field in dataclasses.fields(edit)]
        if isinstance(edit, RewriteFile):
            values = [edit.change.value]
        edits.append([type(edit).__name__, *values])
    return [fix.title, fix.applicability.value, fix.every_record, edits]


def _decode_fix(values: list[Any]) -> Fix:
    title, applicability, every_record, encoded = values
    edits = []
    for kind, *fields in encoded:
        edits.append(RewriteFile(FileChange(fields[0])) if kind == "RewriteFile" else _EDITS[kind](*fields))
    return Fix(title, _APPLICABILITIES[applicability], tuple(edits), every_record)
