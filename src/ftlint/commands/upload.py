"""`ftlint upload FILE`: put a file on the provider for fine-tuning (reusing an identical upload), print its id.

It uploads what it is given: `ftlint train` is the command that checks first."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from ftlint.commands.backend_use import use_backend
from ftlint.core.textsafe import escape_controls


def run_upload(paths: list[Path], backend_name: str, base_url: str | None, stdout: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    backend = use_backend(backend_name, base_url)
    for path in paths:
        file_id, reused = backend.upload(path)
        note = "  (uploaded before: reused)" if reused else ""
        stdout.write(f"{file_id}  {escape_controls(str(path))}{note}\n")
    return 0
