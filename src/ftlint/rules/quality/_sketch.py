"""Locality-sensitive keys of a record's text, for near-duplicate search at the scale of a dataset.

The text (every string of the record but its system prompt and tool definitions; casefolded,
punctuation and spacing collapsed) is cut into word shingles. One-permutation MinHash puts each
shingle's 64-bit hash in one of 64 bins by its top bits and keeps each bin's smallest value (empty
bins borrow their neighbour's, the usual densification). The 64 values are cut into bands, each
hashed to one key: two texts share a band's key with probability about s^rows for a Jaccard
similarity s of their shingles. The table holds, per record, only those keys and the bins cut to
16 bits (to verify candidates with, see `_near_groups`), never its text.
"""

from __future__ import annotations

import re
import struct
from functools import partial
from typing import Any

import xxhash

from ftlint.core.records import Record
from ftlint.core.rule import Feature
from ftlint.rules._texts import strings

BINS = 64
SHINGLE_WORDS = 3
_BIN_SHIFT = 64 - 6  # the top 6 bits choose one of 64 bins
_VALUE_MASK = (1 << _BIN_SHIFT) - 1
_EMPTY = 1 << 64
_NOT_WORD = re.compile(r"[\W_]+")
_SHARED_KEYS = frozenset({"tools", "functions", "parallel_tool_calls"})
LANES = 4  # 16-bit lanes of the sketch per 64-bit word: 64 bins in 16 words
# (bands, rows per band) with bands x rows = 64, and the similarity where a pair becomes a candidate
# with probability one half: (1/bands) ** (1/rows).
BANDINGS = {0.5: (16, 4), 0.77: (8, 8), 0.92: (4, 16), 0.98: (2, 32)}


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
    return keys + [int.from_bytes(struct.pack("<4H", *lanes[i:i + LANES]), "little")
                   for i in range(0, BINS, LANES)]


def near_keys_feature(threshold: float) -> Feature:
    """The sketch column for a similarity threshold; the banding is part of its name, so rules
    asking for the same threshold share one column."""
    bands, rows = banding(threshold)
    return Feature(f"near_keys_{bands}x{rows}", "List[UInt64]", partial(near_values, bands, rows))
