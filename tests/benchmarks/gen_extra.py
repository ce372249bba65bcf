"""Datasets built from material shipped beside the project: data that holds personal data, and numbers.

- `chat-pii`: the output of `../shared/bench/gen.py chat N 1`, the generator of the data issue 14
  measured (about 5 % of records carry an e-mail address or a phone number, 1 % exact duplicates).
  It is run with this interpreter: its words come from the standard library's docstrings, so another
  Python version gives other bytes.
- `numeric`: the real GSM8K chat records of `../shared/realdata` cycled to N records, every digit run
  in their text redrawn by a seeded `random.Random` with the same number of digits: arithmetic of the
  same shape (calculator annotations, decimals, money), no personal data, and (almost) no copies.
- `tiny-pii`: the 10-record `tiny` file with an e-mail address in one record and a phone number in
  another: the cold start of a pre-commit run on a file the privacy scan must look at closely.

`shared` is the folder `../shared` next to the repository (bench.py's `--shared`, by default
REPO.parent / "shared", wherever the repository was cloned).  When a source is missing the maker
raises `Unavailable` with the reason, and the benchmark skips that data set.
"""

from __future__ import annotations

import hashlib
import platform
import random
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gen_data
import orjson

# Bump when what this module writes changes, so stale files in WORK are regenerated.
EXTRA_VERSION = 1
GSM8K_FILES = ("azure__gsm8k_chat_train.jsonl", "azure__gsm8k_chat_validation.jsonl")
NUMERIC_SEED = 5
# One record gets an e-mail address, another a phone number.  The number is in Ofcom's range for
# drama (020 7946 0xxx): shaped like a real London number, and nobody's.
TINY_PII = {2: " You can reach me at maria.rossi@acme-corp.com.", 6: " Or call me on +44 20 7946 0958."}

# What gen.py inserts ("Contact me at NAME.1234@DOMAIN." / "Call +1 (NXX) NXX-XXXX."), counted so the
# report can set ftlint's PI001/PI002 findings beside what the generator put in.
_EMAIL = re.compile(rb"[A-Za-z0-9._]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_PHONE = re.compile(rb"\+1 \(\d{3}\) \d{3}-\d{4}")
_DIGITS = re.compile(r"\d+")


class Unavailable(Exception):
    """The material a dataset is made from is not there; the message says what is missing."""


@dataclass
class SourcedSpec:
    """Everything that determines the bytes of a dataset made from outside material."""

    kind: str
    records: int
    seed: int
    # sha256 of the sources (gen.py, the GSM8K files) or of the inserted text: a change regenerates.
    fingerprint: str
    # gen.py's vocabulary comes from this interpreter's standard library; "" where it does not matter.
    python: str = ""
    version: int = EXTRA_VERSION


def _sha256(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(path.read_bytes())
    return h.hexdigest()


def _count_lines(path: Path) -> gen_data.Stats:
    """Lines, bytes and exact duplicate lines of a written file, plus gen.py's e-mails and phones."""
    stats = gen_data.Stats()
    seen: set[bytes] = set()
    emails = phones = 0
    with path.open("rb") as f:
        for line in f:
            stats.lines += 1
            stats.bytes += len(line)
            digest = hashlib.blake2b(line, digest_size=16).digest()
            if digest in seen:
                stats.duplicates += 1
            seen.add(digest)
            if b"@" in line:
                emails += len(_EMAIL.findall(line))
            if b"+1 (" in line:
                phones += len(_PHONE.findall(line))
    if emails or phones:
        stats.defects = {"e-mail addresses": emails, "phone numbers": phones}
    return stats


def chat_pii(work: Path, shared: Path, records: int, log: Callable[[str], None]) -> tuple[Path, gen_data.Stats]:
    gen = shared / "bench" / "gen.py"
    if not gen.is_file():
        raise Unavailable(f"{gen} not found (it ships beside the repository, in ../shared/bench)")
    spec = SourcedSpec("gen.py chat", records, 1, _sha256([gen]), platform.python_version())

    def write(tmp: Path) -> gen_data.Stats:
        with tmp.open("wb") as out:
            cp = subprocess.run(
                [sys.executable, str(gen), "chat", str(records), str(spec.seed)],
                stdout=out,
                stderr=subprocess.PIPE,
                text=True,
                check=False,
            )
        if cp.returncode != 0:
            tmp.unlink(missing_ok=True)
            raise Unavailable(f"{gen} failed (exit {cp.returncode}): {cp.stderr.strip()[-500:]}")
        return _count_lines(tmp)

    return gen_data.ensure_dataset(work, "chat-pii", spec, log, write)


def _redraw(rng: random.Random, value: Any) -> Any:
    """`value` with every digit run in its strings replaced by a random one of the same length.

    Only the decoded strings change, never the JSON text: redrawing the digits of a `\\u00e9` escape
    would change the character or make a lone surrogate.  A run that starts with a non-zero digit keeps
    a non-zero first digit, so "48" stays a two-digit number and "05" may stay zero-padded.
    """
    if isinstance(value, str):

        def one(m: re.Match[str]) -> str:
            run = m.group()
            low = 10 ** (len(run) - 1) if run[0] != "0" and len(run) > 1 else 0
            return str(rng.randrange(low, 10 ** len(run))).zfill(len(run))

        return _DIGITS.sub(one, value)
    if isinstance(value, list):
        return [_redraw(rng, v) for v in value]
    if isinstance(value, dict):
        return {k: _redraw(rng, v) for k, v in value.items()}
    return value


def _gsm8k_records(sources: list[Path]) -> list[Any]:
    return [orjson.loads(line) for path in sources for line in path.read_bytes().splitlines() if line.strip()]


def _numeric_lines(records: list[Any], n: int, seed: int) -> Iterator[bytes]:
    rng = random.Random(seed)
    for i in range(n):
        yield orjson.dumps(_redraw(rng, records[i % len(records)]))


def numeric(work: Path, shared: Path, records: int, log: Callable[[str], None]) -> tuple[Path, gen_data.Stats]:
    sources = [shared / "realdata" / name for name in GSM8K_FILES]
    missing = [str(p) for p in sources if not p.is_file()]
    if missing:
        raise Unavailable(f"GSM8K source(s) not found: {', '.join(missing)}")
    spec = SourcedSpec("gsm8k redrawn", records, NUMERIC_SEED, _sha256(sources))

    def write(tmp: Path) -> gen_data.Stats:
        base = _gsm8k_records(sources)
        with tmp.open("wb") as out:
            for line in _numeric_lines(base, records, spec.seed):
                out.write(line + b"\n")
        return _count_lines(tmp)

    return gen_data.ensure_dataset(work, "numeric", spec, log, write)


def tiny_pii(work: Path, log: Callable[[str], None]) -> tuple[Path, gen_data.Stats]:
    base = gen_data.Spec(kind="chat", seed=4, records=10, defect_rate=0.0, dup_rate=0.0)
    # The base records come from gen_data's generator: its version is part of what makes the bytes.
    inserted = orjson.dumps({"generator": base.version, **{str(k): v for k, v in TINY_PII.items()}})
    spec = SourcedSpec("tiny + pii", 10, base.seed, hashlib.sha256(inserted).hexdigest())

    def write(tmp: Path) -> gen_data.Stats:
        gen_data.write_dataset(base, tmp, workers=1)
        lines = tmp.read_bytes().splitlines()
        for index, text in TINY_PII.items():
            rec = orjson.loads(lines[index])
            next(m for m in rec["messages"] if m["role"] == "user")["content"] += text
            lines[index] = orjson.dumps(rec)
        tmp.write_bytes(b"\n".join(lines) + b"\n")
        stats = _count_lines(tmp)
        stats.defects = {"e-mail addresses": 1, "phone numbers": 1}
        return stats

    return gen_data.ensure_dataset(work, "tiny-pii", spec, log, write)
