"""Near-duplicate groups from the sketch column: rows that share a band key are candidates, and a
candidate pair joins a group only when the two sketches agree on about the threshold's share of
their bins, so records that merely share a long common part (a table schema) are not grouped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ftlint.rules.quality._sketch import BINS, LANES, banding

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable

VERIFY_MARGIN = 0.05  # about one standard deviation of a 64-bin estimate near 0.8
VERIFY_PER_BUCKET = 32  # earlier members of a band a new row is compared with


def similarity(a: list[int], b: list[int], bands: int) -> float:
    """The share of bins two records agree on (their estimated shingle similarity)."""
    same = 0
    for x, y in zip(a[bands:], b[bands:], strict=True):
        diff = x ^ y
        same += sum(1 for lane in range(LANES) if not (diff >> (16 * lane)) & 0xFFFF)
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
    return groups, table.rows_at([row for group in groups for row in group], "file", "line", "record_hash")
