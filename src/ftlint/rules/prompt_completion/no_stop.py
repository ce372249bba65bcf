"""PC004 no-stop-sequence."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ftlint.core.edits import EditText
from ftlint.core.findings import Applicability, Fix, Severity, Violation
from ftlint.core.rule import DatasetRule, FileSummary, FixAvailability, RuleOptions, Target
from ftlint.rules.classification._answers import LABEL, label_feature
from ftlint.rules.classification._labels import is_classification
from ftlint.rules.prompt_completion._columns import FEATURES, STOP_SHIFT, STOPS
from ftlint.rules.prompt_completion._stats import PcRule, first_absent, pc_files, shown

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable


class NoStopSequence(PcRule, DatasetRule):
    """Completions do not end with a common stop sequence.

    ## What it does
    Looks for a string that every completion of a file ends with. Classification files (few
    distinct short completions) are left alone: a one-token label needs no stop sequence.

    ## Why it matters
    Without a fixed ending the fine-tuned model does not know when to stop and writes on until
    `max_tokens`. The ending becomes the `stop` parameter of your completion requests.

    ## Example
    Completions that end in `" END"`, `"."` and `"!"` in one file.

    ## Fix
    `ftlint fix` appends a stop sequence that no completion contains yet (`\\n` first, then
    ` END`, ...) to every completion (safe).

    ## Options
    None.
    """

    code = "PC004"
    name = "no-stop-sequence"
    default_severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS
    features = (*FEATURES, LABEL)

    def __init__(self, options: RuleOptions | None = None, *, target: Target) -> None:
        super().__init__(options, target=target)
        self.features = (*FEATURES, label_feature(target))  # type: ignore[misc]

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        found = []
        for pc in pc_files(table):
            if pc.suffix(3) or len(pc.lines) < 2 or is_classification(table, pc.path, self.target.label_field):
                continue
            stop = first_absent(STOPS, pc.present(STOP_SHIFT))
            fix = Fix(f"append {shown(stop)} to every completion", Applicability.SAFE,
                      (EditText("/completion", append=stop),), every_record=True)
            found.append(Violation(
                f"completions do not end with a common stop sequence; end every completion with one, e.g. "
                f"{shown(stop)}, and pass it as `stop` when you call the model", path=pc.path, line=pc.lines[0],
                pointer="/completion", fix=fix))
        return found
