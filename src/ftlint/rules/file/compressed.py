"""FL011 compressed-file."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation
from ftlint.core.records import FileFacts
from ftlint.core.rule import FileRule


class CompressedFile(FileRule):
    """File is compressed (gzip, bzip2, xz or zstd); ftlint checked what is inside.

    ## What it does
    Recognises compression by the file's first bytes, whatever its name, decompresses a
    temporary copy, and checks the records in it.

    ## Why it matters
    Keeping datasets compressed is sensible, but fine-tuning uploads must be plain JSONL: a
    `.jsonl` that is really gzip is rejected as unreadable.

    ## Example
    `train.jsonl` produced by `gzip -c data.jsonl > train.jsonl`.

    ## Fix
    Decompress before uploading (`gunzip -c train.jsonl.gz > train.jsonl`).

    ## Options
    None.
    """

    code = "FL011"
    name = "compressed-file"
    default_severity = Severity.INFO

    def check_file(self, facts: FileFacts) -> Iterable[Violation]:
        if facts.compression is None or facts.container == "corrupt":
            return ()
        return (
            Violation(f"file is {facts.compression}-compressed; checked its contents, but decompress it "
                      "before uploading: providers read plain JSONL"),
        )
