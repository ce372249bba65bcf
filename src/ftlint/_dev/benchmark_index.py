"""Write (or `--check`) DQ014's index of public benchmark test sets, `ftlint/rules/quality/data/benchmarks.idx`,
from the files the PyPI packages of `SOURCES` carry (installed at the pinned versions; the test extra
has them). Their items' hashes only are written, never their text.

    python -m ftlint._dev.benchmark_index          # rewrite it
    python -m ftlint._dev.benchmark_index --check  # exit 1 if it differs from a rebuild
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
from array import array
from importlib import metadata
from pathlib import Path
from typing import Any

from ftlint.rules.quality import _benchmark_index as shipped
from ftlint.rules.quality._contamination import item_hashes

INDEX_PATH = Path(shipped.__file__).parent / "data" / shipped.INDEX_FILE


class SourceMissing(Exception):
    """A source package is not installed at its pinned version."""


def source_file(source: shipped.Source) -> Path:
    try:
        version = metadata.version(source.package)
    except metadata.PackageNotFoundError:
        raise SourceMissing(f"{source.package}=={source.version} is not installed") from None
    if version != source.version:
        raise SourceMissing(f"{source.package} {version} is installed; the index is built from {source.version}")
    # Found through the distribution's metadata: the package itself is never imported.
    return Path(str(metadata.distribution(source.package).locate_file(source.path)))


def read_items(source: shipped.Source, raw: bytes) -> list[tuple[str, str]]:
    """(label, text) of each item of a source file (JSON Lines, gzipped or not, or a JSON array)."""
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    rows: list[dict[str, Any]] = (json.loads(raw) if raw.lstrip()[:1] == b"["
                                  else [json.loads(line) for line in raw.splitlines() if line.strip()])
    return [(source.label.format(id=row[source.item_key] if source.item_key else number), row[source.text_key])
            for number, row in enumerate(rows)]


def _little(values: array) -> bytes:
    if sys.byteorder != "little":
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def build() -> bytes:
    """The index file's bytes, from the installed source packages."""
    benchmarks, labels, texts = [], [], []
    for source in shipped.SOURCES:
        path = source_file(source)
        raw = path.read_bytes()
        items = read_items(source, raw)
        benchmarks.append({"name": source.name, "package": source.package, "version": source.version,
                           "file": source.path, "sha256": hashlib.sha256(raw).hexdigest(),
                           "items": [label for label, _ in items]})
        labels.extend(label for label, _ in items)
        texts.extend(text for _, text in items)
    header = {"ngram_sizes": list(shipped.NGRAM_SIZES), "benchmarks": benchmarks}
    parts = [shipped.MAGIC, json.dumps(header, separators=(",", ":")).encode() + b"\n"]
    keys: list[list[int]] = []
    for size in shipped.NGRAM_SIZES:
        grams, keys = item_hashes(texts, size)
        parts.extend(_offsets_and_values(grams, "I"))
    parts.extend(_offsets_and_values(keys, "Q"))
    return b"".join(parts)


def _offsets_and_values(per_item: list[list[int]], kind: str) -> list[bytes]:
    offsets = array("I", [0])
    values = array(kind)
    for item in per_item:
        values.extend(item)
        offsets.append(len(values))
    return [_little(offsets), _little(values)]


def main(argv: list[str]) -> int:
    try:
        fresh = build()
    except SourceMissing as exc:
        sys.stderr.write(f"cannot build the benchmark index: {exc}\n")
        return 2
    if "--check" in argv:
        if not INDEX_PATH.exists() or INDEX_PATH.read_bytes() != fresh:
            sys.stderr.write(f"{INDEX_PATH} is stale: run python -m ftlint._dev.benchmark_index\n")
            return 1
        return 0
    INDEX_PATH.parent.mkdir(exist_ok=True)
    INDEX_PATH.write_bytes(fresh)
    sys.stdout.write(f"wrote {INDEX_PATH} ({len(fresh):,} bytes)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
