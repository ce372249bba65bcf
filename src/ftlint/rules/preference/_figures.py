"""The preference columns the workers compute per pair, and the per-file figures drawn from them.

PF007-PF009 and `ftlint stats` read the same figures from these functions, so a report and a
finding never disagree. Columns are computed for preference records only (`Feature.formats`): a
chat file pays nothing.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import xxhash

from ftlint.core.findings import pointer
from ftlint.core.jsondoc import dump_json
from ftlint.core.records import Record
from ftlint.core.rule import Feature
from ftlint.rules.preference._pairs import PAIR_FORMATS, record_pair
from ftlint.rules.quality.refusals import PHRASES, matcher_args, starts_with_refusal

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable


def length_ratio(record: Record) -> float | None:
    """Chosen length over rejected length, in characters (surrounding spaces stripped); infinite when only
    the rejected answer is empty, 1 when both are. One float a pair: the share of longer chosen answers
    is the share of ratios above 1."""
    pair = record_pair(record)
    if pair is None:
        return None
    chosen, rejected = len(pair.chosen), len(pair.rejected)
    if not rejected:
        return math.inf if chosen else 1.0
    return chosen / rejected


def pair_key(record: Record) -> int | None:
    """The pair's prompt and its two answers as one 64-bit value: a hash of the prompt with the answers in
    a fixed order, whose lowest bit says which of them is chosen. A pair and its reversal have the same
    value but for that bit (one column instead of two hashes). None for a pair with no difference (PF003's)."""
    pair = record_pair(record)
    if pair is None or pair.chosen == pair.rejected:
        return None
    first_chosen = pair.chosen < pair.rejected
    answers = [pair.chosen, pair.rejected] if first_chosen else [pair.rejected, pair.chosen]
    return (xxhash.xxh3_64_intdigest(dump_json([pair.prompt, *answers], sort_keys=True)) & ~1) | first_chosen


def refused_instead(phrases: tuple[str, ...], initials: frozenset[str], longest: int, record: Record) -> str | None:
    """The pointer to the chosen answer when it begins with a refusal (DQ007's matcher) and the rejected
    answer does not, "" for another pair, None without a pair."""
    pair = record_pair(record)
    if pair is None:
        return None
    if (starts_with_refusal(phrases, initials, longest, pair.chosen) and pair.rejected
            and not starts_with_refusal(phrases, initials, longest, pair.rejected)):
        return pointer(*pair.chosen_at)
    return ""


def refusal_feature(phrases: Iterable[str] = PHRASES) -> Feature:
    """The refusal column for these phrases (PF008's, or the defaults when stats runs without PF008)."""
    return Feature("pf_refusal", "Utf8", partial(refused_instead, *matcher_args(phrases)), PAIR_FORMATS)


LENGTHS = Feature("pf_length_ratio", "Float64", length_ratio, PAIR_FORMATS)
PAIR_KEY = Feature("pf_pair_key", "UInt64", pair_key, PAIR_FORMATS)


@dataclass(frozen=True)
class Lengths:
    """How one file's chosen answers compare in length with the rejected ones."""

    file: int
    pairs: int
    chosen_longer: int  # pairs whose chosen answer has more characters (ties are not longer)
    median_ratio: float | None  # median of chosen / rejected characters, over the finite ratios
    first_line: int

    @property
    def share(self) -> float:
        return self.chosen_longer / self.pairs if self.pairs else 0.0


def present_rows(table: FeatureTable, column: str, *more: str) -> Iterable[tuple[Any, ...]]:
    """(file, line, column, *more) of the rows where `column` has a value, in table order: a file without
    pairs is settled by C-speed counting (or polars) before any walk in Python."""
    values = table.column(column)
    if values is not None:
        if values.count(None) == len(values):
            return ()
        return (row for row in table.iter_rows("file", "line", column, *more) if row[2] is not None)
    import polars as pl

    return table.frame.select("file", "line", column, *more).filter(pl.col(column).is_not_null()).iter_rows()


def length_figures(table: FeatureTable) -> list[Lengths]:
    per_file: dict[int, tuple[int, list[int], list[float]]] = {}  # file -> (first line, [pairs, longer], ratios)
    for file, line, ratio in present_rows(table, LENGTHS.name):
        _, counts, ratios = per_file.setdefault(file, (line, [0, 0], []))
        counts[0] += 1
        counts[1] += ratio > 1
        if ratio != math.inf:
            ratios.append(ratio)
    return [Lengths(file, counts[0], counts[1], statistics.median(ratios) if ratios else None, first)
            for file, (first, counts, ratios) in sorted(per_file.items())]


def refusal_figures(table: FeatureTable) -> dict[int, tuple[int, list[tuple[int, str]]]]:
    """Per file with pairs: (pairs, (line, pointer to the chosen answer) of each pair whose chosen answer
    refuses while the rejected one complies)."""
    found: dict[int, tuple[int, list[tuple[int, str]]]] = {}
    for file, line, at in present_rows(table, "pf_refusal"):
        pairs, places = found.get(file, (0, []))
        if at:
            places.append((line, at))
        found[file] = (pairs + 1, places)
    return found


def reversed_pairs(table: FeatureTable) -> list[tuple[int, int, int]]:
    """(file, line, line of the earlier pair) of each pair that repeats an earlier pair of its file with
    the chosen and rejected answers swapped."""
    seen: dict[int, dict[int, int]] = {}  # file -> pair key -> line of its first pair
    found = []
    for file, line, key in present_rows(table, PAIR_KEY.name):
        keys = seen.get(file)
        if keys is None:
            keys = seen[file] = {}
        earlier = keys.get(key ^ 1)  # the same pair, the other answer chosen
        if earlier is not None:
            found.append((file, line, earlier))
        keys.setdefault(key, line)
    return found


@dataclass(frozen=True)
class PairFigures:
    """One file's preference figures, as `ftlint stats` reports them and PF007-PF009 judge them."""

    pairs: int
    chosen_longer: int
    median_ratio: float | None
    refusal_chosen: int  # pairs whose chosen answer refuses while the rejected one complies
    reversed: int  # pairs that repeat an earlier pair with the answers swapped


def pair_figures(table: FeatureTable) -> dict[int, PairFigures]:
    """Per file with preference pairs (by index in `table.paths`), when the table has the columns."""
    if not table.has(LENGTHS.name):
        return {}
    refusals = refusal_figures(table) if table.has("pf_refusal") else {}
    reverse: dict[int, int] = {}
    if table.has(PAIR_KEY.name):
        for file, _, _ in reversed_pairs(table):
            reverse[file] = reverse.get(file, 0) + 1
    return {lengths.file: PairFigures(lengths.pairs, lengths.chosen_longer, lengths.median_ratio,
                                      len(refusals.get(lengths.file, (0, []))[1]), reverse.get(lengths.file, 0))
            for lengths in length_figures(table)}


def stats_features() -> tuple[Feature, ...]:
    """The columns `ftlint stats` needs for its preference figures (a rule's own column of the same name,
    PF008's with its phrases, is the one computed when the rule runs)."""
    return LENGTHS, refusal_feature(), PAIR_KEY
