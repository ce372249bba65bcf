"""A baseline: the findings a team has accepted for now, so that a check reports only new ones.

`--write-baseline FILE` records every finding of a run by its `fingerprint` (rule, file, pointer and
the hash of the record, never the line: a finding stays known when lines above it move) in a
versioned JSON file, written atomically. `--baseline FILE` then drops the findings it holds, as many
times as it holds each (two identical records with the same problem are two entries), and counts the
entries no longer found: fixed since, so the baseline can be refreshed.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ftlint.core.findings import Finding, fingerprint

FORMAT = "ftlint-baseline"
VERSION = 1


class BaselineError(ValueError):
    """A baseline file that cannot be read as one; exit 2."""


@dataclass(frozen=True)
class Filtered:
    findings: list[Finding]  # those not in the baseline
    known: int  # findings the baseline held
    stale: int  # baseline entries this run did not find (fixed since)


def write_baseline(findings: list[Finding], path: Path, shown: list[Finding] | None = None) -> None:
    """Record `findings` in `path`; `shown` are the same findings as reports show them (personal data
    masked), whose messages the file keeps for a reader: a baseline is committed with the data."""
    entries = sorted(({"code": f.code, "path": f.path, "pointer": f.pointer, "fingerprint": fingerprint(f),
                       "message": seen.message} for f, seen in zip(findings, shown or findings, strict=True)),
                     key=lambda e: (e["path"], e["code"], e["fingerprint"]))
    text = json.dumps({"format": FORMAT, "version": VERSION, "findings": entries}, indent=1, ensure_ascii=False)
    folder = path.resolve().parent
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def read_baseline(path: Path) -> Counter[str]:
    """The fingerprints a baseline holds, each with how many times."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such baseline; write one with --write-baseline {path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as problem:
        raise BaselineError(f"{path}: not a baseline (not JSON: {problem})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BaselineError(f"{path}: not an ftlint baseline (no \"format\": \"{FORMAT}\")")
    if data.get("version") != VERSION:
        raise BaselineError(f"{path}: baseline version {data.get('version')!r}; this ftlint reads version "
                            f"{VERSION}: write it again with --write-baseline")
    entries = data.get("findings")
    if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str)
                                                 for e in entries):
        raise BaselineError(f"{path}: its findings are not a list of entries with a fingerprint")
    return Counter(entry["fingerprint"] for entry in entries)


def without_baseline(findings: list[Finding], baseline: Counter[str]) -> Filtered:
    left = Counter(baseline)
    kept = []
    for finding in findings:
        key = fingerprint(finding)
        if left[key] > 0:
            left[key] -= 1
        else:
            kept.append(finding)
    return Filtered(kept, len(findings) - len(kept), sum(left.values()))
