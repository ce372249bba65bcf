"""The logic behind `ftlint split`: which records go to training, validation and test.

- `keys`: the per-record columns, as `Feature`s the engine computes in its workers (record hash,
  grouping key for `--by`, class label for `--stratify`, near-duplicate sketch for `--near`);
- `assignment`: groups of records placed over a polars table of those columns (the trade-offs between
  stability and exact class shares are in its docstring);
- `seeded`: the seeded hash (XXH3-64) that places a group, the same on every machine;
- `plan`: the options (`SplitPlan`), and `split_table` over the engine's feature table;
- `summary`: sizes, class shares and groups kept together, as text or JSON.

The command: `plan = SplitPlan(...)`, have the engine compute `plan.features(target)` (for instance
as a `RulePack`'s `extra_features`), then `split_table(table, plan, target)`: its `rows` say, for each
record (file index, line), its split: 0 train, 1 valid, 2 test.
"""

from ftlint.split.assignment import SPLIT_NAMES, TEST, TRAIN, VALID, Assignment, assign
from ftlint.split.plan import SplitPlan, SplitResult, split_table
from ftlint.split.summary import JoinedGroup, SplitSummary

__all__ = ["SPLIT_NAMES", "TEST", "TRAIN", "VALID", "Assignment", "JoinedGroup", "SplitPlan", "SplitResult",
           "SplitSummary", "assign", "split_table"]
