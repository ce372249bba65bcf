"""SC007 sample-weight-all-or-none."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ftlint.core.findings import Severity, Violation
from ftlint.core.records import Record
from ftlint.core.rule import DatasetRule, Feature, FileSummary

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable

FIREWORKS_SAYS = "Fireworks: \"If used, this field must be present in all samples in the dataset.\""
_KINDS = {str: "a string", bool: "true or false", type(None): "null", list: "an array", dict: "an object"}


def sample_weight_kind(record: Record) -> str | None:
    """None: no root `weight`; "": a number; else what it is instead. Read from the raw record, so a
    format whose typed view has no root `weight` is checked the same."""
    data = record.data
    if "weight" not in data:
        return None
    value = data["weight"]
    return "" if value.__class__ in (int, float) else _KINDS.get(value.__class__, "not a number")


SAMPLE_WEIGHT = Feature("sample_weight", "Utf8", sample_weight_kind)


@dataclass
class _File:
    present: list[int] = field(default_factory=list)
    absent: list[int] = field(default_factory=list)
    wrong: list[tuple[int, str]] = field(default_factory=list)


class SampleWeightAllOrNone(DatasetRule):
    """Some records of a file have a root `weight` (a sample weight) and others do not.

    ## What it does
    Looks at the root `weight` of each record: Fireworks' optional per-example loss multiplier
    (any number, negative and 0 too), not the 0/1 `weight` of a message. In a file where some
    records have one and others do not, reports the smaller group: the records without a weight
    (also when the two groups are the same size), or, when most records have none, the few that
    have one. Also reports a root `weight` that is not a number.

    This rule is opt-in: only Fireworks reads a sample weight; the `fireworks` profile turns it
    on (and lets SC003 accept the key).

    ## Why it matters
    Fireworks' "Supervised Fine Tuning - Text" docs: "Sample weight: Optional key `weight` at the
    root of the JSON object. It can be any floating point number (positive, negative, or 0) and
    is used as a loss multiplier for tokens in that sample. If used, this field must be present
    in all samples in the dataset."

    ## Example
    `{"messages": [...], "weight": 0.5}` on line 1 and `{"messages": [...]}` on lines 2 and 3.

    ## Fix
    Give every record a weight (1.0 weighs an example as usual), or remove them all. Which
    weights are meant cannot be known, so there is no automatic fix.

    ## Options
    None.
    """

    code = "SC007"
    name = "sample-weight-all-or-none"
    default_severity = Severity.ERROR
    features = (SAMPLE_WEIGHT,)
    opt_in = True

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        column = table.column("sample_weight")
        if column is not None:
            if all(value is None for value in column):
                return ()
        elif table.frame.get_column("sample_weight").null_count() == table.rows:
            return ()
        by_file: dict[int, _File] = {}
        for file, line, kind in table.iter_rows("file", "line", "sample_weight"):
            state = by_file.get(file)
            if state is None:
                state = by_file[file] = _File()
            if kind is None:
                state.absent.append(line)
                continue
            state.present.append(line)
            if kind:
                state.wrong.append((line, kind))
        found: list[Violation] = []
        for file in sorted(by_file):
            path, state = table.paths[file], by_file[file]
            mine: list[Violation] = []
            mine.extend(Violation(f"root `weight` is {kind}; Fireworks takes a number (the example's loss multiplier)",
                                  path=path, line=line, pointer="/weight") for line, kind in state.wrong)
            present, absent = len(state.present), len(state.absent)
            if present and absent and absent <= present:
                mine.extend(Violation(f"no root `weight`, but {_records(present)} in this file {_have(present)} "
                                      f"one; {FIREWORKS_SAYS}", path=path, line=line) for line in state.absent)
            elif present and absent:
                mine.extend(Violation(f"root `weight` here, but {_records(absent)} in this file {_have(absent)} "
                                      f"none; {FIREWORKS_SAYS}", path=path, line=line, pointer="/weight")
                            for line in state.present)
            found.extend(sorted(mine, key=lambda v: v.line))
        return found


def _records(count: int) -> str:
    return "1 other record" if count == 1 else f"{count:,} other records"


def _have(count: int) -> str:
    return "has" if count == 1 else "have"
