"""Locality-sensitive keys of a record's text, for near-duplicate search at the scale of a dataset.

The text (every string of the record but the system prompt, casefolded, punctuation and spacing
collapsed) is cut into
word shingles; one-permutation MinHash puts each shingle's 64-bit hash in one of 64 bins by its top
bits and keeps each bin's smallest value (empty bins borrow their neighbour's, the usual
densification). The 64 values are cut into bands, and each band is hashed to one key: two texts
share a band's key with probability about s^rows for a Jaccard similarity s of their shingles,
so texts that share any key are near duplicates with high probability, and the table only has
to hold the few band keys of each record, never its text.
"""

from __future__ import annotations

import re
import struct
from functools import partial
from typing import TYPE_CHECKING, Any

import xxhash

from ftlint.core.records import Record
from ftlint.core.rule import Feature
from ftlint.rules._texts import strings

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable

BINS = 64
SHINGLE_WORDS = 3
_BIN_SHIFT = 64 - 6  # the top 6 bits choose one of 64 bins
_VALUE_MASK = (1 << _BIN_SHIFT) - 1
_EMPTY = 1 << 64
_NOT_WORD = re.compile(r"[\W_]+")
_SHARED_KEYS = frozenset({"tools", "functions", "parallel_tool_calls"})
_LANES = 4  # 16-bit lanes of the sketch per 64-bit word: 64 bins in 16 words
# (bands, rows per band) with bands x rows = 64, and the similarity where a pair becomes a candidate
# with probability one half: (1/bands) ** (1/rows).
BANDINGS = {0.5: (16, 4), 0.77: (8, 8), 0.92: (4, 16), 0.98: (2, 32)}
VERIFY_MARGIN = 0.05  # about one standard deviation of a 64-bin estimate near 0.8
VERIFY_PER_BUCKET = 32  # earlier members of a band a new row is compared with


def banding(threshold: float) -> tuple[int, int]:
    """The banding whose midpoint similarity is closest to `threshold`."""
    return BANDINGS[min(BANDINGS, key=lambda midpoint: abs(midpoint - threshold))]


def record_text(record: Record) -> str:
    """Everything the record says but its system prompt and tool definitions, normalised:
    casefolded, words separated by single spaces. Those are usually the same in every record:
    kept, they would make short conversations look alike."""
    data = {key: value for key, value in _without_system(record.data).items() if key not in _SHARED_KEYS}
    if isinstance(data.get("input"), dict):
        data = {**data, "input": _without_system(data["input"])}
    return _NOT_WORD.sub(" ", " ".join(text for _, text in strings(data)).casefold()).strip()


def _without_system(data: dict[str, Any]) -> dict[str, Any]:
    messages = data.get("messages")
    if not isinstance(messages, list):
        return data
    kept = [m for m in messages if not (isinstance(m, dict) and m.get("role") in ("system", "developer"))]
    return {**data, "messages": kept}


def signature(text: str) -> list[int] | None:
    """The 64-bin one-permutation MinHash of the text's word shingles; None for a text with no word."""
    words = text.split()
    if not words:
        return None
    size = min(SHINGLE_WORDS, len(words))
    hash64 = xxhash.xxh3_64_intdigest
    bins = [_EMPTY] * BINS
    for start in range(len(words) - size + 1):
        value = hash64(" ".join(words[start:start + size]).encode("utf-8", "surrogatepass"))
        slot = value >> _BIN_SHIFT
        value &= _VALUE_MASK
        if value < bins[slot]:
            bins[slot] = value
    return _densified(bins)


def _densified(bins: list[int]) -> list[int]:
    """Empty bins take the value of the next non-empty bin to their right (wrapping), plus an offset
    per step, so that short texts still compare bin by bin."""
    if all(value == _EMPTY for value in bins):
        return bins
    filled = list(bins)
    for slot, value in enumerate(bins):
        step = 1
        while value == _EMPTY:
            value = bins[(slot + step) % BINS]
            step += 1
        filled[slot] = value if bins[slot] != _EMPTY else (value + step * 0x9E3779B97F4A7C15) & _VALUE_MASK
    return filled


def near_values(bands: int, rows: int, record: Record) -> list[int] | None:
    """The record's LSH keys, one per band (the band's number is part of the key), followed by its
    signature cut to 16 bits a bin and packed four to a word, to verify candidates with."""
    values = signature(record_text(record))
    if values is None:
        return None
    keys = [xxhash.xxh3_64_intdigest(struct.pack(f"<B{rows}Q", band, *values[band * rows:(band + 1) * rows]))
            for band in range(bands)]
    lanes = [value & 0xFFFF for value in values]
    return keys + [int.from_bytes(struct.pack("<4H", *lanes[i:i + _LANES]), "little")
                   for i in range(0, BINS, _LANES)]


def similarity(a: list[int], b: list[int], bands: int) -> float:
    """The share of bins two records agree on (their estimated shingle similarity)."""
    same = 0
    for x, y in zip(a[bands:], b[bands:], strict=True):
        diff = x ^ y
        same += sum(1 for lane in range(_LANES) if not (diff >> (16 * lane)) & 0xFFFF)
    return same / BINS


def similar_groups(values: dict[int, list[int]], bands: int, threshold: float) -> list[list[int]]:
    """Groups (row indexes, ascending) of rows that share a band key and whose signatures agree on
    at least `threshold` of their bins (less a margin for the estimate's noise), joined transitively."""
    parent: dict[int, int] = {}

    def root(row: int) -> int:
        while parent.get(row, row) != row:
            parent[row] = parent.get(parent[row], parent[row])
            row = parent[row]
        return row

    bucket: dict[int, list[int]] = {}
    floor = threshold - VERIFY_MARGIN
    for row in sorted(values):
        for key in values[row][:bands]:
            earlier = bucket.setdefault(key, [])
            for other in earlier[:VERIFY_PER_BUCKET]:
                a, b = root(other), root(row)
                if a != b and similarity(values[other], values[row], bands) >= floor:
                    parent[max(a, b)] = min(a, b)
            earlier.append(row)
    groups: dict[int, set[int]] = {}
    for row in parent:
        top = root(row)
        groups.setdefault(top, {top}).add(row)
    return sorted(sorted(members) for members in groups.values())


def near_keys_feature(threshold: float) -> Feature:
    """The sketch column for a similarity threshold; the banding is part of its name, so rules
    asking for the same threshold share one column."""
    bands, rows = banding(threshold)
    return Feature(f"near_keys_{bands}x{rows}", "List[UInt64]", partial(near_values, bands, rows))


def near_groups(table: FeatureTable, name: str, threshold: float
                ) -> tuple[list[list[int]], dict[int, tuple[int, int, int]]]:
    """Verified near-duplicate groups of rows, and their members' (file, line, record hash).

    Only rows that share a band key with another row are looked at: usually a small part of the
    table, found without copying the rest."""
    bands, _ = banding(threshold)
    column = table.column(name)
    if column is not None:
        counts: dict[int, int] = {}
        for row_values in column:
            for key in (row_values or ())[:bands]:
                counts[key] = counts.get(key, 0) + 1
        values = {row: row_values for row, row_values in enumerate(column)
                  if row_values and any(counts[key] > 1 for key in row_values[:bands])}
    else:
        import polars as pl

        frame = table.frame
        keys = frame.select(pl.int_range(pl.len(), dtype=pl.UInt64).alias("row"),
                            pl.col(name).list.head(bands)).explode(name)
        shared = keys.filter(pl.col(name).is_not_null() & pl.col(name).is_duplicated())
        rows = shared.get_column("row").unique().sort().to_list()
        picked = frame.select(name)[rows].get_column(name).to_list() if rows else []
        values = dict(zip(rows, picked, strict=True))
    groups = similar_groups(values, bands, threshold)
    members = {row for group in groups for row in group}
    facts = {row: fact for row, fact in enumerate(table.iter_rows("file", "line", "record_hash")) if row in members}
    return groups, facts
