"""FL009 crlf-line-ends."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation
from ftlint.core.records import FileFacts
from ftlint.core.rule import FileRule


class CrlfLineEnds(FileRule):
    """File uses Windows (CRLF) line ends.

    ## What it does
    Reports, once per file, CRLF (`\\r\\n`) line ends, or a mix of CRLF and LF.

    ## Why it matters
    JSON parsers treat the `\\r` as whitespace, so records still parse, but some tools keep it in
    the last field or count it as content, and diffs of the dataset get noisy.

    ## Example
    A file written on Windows with text-mode newlines.

    ## Fix
    Convert the line ends, e.g. `dos2unix data.jsonl`.

    ## Options
    None.
    """

    code = "FL009"
    name = "crlf-line-ends"
    default_severity = Severity.INFO

    def check_file(self, facts: FileFacts) -> Iterable[Violation]:
        if facts.line_ending == "crlf":
            text = "file uses CRLF (Windows) line ends; LF is the JSONL convention"
        elif facts.line_ending == "mixed":
            text = "file mixes CRLF and LF line ends"
        else:
            return ()
        return (Violation(text),)
