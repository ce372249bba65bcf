"""SC005 unknown-format."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation
from ftlint.core.formats import FORMATS
from ftlint.core.records import FileFacts
from ftlint.core.rule import FileRule

_READABLE = ("jsonl", "json-array", "json-document", "csv", "tsv", "parquet", "xlsx")


class UnknownFormat(FileRule):
    """No record format could be recognised in the file.

    ## What it does
    Looks at the keys of the file's first records and reports when none matches a known format
    (chat `messages`, `prompt`/`completion`, preference, `text`, alpaca, ShareGPT). Records are
    then only checked as JSON.

    ## Why it matters
    Without a known format no provider or trainer can use the file as it is.

    ## Example
    `{"question": "...", "answer": "..."}`.

    ## Fix
    Rename the keys to a known format, convert the file, or pass `--input-format` to say which
    format the records are meant to be.

    ## Options
    None.
    """

    code = "SC005"
    name = "unknown-format"
    default_severity = Severity.ERROR

    def check_file(self, facts: FileFacts) -> Iterable[Violation]:
        if facts.format is not None or facts.container not in _READABLE or not facts.first_record_line:
            return ()
        keys = "keys " + ", ".join(f"`{k}`" for k in facts.first_keys[:8]) if facts.first_keys else "no keys"
        known = "; ".join(f"{'+'.join(sorted(f.signature))} ({f.name})" for f in FORMATS)
        return (
            Violation(f"no known record format: the first record has {keys}; expected one of {known}",
                      line=facts.first_record_line),
        )
