"""PC008 some-prompts-empty."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ftlint.core.findings import Severity, Violation
from ftlint.core.rule import DatasetRule, FileSummary
from ftlint.rules.prompt_completion._columns import FEATURES
from ftlint.rules.prompt_completion._stats import PcRule, pc_files

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable


class SomePromptsEmpty(PcRule, DatasetRule):
    """Some prompts are empty while others are not.

    ## What it does
    Reports each empty prompt in a file that also has non-empty prompts.

    ## Why it matters
    Empty prompts mean open-ended generation and non-empty ones conditional generation; a mix
    is usually an export that lost some prompts, and the model learns to answer nothing.

    ## Example
    `{"prompt": "", "completion": " Paris"}` among `{"prompt": "Capital of France?..."}`.

    ## Fix
    Fill in the prompt, or drop the record.

    ## Options
    None.
    """

    code = "PC008"
    name = "some-prompts-empty"
    default_severity = Severity.WARNING
    features = FEATURES

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        found = []
        for pc in pc_files(table):
            empty = [line for line, end in zip(pc.lines, pc.ends, strict=True) if not end[0]]
            if empty and len(empty) < len(pc.lines):
                others = len(pc.lines) - len(empty)
                found.extend(Violation(f"prompt is empty, but {others} other prompts in this file are not",
                                       path=pc.path, line=line, pointer="/prompt") for line in empty)
        return found
