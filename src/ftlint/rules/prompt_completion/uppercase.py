"""PC007 mostly-uppercase."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ftlint.core.findings import Severity, Violation
from ftlint.core.rule import DatasetRule, FileSummary
from ftlint.rules.prompt_completion._columns import FEATURES
from ftlint.rules.prompt_completion._stats import PcRule, pc_files

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable


class MostlyUppercase(PcRule, DatasetRule):
    """More than a third of the letters in a file's prompts (or completions) are uppercase.

    ## What it does
    Counts the ASCII letters of all prompts, then of all completions, of a file, and reports
    a field where uppercase letters are more than a third of them.

    ## Why it matters
    Uppercase text tokenizes into more, rarer tokens than normal text, and a model trained on
    it tends to do worse; OpenAI's legacy guide recommends lowercasing where the domain allows.

    ## Example
    `{"prompt": "CUSTOMER CANNOT LOG IN AFTER RESET", ...}` throughout.

    ## Fix
    Lowercase the text if case carries no meaning in your domain (ftlint does not guess that).

    ## Options
    None.
    """

    code = "PC007"
    name = "mostly-uppercase"
    default_severity = Severity.INFO
    features = FEATURES

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        found = []
        for pc in pc_files(table):
            for index, field in enumerate(("prompt", "completion")):
                upper, lower = pc.upper[index], pc.lower[index]
                if upper * 2 > lower and upper >= 20:  # a few letters (labels like "OK") prove nothing
                    share = upper / (upper + lower)
                    found.append(Violation(f"{share:.0%} of the letters in the {field}s are uppercase; mixed-case "
                                           "text usually trains better", path=pc.path, line=pc.lines[0],
                                           pointer=f"/{field}"))
        return found
