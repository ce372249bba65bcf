"""FL007 empty-file."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation
from ftlint.core.records import FileFacts
from ftlint.core.rule import FileRule


class EmptyFile(FileRule):
    """File has no records: it is empty or holds only whitespace.

    ## What it does
    Reports a file with zero bytes, or with nothing but spaces, tabs and newlines.

    ## Why it matters
    Providers reject an empty training file; usually an export step failed or wrote elsewhere.

    ## Example
    A 0-byte `train.jsonl` left by an interrupted script.

    ## Fix
    Regenerate the file.

    ## Options
    None.
    """

    code = "FL007"
    name = "empty-file"
    default_severity = Severity.ERROR

    def check_file(self, facts: FileFacts) -> Iterable[Violation]:
        if facts.container != "empty":
            return ()
        what = "file is empty" if facts.container_detail == "no bytes" else "file holds only whitespace"
        return (Violation(f"{what}: there are no records to train on"),)
