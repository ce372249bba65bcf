"""DQ004 train-valid-leak."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated

from ftlint.core.findings import Location, Severity, Violation
from ftlint.core.option_types import Field, Flag, Text
from ftlint.core.rule import DatasetRule, FileSummary, RuleOptions, Target
from ftlint.rules._validation_files import VALIDATION_NAMES, validation_files
from ftlint.rules.quality._hashes import PROMPT_HASH, RECORD_HASH
from ftlint.rules.quality._near_groups import near_groups
from ftlint.rules.quality._sketch import near_keys_feature

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable

NEAR_THRESHOLD = 0.77  # DQ012's default: with both rules on, one column serves both


class TrainValidLeakOptions(RuleOptions):
    validation: Annotated[list[Text], Field(min_length=1)] = VALIDATION_NAMES
    """File name patterns of validation files; the other files checked with them are training data."""
    near: Flag = False
    """Also report validation records nearly the same as a training record (word-shingle similarity
    of about 0.77 or more, as DQ012 finds them); this sketches every record's text, which costs
    more than the rest of the check."""


class TrainValidLeak(DatasetRule):
    """A validation record, or its prompt, also appears in the training data.

    ## What it does
    When training and validation files are checked together (`ftlint check train.jsonl
    valid.jsonl`), reports validation records whose whole content, or whose prompt, is also in a
    training file, naming the training line. Validation files are those whose names match the
    `validation` patterns (`*valid*`, `*val.*`, `*dev*`, `*test*`, `*eval*`, ...). With `near`
    (on in the `strict` profile) it also reports validation records that are nearly the same as
    a training record: reworded, re-cased, repunctuated.

    ## Why it matters
    "The same data should not be present in both train and validation files": validation loss
    then measures memorisation, and looks better than the model is. A warning: it inflates the
    validation metric but breaks no training, and no provider rejects it.

    ## Example
    `valid.jsonl:7` is a copy of `train.jsonl:1520`.

    ## Fix
    Remove the record from one of the files (split again with `ftlint split`).

    ## Options
    `validation`: file name patterns of the validation files; `near` (false): near copies too.
    """

    code = "DQ004"
    name = "train-valid-leak"
    default_severity = Severity.WARNING
    Options = TrainValidLeakOptions
    features = (PROMPT_HASH, RECORD_HASH)

    def __init__(self, options: RuleOptions | None = None, *, target: Target) -> None:
        super().__init__(options, target=target)
        if self.options.near:  # type: ignore[attr-defined]
            self.features = (PROMPT_HASH, RECORD_HASH, near_keys_feature(NEAR_THRESHOLD))  # type: ignore[misc]

    def needed_for(self, paths: list[str]) -> bool:
        validation = self._validation(paths)
        return bool(validation) and len(validation) < len(paths)

    def _validation(self, paths: list[str]) -> set[int]:
        return validation_files(paths, self.options.validation)  # type: ignore[attr-defined]

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        validation = self._validation(table.paths)
        if not validation or len(validation) == len(table.paths):
            return []
        records: dict[int, tuple[int, int]] = {}  # hash -> (file, line) of its first training copy
        prompts: dict[int, tuple[int, int]] = {}
        held_out = []
        for file, line, prompt, record in table.iter_rows("file", "line", "prompt_hash", "record_hash"):
            if file in validation:
                held_out.append((file, line, prompt, record))
                continue
            records.setdefault(record, (file, line))
            if prompt is not None:
                prompts.setdefault(prompt, (file, line))
        found = []
        for file, line, prompt, record in held_out:
            if record in records:
                where, what = records[record], "this record is also in the training data"
            elif prompt is not None and prompt in prompts:
                where, what = prompts[prompt], "this record's prompt is also in the training data"
            else:
                continue
            train_path, train_line = table.paths[where[0]], where[1]
            found.append(Violation(f"{what} ({train_path}:{train_line})", path=table.paths[file], line=line,
                                   related=(Location(train_path, train_line),)))
        if self.options.near:  # type: ignore[attr-defined]
            reported = {(f.path, f.line) for f in found}
            found += [v for v in _near_leaks(table, validation, self.features[2].name)
                      if (v.path, v.line) not in reported]
        return found


def _near_leaks(table: FeatureTable, validation: set[int], column: str) -> list[Violation]:
    """Validation records in a near-duplicate group with a training record, each naming the first."""
    groups, facts = near_groups(table, column, NEAR_THRESHOLD)
    found = []
    for members in groups:
        training = [row for row in members if facts[row][0] not in validation]
        if not training:
            continue
        train_path, train_line = table.paths[facts[training[0]][0]], facts[training[0]][1]
        for row in members:
            file, line, _ = facts[row]
            if file in validation:
                found.append(Violation(f"this record is nearly the same as a training record ({train_path}:"
                                       f"{train_line})", path=table.paths[file], line=line,
                                       related=(Location(train_path, train_line),)))
    return found
