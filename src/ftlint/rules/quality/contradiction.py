"""DQ003 contradictory-answers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ftlint.core.findings import Location, Severity, Violation
from ftlint.core.rule import DatasetRule, FileSummary
from ftlint.rules.classification._answers import LABEL
from ftlint.rules.quality._hashes import LABELLED_PROMPT_HASH

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable


class ContradictoryAnswers(DatasetRule):
    """The same prompt appears with different short answers (a label conflict).

    ## What it does
    Hashes each record's prompt (the conversation before the final assistant reply, or the
    `prompt`) and reports records of a file whose prompt already appeared earlier in that file
    with a different short answer (a label, up to 40 characters; case and surrounding spaces
    ignored), naming the line of the first. Long answers that differ are left alone: paraphrased
    answers to one prompt are a common augmentation. Exact copies are DQ001's.

    ## Why it matters
    The model is taught two answers to one question: it learns neither reliably. In
    classification data this is a label conflict, usually a labelling mistake.

    ## Example
    Line 12: `"Is this spam? WIN A PRIZE" -> " yes"`; line 480: the same message `-> " no"`.

    ## Fix
    Keep the right answer and delete or correct the others.

    ## Options
    None.
    """

    code = "DQ003"
    name = "contradictory-answers"
    default_severity = Severity.WARNING
    features = (LABELLED_PROMPT_HASH, LABEL)

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        rows = _rows_with_repeated_prompts(table)
        first: dict[tuple[int, int], tuple[int, str]] = {}  # (file, prompt) -> (line, answer) of its first
        answers: dict[tuple[int, int], set[str]] = {}
        found = []
        for file, line, prompt, label in rows:
            if prompt is None or label is None:
                continue
            answer = label.strip().casefold()
            key = (file, prompt)
            if key not in first:
                first[key] = (line, answer)
                answers[key] = {answer}
                continue
            answers[key].add(answer)
            first_line, first_answer = first[key]
            if answer != first_answer:
                path = table.paths[file]
                found.append((key, Violation(f"same prompt as line {first_line}, with a different answer",
                                             path=path, line=line, related=(Location(path, first_line),))))
        return [Violation(f"{v.message} ({len(answers[key])} different answers to this prompt)", path=v.path,
                          line=v.line, related=v.related) for key, v in found]


def _rows_with_repeated_prompts(table: FeatureTable) -> Iterable[tuple[Any, ...]]:
    """(file, line, prompt hash, label) of the rows whose prompt hash occurs more than once, in order.

    Most prompts are unique, so the rows worth comparing are picked out by column operations first
    (a Counter in C, or polars), never by walking every row in Python.
    """
    column = table.column("labelled_prompt_hash")
    if column is not None:
        counts = Counter(value for value in column if value is not None)
        if all(count == 1 for count in counts.values()):
            return []
        return [row for row in table.iter_rows("file", "line", "labelled_prompt_hash", "label")
                if row[2] is not None and counts[row[2]] > 1]
    from ftlint.core.engine.features import repeating_rows

    frame = table.frame.select("file", "line", "labelled_prompt_hash", "label")
    return frame.gather(repeating_rows(frame, "labelled_prompt_hash")).iter_rows()
