"""FL008 json-not-jsonl."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.edits import FileChange, RewriteFile
from ftlint.core.findings import Applicability, Fix, Severity, Violation
from ftlint.core.records import FileFacts
from ftlint.core.rule import FileRule, FixAvailability


class JsonNotJsonl(FileRule):
    """File is one JSON document (an array or a pretty-printed object), not JSON Lines.

    ## What it does
    Recognises a file that is a single JSON array of records, or one record spread over many
    lines, and reports it once. ftlint still checks each record, at the line where it starts.

    ## Why it matters
    Fine-tuning endpoints want JSONL: one compact record per line. A JSON array is read as one
    broken example (or rejected: "line 1 is not a dictionary").

    ## Example
    ```json
    [
      {"prompt": "a", "completion": "b"}
    ]
    ```

    ## Fix
    `ftlint fix` rewrites the file as JSONL, one record per line (safe). Each record keeps its
    text as written (numbers, escapes, a key written twice); only the whitespace between tokens
    goes. By hand: `jq -c '.[]' data.json > data.jsonl` (which reads the values and writes them again).

    ## Options
    None.
    """

    code = "FL008"
    name = "json-not-jsonl"
    default_severity = Severity.ERROR
    fix_availability = FixAvailability.ALWAYS

    def check_file(self, facts: FileFacts) -> Iterable[Violation]:
        if facts.container == "json-array":
            count = int(facts.container_detail)
            records = f"{count} record{'s' if count != 1 else ''}"
            text = f"file is a JSON array of {records}, not JSONL (one record per line)"
        elif facts.container == "json-document":
            text = "file is one pretty-printed JSON document, not JSONL (one record per line)"
        else:
            return ()
        if self.target.neutral:
            text += ("; OpenAI, Together, Fireworks and Mistral take JSONL only, while LLaMA-Factory, Axolotl and "
                     "Hugging Face datasets (TRL) read it as it is")
        elif self.target.provider:
            text += f"; {self.target.provider} takes JSONL only"
        return (Violation(text, fix=Fix("rewrite as JSONL, one record per line", Applicability.SAFE,
                                        (RewriteFile(FileChange.TO_JSONL),))),)
