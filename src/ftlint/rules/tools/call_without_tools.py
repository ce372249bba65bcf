"""TL010 call-without-tools."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation
from ftlint.rules.tools._base import ToolFacts, ToolRule


class CallWithoutTools(ToolRule):
    """An example calls functions but defines no `tools`.

    ## What it does
    Reports, once per example, assistant tool calls in an example that has no `tools` (or
    deprecated `functions`) at all, or only an empty or null list. A call to a function missing
    from a `tools` list that the example does have is TL005's.

    ## Why it matters
    OpenAI and Mistral accept such examples (`tools` is optional), but the model learns to call
    functions it is never shown: it is trained to produce calls from memory instead of reading
    the definitions it will be given at inference time, and chat templates (Hugging Face, TRL)
    render no tool section for it to learn from. Examples with tool calls should carry the tool
    definitions they were made with.

    ## Example
    `{"messages": [user, {"role": "assistant", "tool_calls": [{... "name": "get_weather" ...}]},
    tool, assistant]}` with no `tools` key.

    ## Fix
    Add the `tools` the example was made with (each function's name, description and
    parameters).

    ## Options
    None.
    """

    code = "TL010"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "call-without-tools"
    default_severity = Severity.WARNING

    def check_tools(self, view: dict[str, Any], facts: ToolFacts) -> Iterable[Violation]:
        if facts.defines_tools or not facts.calls:
            return ()
        names = ", ".join(f"`{name}`" for name in dict.fromkeys(call.name for call in facts.calls))
        count = len(facts.calls)
        calls = "a tool call" if count == 1 else f"{count} tool calls"
        return (Violation(f"{calls} ({names}) but no `tools`: the model learns to call functions it is never shown",
                          pointer=facts.calls[0].pointer + "/function/name"),)
