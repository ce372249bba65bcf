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


class UndecodableEntry(ValueError):
    """A cache entry that is not what this version writes: treated as a miss."""


def encode_finding(finding: Finding) -> list[Any]:
    return [finding.path, finding.line, finding.pointer, finding.code, finding.name, int(finding.severity),
            finding.message, _encode_fix(finding.fix) if finding.fix else None, finding.url,
            [[place.path, place.line, place.pointer] for place in finding.related], finding.record]


def decode_finding(values: list[Any]) -> Finding:
    try:
        path, line, pointer, code, name, severity, message, fix, url, related, record = values
        return Finding(path=path, line=line, pointer=pointer, code=code, name=name, severity=Severity(severity),
                       message=message, fix=_decode_fix(fix) if fix else None, url=url,
                       related=tuple(Location(*place) for place in related), record=record)
    except (TypeError, ValueError, KeyError) as exc:
        raise UndecodableEntry(f"a finding in the cache does not decode: {exc}") from None


def _encode_fix(fix: Fix) -> dict[str, Any]:
    edits = []
    for edit in fix.edits:
        fields = {field.name: getattr(edit, field.name) for field in dataclasses.fields(edit)}
        if isinstance(edit, RewriteFile):
            fields["change"] = edit.change.value
        edits.append({"kind": type(edit).__name__, **fields})
    return {"title": fix.title, "applicability": fix.applicability.value, "every_record": fix.every_record,
            "edits": edits}


def _decode_fix(values: dict[str, Any]) -> Fix:
    edits = []
    for fields in values["edits"]:
        fields = dict(fields)
        kind = _EDITS[fields.pop("kind")]
        if kind is RewriteFile:
            fields["change"] = FileChange(fields["change"])
        edits.append(kind(**fields))
    return Fix(values["title"], Applicability(values["applicability"]), tuple(edits), values["every_record"])
