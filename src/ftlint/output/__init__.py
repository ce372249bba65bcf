"""Report writers: one module per `--output-format`, all with the same call signature.

An emitter gets the check result, a text stream and the metadata of the rules (built by the
command layer from the registry; this package imports nothing but `ftlint.core`).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol, TextIO

from ftlint.output.base import RuleInfo

if TYPE_CHECKING:
    from ftlint.core.engine.driver import CheckResult


class Emitter(Protocol):
    """Writes a whole report for `result` to `stream`."""

    def __call__(self, result: CheckResult, stream: TextIO, *, rules: Mapping[str, RuleInfo]) -> None: ...


FORMATS = ("text", "json", "github", "sarif", "junit", "markdown")


def emitter(name: str) -> Emitter:
    """The emitter for an output format; only the chosen one is imported (XML is not cheap)."""
    if name not in FORMATS:
        raise KeyError(f"unknown output format `{name}`; known: {', '.join(FORMATS)}")
    return importlib.import_module(f"ftlint.output.{name}").emit  # type: ignore[no-any-return]


__all__ = ["FORMATS", "Emitter", "RuleInfo", "emitter"]
