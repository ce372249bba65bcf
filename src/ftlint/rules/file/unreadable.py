"""FL012 unreadable-file."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation
from ftlint.core.records import FileFacts
from ftlint.core.rule import FileRule


class UnreadableFile(FileRule):
    """File is binary or in a container ftlint cannot read, so no record was checked.

    ## What it does
    Reports files with zero bytes in patterns that are not UTF-16/32 text (images, archives,
    databases), zip archives (ftlint decompresses gzip, bzip2, xz and zstd, but does not open
    archives), and compressed files that are truncated or damaged.

    ## Why it matters
    Nothing in such a file can be trained on; usually the wrong file was named.

    ## Example
    `ftlint check model.safetensors`.

    ## Fix
    Check the path; extract a zip archive first and check the JSONL inside.

    ## Options
    None.
    """

    code = "FL012"
    name = "unreadable-file"
    default_severity = Severity.ERROR

    def check_file(self, facts: FileFacts) -> Iterable[Violation]:
        if facts.container == "binary":
            return (Violation("file is binary, not JSONL text; no records were checked"),)
        if facts.container == "corrupt":
            return (Violation(f"file holds {facts.container_detail}; no records were checked"),)
        if facts.container == "unsupported":
            return (
                Violation(f"file is a {facts.container_detail} archive, which ftlint cannot read; "
                          "extract it and check the JSONL inside"),
            )
        return ()
