"""Which split each record goes to: groups kept whole, placed by a seeded hash of who they are.

## Groups

Records that must not straddle splits form one group: exact copies (same `record_hash`), records
with the same grouping key (the prompt, the first user message or a field, see `keys`), and with
`near` the near-duplicate groups DQ012/DQ004 find. Most records are alone; the grouping is polars
work over the whole table, and a union-find in Python runs only over the rare keys that must be
joined across (near-duplicate groups, and copies of one record whose keys differ).

A group's identity is the smallest `record_hash` among its members: a fact about its content,
never its row number, so the same records make the same group wherever they are in the files.

## Plain split (no stratification): thresholds

Each group's identity is hashed with the seed (XXH3-64, `seeded`) to a number u in [0, 1):
u < valid goes to validation, u < valid + test to test, anything else to training. A group's
split depends on nothing but its own members and the seed, so:

- the same seed gives the same split on any machine, for any number of workers or files, in any
  order of the records;
- adding records never moves an existing record whose group gains no new member. A new record
  that joins a group (a copy, the same prompt, a near copy) changes that group's identity when it
  is the smallest member, or merges two groups into one: such a group may move, whole.

Near-duplicate groups (`near`) are found by DQ012's search, which compares each record with at
most 32 earlier records per sketch band: appended records leave the old records' groups as they
were, but records inserted before them can change which pairs are compared.

The price: split sizes are binomial, not exact (10% of 1,000 groups is 100 ± 10 groups), and a
tiny input may get an empty validation set, or an empty training set (one record, or one group).

## Stratified split: ranks within each class

Each class's share in each split must be within one example of its share overall, read here as:
for every class c of n records and every split s asked to hold a fraction f of the data, the
split holds f * n records of c, give or take one. Thresholds cannot promise that, so a stratified
split ranks instead: within each class, groups are ordered by their seeded hash (XXH3 of 8 bytes
is a bijection, so no two groups tie) and each group covers the span of its running record
count. A group goes to validation when the middle of its span is below valid * n, to test when
below (valid + test) * n, else to training. With groups of one record that is round(valid * n)
validation records (a half rounds down) and round((valid + test) * n) validation and test records
together: validation and training within half a record of their share, test within one. A group
of k records may put its class up to k/2 off. A class of one record (any class with valid * n
below one half) has no validation record: its record trains. A group whose records carry
different labels (the same prompt with two answers) counts as its most common label (ties: the
smallest); rows without a label are a class of their own. The sizes of the splits are the sums
over classes, so they may differ from valid * records by up to half a record per class.

Stability, what it costs: appending records to a class shifts the ranks of that class's groups
after them, so existing groups of that class may cross a boundary: appending m records that each
form a new group moves at most m existing groups of their class across each boundary
(valid|test, test|train) and no group of any other class. Without stratification no existing
group moves.

## max_valid

The validation set is capped at `max_valid` records. Without stratification, the groups that the
thresholds send to validation are taken in u order while the running total stays within the cap;
the rest go to training (so does a group larger than the cap). With stratification, when the
ranked selection exceeds the cap the share becomes max_valid / records, and each class takes the
groups, in rank order, that fit within that share of its records (rounding down, so the total
stays within the cap and every class within one record of that share). Overflow goes to training,
never to test. When the cap binds, adding records can move existing records from validation to
training (the set cannot grow), never the other way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ftlint.split.seeded import seeded_hash, to_unit

if TYPE_CHECKING:
    import polars as pl

TRAIN, VALID, TEST = 0, 1, 2
SPLIT_NAMES = ("train", "valid", "test")
DUPLICATE, NEAR = "duplicate", "near duplicate"


@dataclass
class Assignment:
    """The result: per row (in the input's order) its split (`TRAIN`/`VALID`/`TEST`), group identity
    and group size; and per group of more than one record, why its records were joined.

    `rows`: columns `row`, `split` (UInt8), `group` (UInt64), `size` (UInt32).
    `joined`: one row per multi-record group: `group`, `size`, `split`, `first_row`, `reasons`
    (list of strings), largest first (then by first row).
    `classes`: when stratified, `class`, `split`, `records` (records of each class per split).
    """

    rows: pl.DataFrame
    joined: pl.DataFrame
    stratified: bool = False
    classes: pl.DataFrame | None = None
    capped: int = 0  # records the max_valid cap sent to training
    sizes: dict[str, int] = field(default_factory=dict)


class _Groups:
    """Union-find over key values (only the few that are joined across)."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}
        self.reasons: dict[int, set[str]] = {}

    def root(self, node: int) -> int:
        parent = self.parent
        while parent.get(node, node) != node:
            parent[node] = parent.get(parent[node], parent[node])
            node = parent[node]
        return node

    def join(self, nodes: Sequence[int], reason: str) -> None:
        if len(nodes) < 2:
            return
        top = self.root(nodes[0])
        for node in nodes[1:]:
            other = self.root(node)
            if other != top:
                low, high = min(top, other), max(top, other)
                self.parent[high] = low
                self.parent.setdefault(low, low)
                self.reasons.setdefault(low, set()).update(self.reasons.pop(high, ()))
                top = low
        self.reasons.setdefault(top, set()).add(reason)

    def mapping(self) -> dict[int, int]:
        return {node: self.root(node) for node in self.parent}


def check_fractions(valid: float, test: float, max_valid: int | None) -> None:
    if not 0 <= valid <= 1 or not 0 <= test <= 1 or valid + test > 1:
        raise ValueError(f"valid ({valid}) and test ({test}) must be fractions in [0, 1] adding up to at most 1")
    if max_valid is not None and max_valid < 0:
        raise ValueError(f"max_valid must be 0 or more, not {max_valid}")


def assign(frame: pl.DataFrame, *, valid: float, test: float = 0.0, seed: int = 0, max_valid: int | None = None,
           key: str | None = None, label: str | None = None, spellings: Mapping[str, str] | None = None,
           together: Sequence[Sequence[int]] = (), key_reason: str = "same prompt") -> Assignment:
    """Assign every row of `frame` to train, valid or test (see the module docstring).

    `frame` has one row per record, in table order, with a `record_hash` column (UInt64), the
    grouping `key` column when one is named (UInt64, null for records without a key) and the class
    `label` column when the split is stratified (string, null for no label; `spellings` maps
    spellings of a label to the class they are counted in, as the CL rules merge them).
    `together` lists groups of row indexes to keep together (near duplicates).
    """
    import polars as pl

    check_fractions(valid, test, max_valid)
    columns = [pl.int_range(pl.len(), dtype=pl.UInt32).alias("row"), pl.col("record_hash").cast(pl.UInt64)]
    keyed = pl.col(key).cast(pl.UInt64) if key is not None else pl.lit(None, dtype=pl.UInt64)
    columns += [pl.coalesce(keyed, pl.col("record_hash")).alias("node"), keyed.is_not_null().alias("keyed")]
    if label is not None:
        cls = pl.col(label).cast(pl.Utf8)
        columns.append((cls.replace(dict(spellings)) if spellings else cls).alias("class"))
    rows = frame.select(columns)
    # Which rows share a node, and which records have copies (under different keys there can only
    # be copies when there is a key: else the node is the record).
    masks = [_repeats(rows.get_column("node")).alias("shared")]
    if key is not None:
        masks.append(_repeats(rows.get_column("record_hash")).alias("copied"))
    rows = rows.with_columns(masks)

    unions = _Groups()
    if key is not None:
        _join_copies_across_keys(rows.filter(pl.col("copied")), unions)
    if together:
        nodes = rows.get_column("node")
        for members in together:
            unions.join(sorted(set(nodes.gather(list(members)).to_list())), NEAR)
    mapping = unions.mapping()
    if mapping:
        merged = pl.Series(list(mapping), dtype=pl.UInt64).implode()
        rows = rows.with_columns(pl.col("node").replace(list(mapping), list(mapping.values())).alias("node"),
                                 pl.col("node").alias("own"),
                                 (pl.col("shared") | pl.col("node").is_in(merged)).alias("shared"))
    else:
        rows = rows.with_columns(pl.col("node").alias("own"))

    groups, member_of = _groups(rows)
    hashed = seeded_hash(groups, "group", seed)
    groups = groups.with_columns(hashed.alias("hash"), to_unit(hashed).alias("u"))
    total = rows.height
    capped = 0
    classes = None
    if label is None:
        groups, capped = _by_threshold(groups, valid, test, max_valid)
    else:
        groups = groups.with_columns(_group_classes(rows, member_of, groups))
        groups, capped = _by_rank(groups, valid, test, max_valid, total)
    rows = rows.with_columns(groups.select(pl.col("split", "group", "size").gather(member_of)))
    if label is not None:
        classes = (rows.group_by("class", "split").agg(pl.len().alias("records"))
                   .sort("class", "split", nulls_last=True))
    joined = _joined(rows, unions, key_reason)
    counts = rows.get_column("split").value_counts()
    found = dict(zip(counts.get_column("split").to_list(), counts.get_column("count").to_list(), strict=True))
    sizes = {name: int(found.get(code, 0)) for code, name in enumerate(SPLIT_NAMES)}
    return Assignment(rows.select("row", "split", "group", "size"), joined, label is not None, classes, capped, sizes)


def _repeats(values: pl.Series) -> pl.Series:
    """Whether each value occurs more than once, found by sorting (faster here than a hash table)."""
    import polars as pl

    order = values.arg_sort()
    ordered = values.gather(order)
    repeated = (ordered == ordered.shift(1)).fill_null(False) | (ordered == ordered.shift(-1)).fill_null(False)
    found = pl.repeat(False, len(values), dtype=pl.Boolean, eager=True)
    return found.scatter(order.filter(repeated), True) if repeated.any() else found


def _join_copies_across_keys(copied: pl.DataFrame, unions: _Groups) -> None:
    """Copies of one record whose keys differ (a record read as two formats in two files): join the keys."""
    import polars as pl

    copies = copied.select("record_hash", "node").unique()
    if copies.is_empty():
        return
    pairs = copies.with_columns(pl.col("node").min().over("record_hash").alias("first")).filter(
        pl.col("node") != pl.col("first"))
    for node, first in zip(pairs.get_column("node").to_list(), pairs.get_column("first").to_list(), strict=True):
        unions.join((first, node), DUPLICATE)


def _groups(rows: pl.DataFrame) -> tuple[pl.DataFrame, pl.Series]:
    """The groups (`index`, `group` identity, `size`) and each row's group index.

    Most records are alone in their group (`shared` is false): only the rows that share a node are
    sorted, so that each group is a run of rows with its smallest record hash first. Groups of one
    record come first, in row order, then the others in identity order.
    """
    import polars as pl

    shared = pl.col("shared")
    alone = rows.filter(~shared)
    together = rows.filter(shared).select("row", "node", "record_hash").sort("node", "record_hash")
    nodes = together.get_column("node")
    starts = (nodes != nodes.shift(1)).fill_null(True)
    position = starts.arg_true()
    ends = position.shift(-1).fill_null(together.height)
    identity = pl.concat([alone.get_column("record_hash"), together.get_column("record_hash").gather(position)])
    size = pl.concat([pl.repeat(1, alone.height, dtype=pl.UInt32, eager=True), (ends - position).cast(pl.UInt32)])
    groups = pl.DataFrame({"index": pl.int_range(len(identity), dtype=pl.UInt32, eager=True), "group": identity,
                           "size": size})
    lone = ~rows.get_column("shared")
    lone_before = lone.cast(pl.UInt32).cum_sum() - lone.cast(pl.UInt32)
    member_of = lone_before.alias("index")  # right for the rows alone in a group
    runs = starts.cast(pl.UInt32).cum_sum() - 1 + alone.height
    return groups, member_of.scatter(together.get_column("row"), runs)


def _group_classes(rows: pl.DataFrame, member_of: pl.Series, groups: pl.DataFrame) -> pl.Series:
    """Each group's class: its members' most common label (ties: the smallest; null after any label)."""
    import polars as pl

    classes = pl.repeat(None, groups.height, dtype=pl.Utf8, eager=True).alias("class").scatter(
        member_of, rows.get_column("class"))  # right for the groups of one record
    shared = rows.select(member_of, "class").filter(groups.get_column("size").gather(member_of) > 1)
    if shared.is_empty():
        return classes
    votes = (shared.group_by("index", "class").agg(pl.len().alias("votes"))
             .sort(["index", "votes", "class"], descending=[False, True, False], nulls_last=True)
             .group_by("index", maintain_order=True).agg(pl.col("class").first()))
    return classes.scatter(votes.get_column("index"), votes.get_column("class"))


def _by_threshold(groups: pl.DataFrame, valid: float, test: float, max_valid: int | None
                  ) -> tuple[pl.DataFrame, int]:
    import polars as pl

    split = (pl.when(pl.col("u") < valid).then(VALID).when(pl.col("u") < valid + test).then(TEST)
             .otherwise(TRAIN).cast(pl.UInt8))
    groups = groups.with_columns(split.alias("split"))
    if max_valid is None:
        return groups, 0
    chosen = groups.filter(pl.col("split") == VALID)
    if chosen.get_column("size").sum() <= max_valid:
        return groups, 0
    # In hash order (u's order), groups larger than the cap skipped: the longest run within it.
    ranked = chosen.sort("hash")
    fits = pl.col("size") <= max_valid
    kept = ranked.with_columns(pl.when(fits).then(pl.col("size")).otherwise(0).cum_sum().alias("running")).filter(
        fits & (pl.col("running") <= max_valid))
    capped = int(chosen.get_column("size").sum() - kept.get_column("size").sum())
    split_column = groups.get_column("split").scatter(chosen.get_column("index"), TRAIN).scatter(
        kept.get_column("index"), VALID)
    return groups.with_columns(split_column), capped


def _by_rank(groups: pl.DataFrame, valid: float, test: float, max_valid: int | None, total: int
             ) -> tuple[pl.DataFrame, int]:
    import polars as pl

    size = pl.col("size").cast(pl.Int64)
    # Classes as small integers (any numbering: it only tells classes apart). The seeded hash is a
    # bijection of the identity, so no two groups tie: in hash order, running sums per class give
    # each group's span within its class.
    code = pl.col("class").cast(pl.Categorical).to_physical().fill_null(-1).cast(pl.Int64).alias("code")
    ranked = groups.select("index", "size", "hash", code).sort("hash").with_columns(
        (size.cum_sum().over("code") - size).alias("before"), size.sum().over("code").alias("records"))
    middle = pl.col("before") * 2 + size  # twice the middle of the group's span
    ranked = ranked.with_columns((middle < 2 * valid * pl.col("records")).alias("in_valid"),
                                 (middle < 2 * (valid + test) * pl.col("records")).alias("in_held"))
    capped_valid = pl.col("in_valid")
    capped = 0
    if max_valid is not None and ranked.filter(pl.col("in_valid")).get_column("size").sum() > max_valid:
        # The share becomes max_valid / total; each class keeps what fits in that share, rounding down.
        ranked = ranked.with_columns(
            ((pl.col("before") + size) * total <= max_valid * pl.col("records")).alias("capped_valid"))
        capped = int(ranked.filter(pl.col("in_valid") & ~pl.col("capped_valid")).get_column("size").sum())
        capped_valid = pl.col("capped_valid")
    split = (pl.when(capped_valid).then(VALID).when(pl.col("in_valid")).then(TRAIN).when(pl.col("in_held"))
             .then(TEST).otherwise(TRAIN).cast(pl.UInt8))
    ranked = ranked.select("index", split.alias("split"))
    placed = pl.repeat(TRAIN, groups.height, dtype=pl.UInt8, eager=True).alias("split").scatter(
        ranked.get_column("index"), ranked.get_column("split"))
    return groups.with_columns(placed), capped


def _joined(rows: pl.DataFrame, unions: _Groups, key_reason: str) -> pl.DataFrame:
    """The groups of more than one record, largest first, with why their records were joined."""
    import polars as pl

    multi = rows.filter(pl.col("size") > 1)
    schema = {"group": pl.UInt64, "size": pl.UInt32, "split": pl.UInt8, "first_row": pl.UInt32,
              "reasons": pl.List(pl.Utf8)}
    if multi.is_empty():
        return pl.DataFrame(schema=schema)
    by_key = (multi.filter(pl.col("keyed")).group_by("group", "own")
              .agg(pl.col("record_hash").n_unique().alias("distinct"))
              .group_by("group").agg((pl.col("distinct") > 1).any().alias("same_key")))
    near = pl.Series([root for root, why in unions.reasons.items() if NEAR in why], dtype=pl.UInt64)
    facts = (multi.group_by("group").agg(pl.len().cast(pl.UInt32).alias("size"), pl.col("split").first(),
                                         pl.col("row").min().alias("first_row"),
                                         (pl.col("record_hash").n_unique() < pl.len()).alias("copies"),
                                         pl.col("node").first())
             .join(by_key, on="group", how="left")
             .with_columns(pl.col("node").is_in(near.implode()).alias("near")))
    reasons = pl.concat_list(pl.when(pl.col("copies")).then(pl.lit(DUPLICATE)),
                             pl.when(pl.col("same_key")).then(pl.lit(key_reason)),
                             pl.when(pl.col("near")).then(pl.lit(NEAR))).list.drop_nulls()
    return facts.with_columns(reasons.alias("reasons")).sort(["size", "first_row"], descending=[True, False]).select(
        list(schema))
