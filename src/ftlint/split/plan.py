"""A split's options, the columns it asks the engine for, and the split of a feature table.

The command builds a `SplitPlan` from its options, asks the engine for `plan.features(target)`
(computed per record in the workers, gathered into the `FeatureTable`), and calls `split_table`:
each row's split (in table order, with its file and line, for the writer) and a summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ftlint.core.rule import Feature, Target
from ftlint.split.assignment import Assignment, assign, check_fractions
from ftlint.split.keys import NEAR_KEYS, key_feature, label_column_feature, split_features
from ftlint.split.summary import SplitSummary, summarise

if TYPE_CHECKING:
    import polars as pl

    from ftlint.core.engine.features import FeatureTable

KEY_REASONS = {"prompt": "same prompt", "first-user": "same first user message"}


@dataclass(frozen=True)
class SplitPlan:
    """`ftlint split`'s options: fractions, seed, grouping (`by`), stratification, cap, near copies.

    `by`: `prompt`, `first-user`, `field:/json/pointer`, or `record` (exact copies only).
    `stratify`: `auto` (when the classification rules call every input classification data),
    `off`, or a JSON pointer naming the class field.
    """

    valid: float = 0.1
    test: float = 0.0
    seed: int = 0
    by: str = "prompt"
    stratify: str = "auto"
    max_valid: int | None = None
    near: bool = False

    def __post_init__(self) -> None:
        check_fractions(self.valid, self.test, self.max_valid)
        key_feature(self.by)  # raises ValueError for an unknown `by`
        label_column_feature(self.stratify)
        if self.by.startswith("field:") and not self.by.removeprefix("field:").startswith("/"):
            raise ValueError(f"--by field: takes a JSON pointer such as field:/id, not {self.by!r}")

    def features(self, target: Target | None = None) -> tuple[Feature, ...]:
        """The per-record columns this split needs (the engine computes them in its workers)."""
        return split_features(self.by, self.stratify, self.near, target)

    @property
    def key_reason(self) -> str:
        return KEY_REASONS.get(self.by, f"same {self.by.removeprefix('field:')}")


@dataclass
class SplitResult:
    """`rows`: `file`, `line`, `split` (0 train, 1 valid, 2 test) for every row of the table, in
    table order; `assignment`: the groups behind it; `summary`: what to report."""

    rows: pl.DataFrame
    assignment: Assignment
    summary: SplitSummary


def split_table(table: FeatureTable, plan: SplitPlan, target: Target | None = None) -> SplitResult:
    """Split the records of a feature table computed with `plan.features(target)`."""
    key = key_feature(plan.by)
    label = label_column_feature(plan.stratify, target)
    stratify, why, spellings = _stratify(table, plan, label, target)
    together: list[list[int]] = []
    if plan.near:
        from ftlint.rules.quality._near_groups import near_groups
        from ftlint.rules.quality.leakage import NEAR_THRESHOLD

        together, _ = near_groups(table, NEAR_KEYS.name, NEAR_THRESHOLD)
    frame = table.frame
    result = assign(frame, valid=plan.valid, test=plan.test, seed=plan.seed, max_valid=plan.max_valid,
                    key=key.name if key else None, label=label.name if stratify and label else None,
                    spellings=spellings, together=together, key_reason=plan.key_reason)
    rows = frame.select("file", "line").with_columns(result.rows.get_column("split"))
    summary = summarise(result, plan, why, table.paths, frame.select("file", "line"))
    return SplitResult(rows, result, summary)


def _stratify(table: FeatureTable, plan: SplitPlan, label: Feature | None, target: Target | None
              ) -> tuple[bool, str, dict[str, str] | None]:
    """Whether to stratify, why (for the report), and the class of each label spelling (`auto`)."""
    if label is None:
        return False, "stratification off", None
    if plan.stratify != "auto":
        return True, f"stratified by {plan.stratify}", None
    if not table.rows:
        return False, "no records", None
    from ftlint.rules.classification._labels import classification_files, normalised

    configured = target.label_field if target is not None else None
    found = classification_files(table, configured)
    files = set(table.frame.get_column("file").unique().to_list())
    labelled = {table.paths.index(f.path) for f in found}
    if not found or not files <= labelled:
        return False, "not classification data: not stratified", None
    # Spellings that differ only by case or surrounding spaces are one class (as CL001 counts them),
    # named by its commonest spelling in the first file that has it.
    names: dict[str, str] = {}
    spellings: dict[str, str] = {}
    for labeled in found:
        for name, variants in labeled.spellings.items():
            for variant in variants:
                spellings[variant] = names.setdefault(normalised(name), name)
    return (True, f"classification data ({len(names)} classes in {found[0].shown_pointer()}): stratified by class",
            spellings)
