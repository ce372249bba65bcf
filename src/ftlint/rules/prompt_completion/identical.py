"""PC010 identical-prompts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ftlint.core.findings import Severity, Violation
from ftlint.core.rule import DatasetRule, FileSummary
from ftlint.rules.prompt_completion._columns import END, FEATURES
from ftlint.rules.prompt_completion._stats import PcRule, pc_files, shown

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable


class IdenticalPrompts(PcRule, DatasetRule):
    """Every prompt in the file is the same (and not empty).

    ## What it does
    Reports a file of two or more records whose prompts are all one and the same text.

    ## Why it matters
    The model cannot learn to map inputs to outputs when there is only one input. For
    open-ended generation, leave the prompts empty instead.

    ## Example
    `{"prompt": "Write a tweet:\\n\\n###\\n\\n", ...}` on every line.

    ## Fix
    Put the varying input in the prompt, or leave every prompt empty for open-ended generation.

    ## Options
    None.
    """

    code = "PC010"
    name = "identical-prompts"
    default_severity = Severity.ERROR
    features = FEATURES

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        found = []
        for pc in pc_files(table):
            if len(pc.lines) < 2 or len(pc.prompt_hashes) != 1 or not pc.ends[0][0]:
                continue
            prompt = pc.ends[0][0]
            text = shown(prompt if len(prompt) < END else prompt + "...")
            found.append(Violation(f"all {len(pc.lines)} prompts are the same: {text}; the model can learn "
                                   "nothing from the prompt", path=pc.path, line=pc.lines[0], pointer="/prompt"))
        return found
