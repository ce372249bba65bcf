"""DQ012 near-duplicate."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ftlint.core.findings import Location, Severity, Violation
from ftlint.core.option_types import Field, Number
from ftlint.core.rule import DatasetRule, FileSummary, RuleOptions, Target
from ftlint.rules.quality._hashes import RECORD_HASH
from ftlint.rules.quality._near_groups import near_groups
from ftlint.rules.quality._sketch import near_keys_feature

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable

SHOWN_MEMBERS = 8


class NearDuplicateOptions(RuleOptions):
    threshold: Number = Field(0.77, ge=0.5, le=0.98)
    """Word-shingle similarity (Jaccard) from which records count as near duplicates: one of 0.5,
    0.77, 0.92 or 0.98 (the nearest is used)."""


class NearDuplicate(DatasetRule):
    """Records whose text is nearly the same (a word or two changed, reformatted, re-cased).

    ## What it does
    Sketches each record's text: every string but the system prompt and tool definitions (the
    same in most records), casefolded, punctuation and spacing collapsed, cut into word 3-grams,
    as a 64-bin MinHash cut into bands. Records that share a band and whose sketches agree on
    about `threshold` of their bins form a group; one finding per group, at its first record,
    with the lines of the others, across files too. Exact copies are left to DQ001: a group
    made only of copies of one record is not reported. Only the sketch is kept per record (192
    bytes), never the text, so it scales with the engine.

    This rule is opt-in: select it by its code (`--extend-select DQ012`) or use the `strict`
    profile. Sketching reads every word, which costs more than the rest of the check.

    ## Why it matters
    Near copies weigh some examples several times over the others, and between training and
    validation files they make the validation loss measure memorisation.

    ## Example
    "How do I reset my password?" and "how do i reset my password??" with the same answer.

    ## Fix
    Keep one record of each group, or make them differ where it matters.

    ## Options
    `threshold` (0.77): 0.5, 0.77, 0.92 or 0.98.
    """

    code = "DQ012"
    name = "near-duplicate"
    default_severity = Severity.WARNING
    Options = NearDuplicateOptions
    opt_in = True

    def __init__(self, options: RuleOptions | None = None, *, target: Target) -> None:
        super().__init__(options, target=target)
        self.features = (near_keys_feature(self.options.threshold), RECORD_HASH)  # type: ignore[attr-defined,misc]

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        name = self.features[0].name
        groups, facts = near_groups(table, name, self.options.threshold)  # type: ignore[attr-defined]
        found = []
        for members in groups:
            if len({facts[row][2] for row in members}) < 2:
                continue  # copies of one record: DQ001's
            places = [(table.paths[facts[row][0]], facts[row][1]) for row in members]
            (path, line), others = places[0], places[1:]
            listed = ", ".join(f"line {n}" if p == path else f"{p}:{n}" for p, n in others[:SHOWN_MEMBERS])
            more = f" and {len(others) - SHOWN_MEMBERS} more" if len(others) > SHOWN_MEMBERS else ""
            found.append(Violation(f"{len(members)} records are near duplicates: this one and {listed}{more}",
                                   path=path, line=line, related=tuple(Location(p, n) for p, n in others)))
        return found
