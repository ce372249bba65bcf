"""Classification data: whether a file is one, its classes and where each class first appears.

Each record's label comes from `_answers` (its short answer, or the configured `label-field`). A
file is classification data when every record has a label and there are few distinct labels for
the number of records: fewer than a third, the threshold of OpenAI's legacy `prepare_data`, and at
least two, over ten or more records; with a configured label field, two labels or more suffice.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ftlint.core.rule import DatasetRule, RuleOptions, Target
from ftlint.rules.classification._answers import LABEL, label_feature

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable

MIN_RECORDS = 10
DISTINCT_SHARE = 1 / 3


class ClassificationRule(DatasetRule):
    """A CL rule: its label column follows the target's `label-field` when the user names one."""

    features = (LABEL,)

    def __init__(self, options: RuleOptions | None = None, *, target: Target) -> None:
        super().__init__(options, target=target)
        self.features = (label_feature(target),)  # type: ignore[misc]

    def classification_files(self, table: FeatureTable) -> list[LabeledFile]:
        return classification_files(table, self.target.label_field)


@dataclass
class LabeledFile:
    """A classification file: its labels with counts and the lines that carry each.

    `counts` has every spelling as written; `classes` merges spellings that differ only by case or
    surrounding whitespace under the most common one (CL005 reports the others), so that balance and
    class sizes are those of the classes the user meant.
    """

    path: str
    format: str
    records: int
    counts: Counter[str]
    lines: dict[str, list[int]] = field(default_factory=dict)
    classes: Counter[str] = field(default_factory=Counter)
    spellings: dict[str, list[str]] = field(default_factory=dict)  # class -> its spellings, commonest first

    configured: str | None = None  # the user's `label-field`, if any

    @property
    def pointer(self) -> str:
        if self.configured:
            return self.configured
        return "/completion" if self.format == "prompt_completion" else "/messages/-1/content"

    def shown_pointer(self) -> str:
        if self.configured or self.format == "prompt_completion":
            return self.pointer
        return "the last assistant message"


def classification_files(table: FeatureTable, configured: str | None = None) -> list[LabeledFile]:
    """The files of the table that are classification data, worked out once per table.

    With a configured label field, a file is classification data when every record has a label
    there and there are two labels or more; otherwise the heuristic in this module's docstring decides.
    """
    cached = table.memo.get("classification")
    if cached is None:
        cached = table.memo["classification"] = _detect(table, configured)
    return cached


def _candidates(table: FeatureTable) -> set[int] | None:
    """Files that might be classification data (None: all), ruled out by column operations first.

    Most datasets are not classification: some answer is long, so a file has a missing label.
    """
    labels = table.column("label")
    if labels is not None:
        return set() if len(table.paths) == 1 and None in labels else None
    import polars as pl

    # No group-by: its hash tables would cost tens of MB on a billion-row-scale table. A file with a
    # missing label is out; a single file is settled by the column's null count alone.
    labels_column = table.frame.get_column("label")
    if len(table.paths) == 1:
        return set() if labels_column.null_count() else None
    missing = set(table.frame.select("file", "label").filter(pl.col("label").is_null())
                  .get_column("file").unique().to_list())
    return set(range(len(table.paths))) - missing


def _detect(table: FeatureTable, configured: str | None) -> list[LabeledFile]:
    candidates = _candidates(table)
    if candidates is not None and not candidates:
        return []
    per_file: dict[int, tuple[str, list[tuple[str | None, int]]]] = {}
    for file, line, record_format, label in table.iter_rows("file", "line", "format", "label"):
        if candidates is not None and file not in candidates:
            continue
        entry = per_file.setdefault(file, (str(record_format), []))
        entry[1].append((label, line))
    found = []
    for file, (record_format, rows) in sorted(per_file.items()):
        if len(rows) < (2 if configured else MIN_RECORDS) or any(label is None for label, _ in rows):
            continue
        counts: Counter[str] = Counter(label for label, _ in rows)  # type: ignore[misc]
        spellings: dict[str, list[str]] = {}
        for label, _ in counts.most_common():
            spellings.setdefault(normalised(label), []).append(label)
        if len(spellings) < 2 or (not configured and len(spellings) >= len(rows) * DISTINCT_SHARE):
            continue
        lines: dict[str, list[int]] = {}
        for label, line in rows:
            lines.setdefault(label, []).append(line)  # type: ignore[arg-type]
        classes = Counter({group[0]: sum(counts[s] for s in group) for group in spellings.values()})
        by_class = {group[0]: group for group in spellings.values()}
        found.append(LabeledFile(table.paths[file], record_format, len(rows), counts, lines, classes, by_class,
                                 configured))
    return found


def normalised(label: str) -> str:
    return label.strip().casefold()


def first_line(labeled: LabeledFile, label: str) -> int:
    """The first line that carries any spelling of the class `label`."""
    return min(labeled.lines[spelling][0] for spelling in labeled.spellings.get(label, [label]))


def is_classification(table: FeatureTable, path: str, configured: str | None) -> bool:
    return any(f.path == path for f in classification_files(table, configured))


def shown(label: str) -> str:
    import json

    return json.dumps(label, ensure_ascii=False)
