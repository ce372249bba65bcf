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
# (bands, rows per band) with bands x rows = 64, and the similarity where a pair becomes a candidate
# with probability one half: (1/bands) ** (1/rows).
BANDINGS = {0.5: (16, 4), 0.77: (8, 8), 0.92: (4, 16), 0.98: (2, 32)}


def banding(threshold: float) -> tuple[int, int]:
    """The banding whose midpoint similarity is closest to `threshold`."""
    return BANDINGS[min(BANDINGS, key=lambda midpoint: abs(midpoint - threshold))]


def record_text(record: Record) -> str:
    """Everything the record says but its system prompt, normalised: casefolded, words separated by
    single spaces. A system prompt is usually the same in every record: kept, it would make short
    conversations look alike."""
    data = _without_system(record.data)
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


def band_keys(bands: int, rows: int, record: Record) -> list[int] | None:
    """The record's LSH keys, one per band (the band's number is part of the key)."""
    values = signature(record_text(record))
    if values is None:
        return None
    return [xxhash.xxh3_64_intdigest(struct.pack(f"<B{rows}Q", band, *values[band * rows:(band + 1) * rows]))
            for band in range(bands)]


def similar_groups(keys: dict[int, list[int]]) -> list[list[int]]:
    """Groups (row indexes, ascending) of the rows that share a key, joined transitively."""
    parent: dict[int, int] = {}

    def root(row: int) -> int:
        while parent.get(row, row) != row:
            parent[row] = parent.get(parent[row], parent[row])
            row = parent[row]
        return row

    first: dict[int, int] = {}
    for row in sorted(keys):
        for key in keys[row]:
            other = first.setdefault(key, row)
            if other != row:
                a, b = root(other), root(row)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[int, set[int]] = {}
    for row in parent:
        top = root(row)
        groups.setdefault(top, {top}).add(row)
    return sorted(sorted(members) for members in groups.values())


def near_keys_feature(threshold: float) -> Feature:
    """The band-keys column for a similarity threshold; the banding is part of its name, so rules
    asking for the same threshold share one column."""
    bands, rows = banding(threshold)
    return Feature(f"near_keys_{bands}x{rows}", "List[UInt64]", partial(band_keys, bands, rows))


def near_candidates(table: FeatureTable, name: str) -> tuple[dict[int, list[int]], dict[int, tuple[int, int, int]]]:
    """The band keys of the rows that share at least one key with another row, and those rows'
    (file, line, record hash): usually a small part of the table, found without copying the rest."""
    column = table.column(name)
    if column is not None:
        counts: dict[int, int] = {}
        for row_keys in column:
            for key in row_keys or ():
                counts[key] = counts.get(key, 0) + 1
        keys = {row: row_keys for row, row_keys in enumerate(column)
                if row_keys and any(counts[key] > 1 for key in row_keys)}
        facts = {row: values for row, values in enumerate(table.iter_rows("file", "line", "record_hash"))
                 if row in keys}
        return keys, facts
    import polars as pl

    frame = table.frame
    exploded = frame.select(pl.int_range(pl.len(), dtype=pl.UInt64).alias("row"), name).explode(name)
    shared = exploded.filter(pl.col(name).is_not_null() & pl.col(name).is_duplicated())
    keys = {}
    for row, key in shared.iter_rows():
        keys.setdefault(row, []).append(key)
    rows = sorted(keys)
    picked = frame.select("file", "line", "record_hash")[rows] if rows else None
    facts = dict(zip(rows, picked.iter_rows(), strict=True)) if picked is not None else {}
    return keys, facts
