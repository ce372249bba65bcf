"""FL009 crlf-line-ends."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ftlint.core.edits import FileChange, RewriteFile
from ftlint.core.findings import Applicability, Fix, Severity, Violation
from ftlint.core.rule import DatasetRule, FileSummary, FixAvailability

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable


_LF = Fix("end every line with LF", Applicability.SAFE, (RewriteFile(FileChange.LF_LINE_ENDS),))


class CrlfLineEnds(DatasetRule):
    """File uses Windows (CRLF) line ends.

    ## What it does
    Reports, once per file, records whose lines end in CRLF (`\\r\\n`) instead of LF, with their
    number and the first such line; a file that mixes the two is named as such.

    ## Why it matters
    JSON parsers treat the `\\r` as whitespace, so records still parse, but some tools keep it in
    the last field or count it as content, and diffs of the dataset get noisy.

    ## Example
    A file written on Windows with text-mode newlines.

    ## Fix
    `ftlint fix` ends every line with LF (safe). By hand: `dos2unix data.jsonl`.

    ## Options
    None.
    """

    code = "FL009"
    name = "crlf-line-ends"
    default_severity = Severity.INFO
    fix_availability = FixAvailability.ALWAYS
    # `crlf` is one of the engine's base columns.

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        crlf = table.column("crlf")
        if not (any(crlf) if crlf is not None else table.frame.get_column("crlf").any()):
            return []  # the common case, settled without grouping anything
        import polars as pl

        per_file = (
            table.frame.group_by("file", maintain_order=True)
            .agg(pl.col("crlf").sum().alias("crlf"), pl.col("crlf").count().alias("records"),
                 pl.col("line").filter(pl.col("crlf")).min().alias("first"))
            .filter(pl.col("crlf") > 0)
        )
        found = []
        for file, crlf, records, first in per_file.iter_rows():
            path = table.paths[file]
            if crlf == records:
                text = "file uses CRLF (Windows) line ends; LF is the JSONL convention"
            else:
                text = f"file mixes line ends: {crlf} of {records} records end with CRLF, the rest with LF"
            found.append(Violation(text, path=path, line=first, fix=_LF))
        return found
