"""PC002 separator-inside-prompt."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ftlint.core.findings import Severity, Violation
from ftlint.core.rule import DatasetRule, FileSummary
from ftlint.rules.prompt_completion._columns import FEATURES, PROMPT_REPEAT_SHIFT
from ftlint.rules.prompt_completion._stats import PcRule, pc_files, shown

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable


class SeparatorInsidePrompt(PcRule, DatasetRule):
    """The prompts' separator also appears inside a prompt.

    ## What it does
    Finds the separator every prompt of a file ends with and reports prompts that contain it
    before their end as well (separators of up to 64 characters).

    ## Why it matters
    The model learns that the separator means "the completion starts here". A prompt with the
    separator in its middle teaches it to start answering halfway through.

    ## Example
    Separator `###`, prompt `"Q1 ### Q2 ###"`.

    ## Fix
    Choose a separator that no prompt contains (PC001 suggests one when there is none yet), or
    remove the inner copies.

    ## Options
    None.
    """

    code = "PC002"
    name = "separator-inside-prompt"
    default_severity = Severity.WARNING
    features = FEATURES

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        found = []
        for pc in pc_files(table):
            separator, lines = pc.inner_copies(1, PROMPT_REPEAT_SHIFT)
            found.extend(Violation(f"the separator {shown(separator)} that ends every prompt also appears inside "
                                   "this one", path=pc.path, line=line, pointer="/prompt") for line in lines)
        return found
