"""What a split did, for the text report and `--output-format json`: sizes, class shares, groups."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from ftlint.split.assignment import SPLIT_NAMES, VALID, Assignment

if TYPE_CHECKING:
    import polars as pl

    from ftlint.split.plan import SplitPlan

LARGEST_SHOWN = 5
CLASSES_SHOWN = 12


@dataclass(frozen=True)
class JoinedGroup:
    """A group of records kept in one split, and why they were joined."""

    records: int
    split: str
    reasons: list[str]
    path: str
    line: int  # of its first record


@dataclass
class SplitSummary:
    records: int
    sizes: dict[str, int]  # train, valid, test -> records
    requested: dict[str, float]  # valid, test -> fraction asked for
    seed: int
    by: str
    stratified: bool
    stratification: str  # why (or why not) stratified, in words
    classes: dict[str, dict[str, int]] | None  # class -> split -> records, when stratified
    joined_groups: int  # groups of more than one record
    joined_records: int  # records in them
    largest: list[JoinedGroup] = field(default_factory=list)
    max_valid: int | None = None
    capped: int = 0  # records the max_valid cap sent to training
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: counts, and shares of each split (and of each class in each split)."""
        data = asdict(self)
        data["shares"] = {name: _share(count, self.records) for name, count in self.sizes.items()}
        if self.classes is not None:
            data["class_shares"] = {
                cls: {name: _share(count, self.sizes[name]) for name, count in per_split.items()}
                for cls, per_split in self.classes.items()}
        return data

    def to_text(self) -> str:
        held = [name for name in SPLIT_NAMES if name == "train" or self.requested.get(name) or self.sizes[name]]
        parts = ", ".join(f"{name} {self.sizes[name]:,} ({_percent(self.sizes[name], self.records)})" for name in held)
        lines = [f"split {self.records:,} records (seed {self.seed}, grouped by {self.by}): {parts}",
                 self.stratification]
        if self.classes:
            shown = list(self.classes.items())[:CLASSES_SHOWN]
            width = max(len(_shown(cls)) for cls, _ in shown)
            counts = {name: max(len(f"{per_split[name]:,}") for _, per_split in shown) for name in held}
            for cls, per_split in shown:
                cells = "  ".join(f"{name} {per_split[name]:>{counts[name]},} "
                                  f"{'(' + _percent(per_split[name], self.sizes[name]) + ')':<8}" for name in held)
                lines.append(f"  {_shown(cls):<{width}}  {cells}".rstrip())
            if len(self.classes) > CLASSES_SHOWN:
                lines.append(f"  and {len(self.classes) - CLASSES_SHOWN} more classes")
        if self.joined_groups:
            lines.append(f"kept together: {self.joined_groups:,} groups of more than one record "
                         f"({self.joined_records:,} records)")
            for group in self.largest:
                why = ", ".join(group.reasons) or "joined"
                lines.append(f"  {group.records:,} records ({why}) in {group.split}, "
                             f"first at {group.path}:{group.line}")
        if self.capped:
            lines.append(f"validation capped at {self.max_valid:,} records: {self.capped:,} more went to train")
        lines += [f"note: {note}" for note in self.notes]
        return "\n".join(lines)


def _share(count: int, whole: int) -> float:
    return round(count / whole, 6) if whole else 0.0


def _percent(count: int, whole: int) -> str:
    return f"{100 * count / whole:.1f}%" if whole else "0%"


def _shown(label: str | None) -> str:
    return "(no label)" if label is None else json.dumps(label, ensure_ascii=False)


def summarise(result: Assignment, plan: SplitPlan, stratification: str, paths: list[str],
              where: pl.DataFrame) -> SplitSummary:
    """The summary of an assignment; `where` gives each row's `file` and `line`."""
    import polars as pl

    records = sum(result.sizes.values())
    classes = None
    if result.classes is not None:
        classes = {}
        for cls, split, count in result.classes.iter_rows():
            classes.setdefault(cls, {name: 0 for name in SPLIT_NAMES})[SPLIT_NAMES[split]] = int(count)
        classes = dict(sorted(classes.items(), key=lambda item: (-sum(item[1].values()), item[0] is None,
                                                                  item[0] or "")))
    joined = result.joined
    largest = []
    if joined.height:
        top = joined.head(LARGEST_SHOWN)
        firsts = where.select(pl.col("file", "line").gather(top.get_column("first_row")))
        for (size, split, reasons), (file, line) in zip(top.select("size", "split", "reasons").iter_rows(),
                                                         firsts.iter_rows(), strict=True):
            largest.append(JoinedGroup(int(size), SPLIT_NAMES[split], list(reasons), paths[file], int(line)))
    summary = SplitSummary(
        records=records, sizes=result.sizes, requested={"valid": plan.valid, "test": plan.test}, seed=plan.seed,
        by=plan.by, stratified=result.stratified, stratification=stratification, classes=classes,
        joined_groups=joined.height, joined_records=int(joined.get_column("size").sum()) if joined.height else 0,
        largest=largest, max_valid=plan.max_valid, capped=result.capped)
    summary.notes = _notes(summary)
    return summary


def _notes(summary: SplitSummary) -> list[str]:
    notes = []
    if summary.records and summary.requested["valid"] and not summary.sizes["valid"]:
        notes.append("the validation set is empty: too few records (or groups) for this fraction")
    if summary.records and not summary.sizes["train"]:
        notes.append("the training set is empty")
    if summary.classes and summary.requested["valid"]:
        missing = [cls for cls, per_split in summary.classes.items() if not per_split[SPLIT_NAMES[VALID]]]
        if missing:
            shown = ", ".join(_shown(cls) for cls in missing[:5]) + (" ..." if len(missing) > 5 else "")
            count = "1 class has" if len(missing) == 1 else f"{len(missing)} classes have"
            notes.append(f"{count} no validation record (too few records): {shown}")
    return notes
