"""PC005 stop-inside-completion."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ftlint.core.findings import Severity, Violation
from ftlint.core.rule import DatasetRule, FileSummary
from ftlint.rules.prompt_completion._columns import COMPLETION_REPEAT_SHIFT, FEATURES
from ftlint.rules.prompt_completion._stats import PcRule, pc_files, shown

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable


class StopInsideCompletion(PcRule, DatasetRule):
    """The completions' stop sequence also appears inside a completion.

    ## What it does
    Finds the ending every completion of a file shares and reports completions that contain it
    before their end as well (endings of up to 64 characters).

    ## Why it matters
    Generation stops at the first stop sequence, so this completion would be cut short when
    the model is used.

    ## Example
    Stop `\\n`, completion `" First line.\\nSecond line.\\n"`.

    ## Fix
    Use a stop sequence that no completion contains, or remove the inner copies.

    ## Options
    None.
    """

    code = "PC005"
    name = "stop-inside-completion"
    default_severity = Severity.WARNING
    features = FEATURES

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        found = []
        for pc in pc_files(table):
            stop, lines = pc.inner_copies(3, COMPLETION_REPEAT_SHIFT)
            found.extend(Violation(f"the stop sequence {shown(stop)} that ends every completion also appears "
                                   "inside this one, so generation would stop early", path=pc.path, line=line,
                                   pointer="/completion") for line in lines)
        return found
