"""TL005 unknown-function."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation
from ftlint.rules.tools._base import ToolFacts, ToolRule


class UnknownFunction(ToolRule):
    """A tool call names a function that the example's `tools` do not define.

    ## What it does
    Compares each call's function name with the functions in `tools` (or `functions`). An
    example that calls tools but defines none is reported once per call as well.

    ## Why it matters
    The model learns to call a function it will not be given; at inference time the call
    fails. Examples with tool calls should carry the tool definitions they were made with.

    ## Example
    `tools` defines `get_weather`; the assistant calls `get_forecast`.

    ## Fix
    Add the function to `tools`, or correct the name in the call.

    ## Options
    None.
    """

    code = "TL005"
    name = "unknown-function"
    default_severity = Severity.ERROR

    def check_tools(self, view: dict[str, Any], facts: ToolFacts) -> Iterable[Violation]:
        found = []
        for call in facts.calls:
            if call.name in facts.functions:
                continue
            if facts.defines_tools:
                known = ", ".join(f"`{name}`" for name in facts.functions) or "none"
                text = f"calls `{call.name}`, which `tools` does not define (defined: {known})"
            else:
                text = f"calls `{call.name}`, but the example defines no `tools`"
            found.append(Violation(text, pointer=call.pointer + "/function/name"))
        return found
