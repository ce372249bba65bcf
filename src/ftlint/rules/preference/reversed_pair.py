"""PF009 reversed-pair."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ftlint.core.findings import Location, Severity, Violation
from ftlint.core.rule import DatasetRule, FileSummary
from ftlint.rules.preference._figures import PAIR_KEY, reversed_pairs
from ftlint.rules.preference._pairs import PAIR_FORMATS

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable


class ReversedPair(DatasetRule):
    """A pair repeats an earlier one with the chosen and rejected answers swapped.

    ## What it does
    Hashes each preference pair's prompt, chosen and rejected answer (surrounding spaces of the
    answers stripped) and reports a pair of a file whose prompt and answers already appeared in
    an earlier pair of that file the other way round, naming that pair's line. Only exact
    reversals count: an answer that is chosen in one pair and rejected in another beside a third
    answer is a ranking (A > B, B > C), not a contradiction, and "looks reversed" guesses (a
    worse-scored answer chosen) would fire on good data. Exact copies are DQ001's.

    ## Why it matters
    The two pairs pull the model in opposite directions and cancel out: the preference is lost,
    and one of the two labels is wrong, usually a merge of sets labelled with opposite
    conventions or a swapped column. modelbrew-cleaner reports the same "prompt conflict".

    ## Example
    Line 3: "2+2?" chosen "4", rejected "5"; line 90: "2+2?" chosen "5", rejected "4".

    ## Fix
    Keep the pair with the right order and delete the other.

    ## Options
    None.
    """

    code = "PF009"
    name = "reversed-pair"
    default_severity = Severity.WARNING
    formats = PAIR_FORMATS
    features = (PAIR_KEY,)

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        found = []
        for file, line, earlier in reversed_pairs(table):
            path = table.paths[file]
            found.append(Violation(f"same prompt and answers as line {earlier} with chosen and rejected swapped: "
                                   "the two pairs cancel out; keep the right one and delete the other", path=path,
                                   line=line, related=(Location(path, earlier),)))
        return found
