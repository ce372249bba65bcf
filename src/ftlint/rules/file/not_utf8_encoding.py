"""FL003 utf16-or-utf32."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.edits import FileChange, RewriteFile
from ftlint.core.findings import Applicability, Fix, Severity, Violation
from ftlint.core.records import FileFacts
from ftlint.core.rule import FileRule, FixAvailability


class Utf16OrUtf32(FileRule):
    """File is encoded as UTF-16 or UTF-32 instead of UTF-8.

    ## What it does
    Recognises UTF-16 and UTF-32 by their byte order mark, or by the pattern of zero bytes when
    there is none, and reports the encoding. ftlint decodes a copy and checks the records anyway,
    with the original line numbers.

    ## Why it matters
    Fine-tuning providers accept only UTF-8; a UTF-16 file fails on its first byte. PowerShell's
    `>` redirection and some Windows tools write UTF-16 by default.

    ## Example
    `Get-Content data.jsonl > out.jsonl` in Windows PowerShell 5 writes UTF-16 LE.

    ## Fix
    `ftlint fix` re-encodes the file as UTF-8 (safe), keeping every line. By hand:
    `iconv -f utf-16 -t utf-8 in.jsonl > out.jsonl`.

    ## Options
    None.
    """

    code = "FL003"
    name = "utf16-or-utf32"
    default_severity = Severity.ERROR
    fix_availability = FixAvailability.ALWAYS

    def check_file(self, facts: FileFacts) -> Iterable[Violation]:
        if not facts.encoding.startswith(("utf-16", "utf-32")):
            return ()
        label = facts.encoding.upper().replace("-LE", " LE").replace("-BE", " BE")
        return (Violation(f"file is encoded as {label}; providers accept only UTF-8",
                          fix=Fix("re-encode the file as UTF-8", Applicability.SAFE,
                                  (RewriteFile(FileChange.TO_UTF8),))),)
