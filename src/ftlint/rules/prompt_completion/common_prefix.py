"""PC006 long-common-prefix."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ftlint.core.edits import EditText
from ftlint.core.findings import Applicability, Fix, Severity, Violation
from ftlint.core.option_types import Length
from ftlint.core.rule import DatasetRule, FileSummary, FixAvailability, RuleOptions
from ftlint.rules.prompt_completion._columns import FEATURES
from ftlint.rules.prompt_completion._stats import PcRule, pc_files, shown

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable


class LongCommonPrefixOptions(RuleOptions):
    prompt_chars: Length = 12
    """Report a prefix all prompts share when it is longer than this."""
    completion_chars: Length = 4
    """Report a prefix all completions share when it is longer than this (a leading space aside)."""


class LongCommonPrefix(PcRule, DatasetRule):
    """Every prompt, or every completion, starts with the same text.

    ## What it does
    Finds the prefix all prompts of a file share (reported beyond 12 characters) and the prefix
    all completions share (beyond 4 characters, not counting a leading space).

    ## Why it matters
    Fine-tuning replaces instructions: a fixed instruction or few-shot preamble in every prompt
    costs tokens on every training example and every request and teaches nothing. A fixed
    opening in every completion is text the model must generate each time.

    ## Example
    Every prompt starts `"Classify the sentiment of this review: "`.

    ## Fix
    `ftlint fix --unsafe-fixes` strips the prefix from every prompt or completion, keeping a
    completion's leading space (unsafe: you must also stop sending it at inference time).

    ## Options
    `prompt-chars` (12) and `completion-chars` (4): the lengths beyond which a prefix is reported.
    """

    code = "PC006"
    name = "long-common-prefix"
    default_severity = Severity.INFO
    fix_availability = FixAvailability.ALWAYS
    Options = LongCommonPrefixOptions
    features = FEATURES

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        options: LongCommonPrefixOptions = self.options  # type: ignore[assignment]
        found = []
        for pc in pc_files(table):
            if len(pc.lines) < 2:
                continue
            limits = (("prompt", 0, options.prompt_chars), ("completion", 2, options.completion_chars))
            for field, index, limit in limits:
                prefix = pc.prefix(index)
                kept = " " if field == "completion" and prefix.startswith(" ") else ""
                if len(prefix) - len(kept) <= limit or any(end[index] == prefix for end in pc.ends):
                    continue  # short, or the whole of some text (stripping it would empty that text)
                fix = Fix(f"remove the prefix from every {field}", Applicability.UNSAFE,
                          (EditText(f"/{field}", strip_prefix=prefix, prepend=kept),), every_record=True)
                found.append(Violation(f"every {field} starts with {shown(prefix)}; drop the repeated text from "
                                       f"the data (and from your requests)", path=pc.path, line=pc.lines[0],
                                       pointer=f"/{field}", fix=fix))
        return found
