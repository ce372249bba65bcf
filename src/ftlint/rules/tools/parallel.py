"""TL007 parallel-calls-disabled."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.rules.tools._base import ToolFacts, ToolRule


class ParallelCallsDisabled(ToolRule):
    """An assistant message makes several tool calls while `parallel_tool_calls` is false.

    ## What it does
    Reports assistant messages with more than one tool call in examples that set
    `"parallel_tool_calls": false`.

    ## Why it matters
    The example contradicts itself: it forbids parallel calls and trains on them. The provider
    rejects it.

    ## Example
    `"parallel_tool_calls": false` and an assistant message with two `tool_calls`.

    ## Fix
    Split the calls over several assistant turns, or drop `"parallel_tool_calls": false`.

    ## Options
    None.
    """

    code = "TL007"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "parallel-calls-disabled"
    default_severity = Severity.ERROR

    def check_tools(self, view: dict[str, Any], facts: ToolFacts) -> Iterable[Violation]:
        if view.get("parallel_tool_calls") is not False:
            return ()
        counts: dict[int, int] = {}
        for call in facts.calls:
            counts[call.message] = counts.get(call.message, 0) + 1
        return [Violation(f"{count} tool calls in one message, but `parallel_tool_calls` is false",
                          pointer=pointer("messages", number, "tool_calls"))
                for number, count in sorted(counts.items()) if count > 1]
