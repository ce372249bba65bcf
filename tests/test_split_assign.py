"""Properties of the split assignment: a partition, deterministic, groups whole, stable as data grows,
stratified shares within one example, the validation cap."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ftlint.split.assignment import TEST, TRAIN, VALID, assign

FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FRACTIONS = st.tuples(st.floats(0, 1), st.floats(0, 1)).filter(lambda f: f[0] + f[1] <= 1)


def frame_of(rows: list[tuple[int, int | None, str | None]]) -> pl.DataFrame:
    """(record hash, key, label) per row."""
    return pl.DataFrame({"record_hash": pl.Series([r[0] for r in rows], dtype=pl.UInt64),
                         "key": pl.Series([r[1] for r in rows], dtype=pl.UInt64),
                         "label": pl.Series([r[2] for r in rows], dtype=pl.Utf8)})


def splits(frame: pl.DataFrame, **options: Any) -> list[int]:
    options.setdefault("valid", 0.2)
    return assign(frame, key="key", **options).rows.get_column("split").to_list()


def components(rows: list[tuple[int, int | None, str | None]], together: list[list[int]] = ()) -> list[int]:
    """Each row's group by an independent union-find: copies, equal keys, `together` lists."""
    parent = list(range(len(rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    first: dict[tuple[str, int], int] = {}
    for i, (record, key, _) in enumerate(rows):
        for name, value in (("r", record), ("k", key)):
            if value is not None:
                join(i, first.setdefault((name, value), i))
    for members in together:
        for other in members[1:]:
            join(members[0], other)
    return [root(i) for i in range(len(rows))]


# Small pools make copies and shared keys common.
ROW = st.tuples(st.integers(0, 60), st.one_of(st.none(), st.integers(1000, 1040)), st.sampled_from("abc"))
ROWS = st.lists(ROW, max_size=80)


@given(ROWS, FRACTIONS, st.integers(0, 2**64 - 1), st.booleans())
@FAST
def test_every_row_is_in_exactly_one_split_and_groups_never_straddle(
        rows: list[tuple[int, int | None, str]], fractions: tuple[float, float], seed: int, stratify: bool) -> None:
    together = [[i, i + 3] for i in range(0, len(rows) - 3, 7)]
    result = assign(frame_of(rows), valid=fractions[0], test=fractions[1], seed=seed, key="key", together=together,
                    label="label" if stratify else None)
    got = result.rows
    assert got.get_column("row").to_list() == list(range(len(rows)))
    assert set(got.get_column("split").to_list()) <= {TRAIN, VALID, TEST}
    assert sum(result.sizes.values()) == len(rows)
    # The groups are exactly the components of copies, equal keys and the `together` lists.
    reference = components(rows, together)
    by_component: dict[int, set[tuple[int, int]]] = {}
    for component, split, group in zip(reference, got.get_column("split"), got.get_column("group"), strict=True):
        by_component.setdefault(component, set()).add((split, group))
    assert all(len(found) == 1 for found in by_component.values())
    assert len({next(iter(found)) for found in by_component.values()}) == len(by_component)
    sizes = Counter(reference)
    assert got.get_column("size").to_list() == [sizes[c] for c in reference]
    joined = result.joined
    assert joined.height == sum(1 for n in sizes.values() if n > 1)


@given(ROWS, st.integers(0, 2**64 - 1), st.randoms(use_true_random=False))
@FAST
def test_the_split_depends_on_the_records_not_their_order(rows: list[tuple[int, int | None, str]], seed: int,
                                                          rnd: random.Random) -> None:
    order = list(range(len(rows)))
    rnd.shuffle(order)
    before = splits(frame_of(rows), seed=seed, test=0.1)
    after = splits(frame_of([rows[i] for i in order]), seed=seed, test=0.1)
    assert [before[i] for i in order] == after
    assert splits(frame_of(rows), seed=seed, test=0.1) == before


def test_the_seed_changes_the_split_and_fixes_it() -> None:
    rows = [(i * 7919 + 1, None, None) for i in range(2000)]
    frame = frame_of(rows)
    seeds = {seed: splits(frame, seed=seed) for seed in (0, 1, 2)}
    assert len({tuple(s) for s in seeds.values()}) == 3
    assert splits(frame, seed=1) == seeds[1]
    # Thresholds: about the share asked for.
    assert 0.17 < Counter(seeds[0])[VALID] / len(rows) < 0.23


# Appended records: fresh values (new groups) or values from the pools above (they may join old groups).
@given(ROWS, ROWS, FRACTIONS, st.integers(0, 2**64 - 1))
@FAST
def test_appending_never_moves_a_record_whose_group_gained_no_new_member(
        old: list[tuple[int, int | None, str]], new: list[tuple[int, int | None, str]],
        fractions: tuple[float, float], seed: int) -> None:
    new = [(record + 30, key, label) for record, key, label in new]  # half fresh, half may join
    options = {"valid": fractions[0], "test": fractions[1], "seed": seed}
    before = splits(frame_of(old), **options)
    after = splits(frame_of(old + new), **options)
    reference = components(old + new)
    touched = {reference[i] for i in range(len(old), len(old) + len(new))}
    for i in range(len(old)):
        if reference[i] not in touched:
            assert after[i] == before[i]


def test_a_record_joining_a_group_moves_it_whole() -> None:
    rows = [(100_000 + i, 10_000 + i, None) for i in range(400)]
    before = splits(frame_of(rows), seed=5)
    # Each new record shares a key with an old one: the pair is one group, placed together.
    joined = [(i, 10_000 + i, None) for i in range(400)]
    after = splits(frame_of(rows + joined), seed=5)
    assert after[:400] == after[400:]
    # The new members' record hashes are smaller: each group's identity changed, so some moved, whole.
    assert after[:400] != before
    larger = [(200_000 + i, 10_000 + i, None) for i in range(400)]
    assert splits(frame_of(rows + larger), seed=5)[:400] == before  # same identities: none moved


# Stratification: groups of one record, random class sizes.
CLASS_SIZES = st.dictionaries(st.sampled_from(["pos", "neg", "neutral", " Pos", "x", "y", "z"]),
                              st.integers(1, 60), min_size=1, max_size=6)


def labelled(sizes: dict[str, int], start: int = 0) -> list[tuple[int, None, str]]:
    rows = []
    for label, count in sizes.items():
        rows += [(start + len(rows) + n, None, label) for n in range(count)]
    return rows


@given(CLASS_SIZES, FRACTIONS, st.integers(0, 2**64 - 1))
@FAST
def test_each_class_is_within_one_example_of_its_share_in_every_split(
        sizes: dict[str, int], fractions: tuple[float, float], seed: int) -> None:
    valid, test = fractions
    rows = labelled(sizes)
    result = assign(frame_of(rows), valid=valid, test=test, seed=seed, key="key", label="label")
    got = result.rows.get_column("split").to_list()
    counts = Counter((rows[i][2], split) for i, split in enumerate(got))
    for label, n in sizes.items():
        assert abs(counts[label, VALID] - valid * n) <= 0.5 + 1e-9
        assert abs(counts[label, TEST] - test * n) <= 1 + 1e-9
        assert abs(counts[label, TRAIN] - (1 - valid - test) * n) <= 0.5 + 1e-9
    assert result.classes is not None
    assert {(c, s): n for c, s, n in result.classes.iter_rows()} == {k: v for k, v in counts.items() if v}


def test_a_class_of_one_record_trains_and_labels_merge_spellings_when_asked() -> None:
    rows = labelled({"spam": 40, "ham": 40, "rare": 1})
    got = splits(frame_of(rows), valid=0.2, label="label")
    assert got[-1] == TRAIN
    assert Counter(got[:40])[VALID] == 8 == Counter(got[40:80])[VALID]
    # " Spam" and "spam" are one class when normalised (the CL rules' spelling merge), two otherwise.
    mixed = [(i, None, "spam" if i % 2 else " Spam") for i in range(10)]
    merged = {"spam": "spam", " Spam": "spam"}
    assert Counter(splits(frame_of(mixed), valid=0.2, label="label", spellings=merged))[VALID] == 2
    assert Counter(splits(frame_of(mixed), valid=0.2, label="label"))[VALID] == 2  # 1 + 1


def test_a_group_with_two_labels_counts_as_its_most_common() -> None:
    rows = [(1, 7, "a"), (2, 7, "a"), (3, 7, "b")] + [(10 + i, None, "b") for i in range(9)]
    result = assign(frame_of(rows), valid=0.5, seed=0, key="key", label="label")
    got = result.rows.get_column("split").to_list()
    assert len(set(got[:3])) == 1
    assert Counter(got[3:])[VALID] in (4, 5)  # class b: 9 records alone, half of them (rounded)


@given(CLASS_SIZES, st.dictionaries(st.sampled_from(["pos", "neg", "x"]), st.integers(1, 8), max_size=3),
       FRACTIONS, st.integers(0, 2**64 - 1))
@FAST
def test_stratified_appends_move_at_most_m_groups_of_their_class_per_boundary(
        sizes: dict[str, int], added: dict[str, int], fractions: tuple[float, float], seed: int) -> None:
    options = {"valid": fractions[0], "test": fractions[1], "seed": seed, "label": "label"}
    old = labelled(sizes)
    new = labelled(added, start=10_000)
    before = splits(frame_of(old), **options)
    after = splits(frame_of(old + new), **options)
    for label in sizes:
        mine = [i for i, row in enumerate(old) if row[2] == label]
        m = added.get(label, 0)
        crossed_valid = sum(1 for i in mine if (before[i] == VALID) != (after[i] == VALID))
        crossed_train = sum(1 for i in mine if (before[i] == TRAIN) != (after[i] == TRAIN))
        assert crossed_valid <= m and crossed_train <= m, label


@given(ROWS, st.floats(0, 1), st.integers(0, 30), st.integers(0, 2**64 - 1))
@FAST
def test_max_valid_caps_validation_and_the_overflow_trains(rows: list[tuple[int, int | None, str]], valid: float,
                                                           cap: int, seed: int) -> None:
    test = (1 - valid) / 3
    free = assign(frame_of(rows), valid=valid, test=test, seed=seed, key="key")
    capped = assign(frame_of(rows), valid=valid, test=test, seed=seed, key="key", max_valid=cap)
    one, two = free.rows.get_column("split").to_list(), capped.rows.get_column("split").to_list()
    assert capped.sizes["valid"] <= cap
    assert capped.sizes["test"] == free.sizes["test"]
    assert all(b == a or (a == VALID and b == TRAIN) for a, b in zip(one, two, strict=True))
    assert capped.capped == free.sizes["valid"] - capped.sizes["valid"]
    if free.sizes["valid"] <= cap:
        assert one == two
    # The cap takes groups in a fixed order: a smaller cap keeps a subset of a larger one's.
    smaller = splits(frame_of(rows), valid=valid, test=test, seed=seed, max_valid=cap // 2)
    assert all(two[i] == VALID for i, s in enumerate(smaller) if s == VALID)


@given(CLASS_SIZES, st.integers(0, 40), st.integers(0, 2**64 - 1))
@FAST
def test_a_capped_stratified_split_keeps_class_shares(sizes: dict[str, int], cap: int, seed: int) -> None:
    rows = labelled(sizes)
    result = assign(frame_of(rows), valid=0.3, test=0.1, seed=seed, key="key", label="label", max_valid=cap)
    assert result.sizes["valid"] <= cap
    got = result.rows.get_column("split").to_list()
    counts = Counter((rows[i][2], split) for i, split in enumerate(got))
    total = len(rows)
    share = min(0.3, cap / total) if result.capped else 0.3
    for label, n in sizes.items():
        assert abs(counts[label, VALID] - share * n) <= 1 + 1e-9
        assert abs(counts[label, TEST] - 0.1 * n) <= 1 + 1e-9


def test_edge_cases() -> None:
    empty = assign(frame_of([]), valid=0.1, key="key")
    assert empty.rows.height == 0 and empty.sizes == {"train": 0, "valid": 0, "test": 0}
    assert empty.joined.height == 0
    assert assign(frame_of([]), valid=0.1, key="key", label="label").sizes["valid"] == 0
    rows = [(i, None, "a" if i % 3 else "b") for i in range(50)]
    assert set(splits(frame_of(rows), valid=0.0)) == {TRAIN}
    assert set(splits(frame_of(rows), valid=0.0, label="label")) == {TRAIN}
    assert set(splits(frame_of(rows), valid=1.0)) == {VALID}
    assert set(splits(frame_of(rows), valid=0.0, test=1.0, label="label")) == {TEST}
    one = splits(frame_of([(5, None, "a")]), valid=0.1, label="label")
    assert one == [TRAIN]
    # One giant group: all of it in one split, whatever the fractions.
    giant = [(i, 42, "a") for i in range(300)]
    for seed in range(20):
        assert len(set(splits(frame_of(giant), valid=0.5, test=0.2, seed=seed))) == 1
    result = assign(frame_of(giant), valid=0.5, key="key", max_valid=10)
    assert result.sizes["valid"] == 0  # larger than the cap: it trains
    assert result.joined.get_column("reasons").to_list() == [["same prompt"]]


@pytest.mark.parametrize(("valid", "test", "cap"), [(-0.1, 0, None), (0.7, 0.4, None), (0.1, 0, -3), (1.1, 0, None)])
def test_bad_fractions_are_refused(valid: float, test: float, cap: int | None) -> None:
    with pytest.raises(ValueError):
        assign(frame_of([(1, None, None)]), valid=valid, test=test, max_valid=cap)


def test_joined_groups_say_why() -> None:
    rows = [(1, 105, None), (1, 105, None), (2, 106, None), (3, 106, None), (4, None, None), (5, None, None),
            (6, 109, None), (6, 110, None)]  # one record under two keys (two formats): joined as copies
    result = assign(frame_of(rows), valid=0.5, key="key", together=[[4, 5]], key_reason="same prompt")
    reasons = dict(zip(result.joined.get_column("first_row").to_list(), result.joined.get_column("reasons").to_list(),
                       strict=True))
    assert reasons == {0: ["duplicate"], 2: ["same prompt"], 4: ["near duplicate"], 6: ["duplicate"]}


def test_a_million_rows_is_quick() -> None:
    import time

    rng = random.Random(3)
    n = 1_000_000
    hashes = [rng.getrandbits(64) for _ in range(n)]
    frame = pl.DataFrame({"record_hash": pl.Series(hashes, dtype=pl.UInt64),
                          "key": pl.Series(hashes, dtype=pl.UInt64),
                          "label": pl.Series([("a", "b", "c")[h % 3] for h in hashes])})
    started = time.perf_counter()
    result = assign(frame, valid=0.1, test=0.05, seed=1, key="key", label="label")
    assert time.perf_counter() - started < 10  # measured about 1 s on 2 loaded cores
    assert abs(result.sizes["valid"] - 100_000) <= 2


@given(st.lists(st.tuples(st.sampled_from("abc"), st.integers(1, 6)), min_size=1, max_size=40), FRACTIONS,
       st.integers(0, 2**64 - 1))
@FAST
def test_with_groups_a_class_is_off_by_at_most_half_its_largest_group(
        groups: list[tuple[str, int]], fractions: tuple[float, float], seed: int) -> None:
    valid, test = fractions
    rows = [(len(groups) * 100 + n * 1000 + g, g, label) for g, (label, size) in enumerate(groups) for n in range(size)]
    got = splits(frame_of(rows), valid=valid, test=test, seed=seed, label="label")
    for label in {label for label, _ in groups}:
        mine = [i for i, row in enumerate(rows) if row[2] == label]
        largest = max(size for name, size in groups if name == label)
        counts = Counter(got[i] for i in mine)
        n = len(mine)
        assert abs(counts[VALID] - valid * n) <= largest / 2 + 1e-9
        assert abs(counts[TRAIN] - (1 - valid - test) * n) <= largest / 2 + 1e-9
        assert abs(counts[TEST] - test * n) <= largest + 1e-9
