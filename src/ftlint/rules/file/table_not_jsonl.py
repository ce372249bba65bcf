"""FL014 table-not-jsonl."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation
from ftlint.core.records import FileFacts
from ftlint.core.rule import FileRule
from ftlint.core.tables import KIND_NAMES


class TableNotJsonl(FileRule):
    """File is a table (CSV, TSV, Parquet or XLSX), not JSONL; ftlint checked its rows as records.

    ## What it does
    Reads a `.csv`, `.tsv`, `.xlsx` workbook (its first sheet) or a Parquet file, turns each data
    row into a record (column -> cell; JSON text decoded in columns such as `messages` or `tools`
    that hold structures; an empty cell leaves its key out), checks those records, and reports
    the file once. In this file's findings, line n is data row n: the first row below the header.

    ## Why it matters
    OpenAI, Together, Fireworks and Mistral take JSONL only. Hugging Face datasets (and so TRL,
    Axolotl and LLaMA-Factory) read CSV and Parquet, but no trainer reads a workbook.

    ## Example
    `train.csv` with the columns `prompt,completion`.

    ## Fix
    `ftlint convert train.csv --profile openai` writes its records as JSONL, one per row, with JSON
    text in columns such as `messages` written as the structure it holds (`--map` reads other column
    names). ftlint does not rewrite tables in place.

    ## Options
    None.
    """

    code = "FL014"
    name = "table-not-jsonl"
    default_severity = Severity.ERROR

    def check_file(self, facts: FileFacts) -> Iterable[Violation]:
        kind = KIND_NAMES.get(facts.container)
        if kind is None:
            return ()
        count = int(facts.container_detail)
        rows = f"{count} row{'s' if count != 1 else ''}"
        article = "an" if kind == "XLSX" else "a"
        text = (f"file is {article} {kind} table of {rows}, not JSONL; its rows were checked as records "
                "(line n in this report is data row n, the header not counted)")
        if self.target.neutral:
            text += ("; OpenAI, Together, Fireworks and Mistral take JSONL only"
                     + (", and no trainer reads a workbook" if facts.container == "xlsx" else
                        ", while Hugging Face datasets (TRL, Axolotl, LLaMA-Factory) read it"))
        elif self.target.provider:
            text += f"; {self.target.provider} takes JSONL only"
        text += "; `ftlint convert` writes its records as JSONL"
        return (Violation(text),)
