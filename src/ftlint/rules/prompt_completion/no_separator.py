"""PC001 no-prompt-separator."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ftlint.core.edits import EditText
from ftlint.core.findings import Applicability, Fix, Severity, Violation
from ftlint.core.rule import DatasetRule, FileSummary, FixAvailability
from ftlint.rules.prompt_completion._columns import FEATURES, SEPARATORS
from ftlint.rules.prompt_completion._stats import PcRule, first_absent, pc_files, shown

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable


class NoPromptSeparator(PcRule, DatasetRule):
    """Prompts do not end with a common separator.

    ## What it does
    Looks for a string that every prompt of a file ends with. Files whose prompts are all empty
    (open-ended generation) are left alone.

    ## Why it matters
    A completion model sees one stream of text: a fixed separator at the end of every prompt
    tells it where the prompt stops and the completion begins. Without one, it keeps writing
    the prompt. The same separator must end every prompt you send the fine-tuned model.

    ## Example
    `{"prompt": "Subject: refund request", "completion": " billing"}` beside prompts that end
    in `\\n\\n###\\n\\n`.

    ## Fix
    `ftlint fix` appends a separator that no prompt contains yet (`\\n\\n###\\n\\n` first, as the
    OpenAI guide suggests) to every prompt (safe).

    ## Options
    None.
    """

    code = "PC001"
    name = "no-prompt-separator"
    default_severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS
    features = FEATURES

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        found = []
        for pc in pc_files(table):
            if pc.suffix(1) or not any(end[1] for end in pc.ends):
                continue
            separator = first_absent(SEPARATORS, pc.present(0))
            fix = Fix(f"append {shown(separator)} to every prompt", Applicability.SAFE,
                      (EditText("/prompt", append=separator),), every_record=True)
            found.append(Violation(
                f"prompts do not end with a common separator; end every prompt with one, e.g. {shown(separator)}, "
                "which no prompt contains yet", path=pc.path, line=pc.lines[0], pointer="/prompt", fix=fix))
        return found
