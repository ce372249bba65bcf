"""Report writers: one module per `--output-format`, all with the same call signature.

An emitter gets the check result, a text stream and the metadata of the rules (built by the
command layer from the registry; this package imports nothing but `ftlint.core`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol, TextIO

from ftlint.output import github, junit, sarif, text
from ftlint.output import json as json_output
from ftlint.output.base import RuleInfo

if TYPE_CHECKING:
    from ftlint.core.engine.driver import CheckResult


class Emitter(Protocol):
    """Writes a whole report for `result` to `stream`."""

    def __call__(self, result: CheckResult, stream: TextIO, *, rules: Mapping[str, RuleInfo]) -> None: ...


EMITTERS: dict[str, Emitter] = {
    "text": text.emit,
    "json": json_output.emit,
    "github": github.emit,
    "sarif": sarif.emit,
    "junit": junit.emit,
}

__all__ = ["EMITTERS", "Emitter", "RuleInfo"]
