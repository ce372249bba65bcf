"""TL005 unknown-function."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation
from ftlint.rules.tools._base import ToolFacts, ToolRule


class UnknownFunction(ToolRule):
    """A tool call names a function that the example's `tools` do not define.

    ## What it does
    Compares each call's function name with the functions in the example's `tools` (or
    `functions`) list. An example that defines no tools at all is TL010's.

    ## Why it matters
    The model learns to call a function it will not be given, beside the ones it is: usually a
    renamed or misspelt function. At inference time the call fails.

    ## Example
    `tools` defines `get_weather`; the assistant calls `get_forecast`.

    ## Fix
    Add the function to `tools`, or correct the name in the call.

    ## Options
    None.
    """

    code = "TL005"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "unknown-function"
    default_severity = Severity.ERROR

    def check_tools(self, view: dict[str, Any], facts: ToolFacts) -> Iterable[Violation]:
        if not facts.defines_tools:
            return ()  # TL010's
        known = ", ".join(f"`{name}`" for name in facts.functions) or "none"
        return [Violation(f"calls `{call.name}`, which `tools` does not define (defined: {known})",
                          pointer=call.pointer + "/function/name")
                for call in facts.calls if call.name not in facts.functions]
