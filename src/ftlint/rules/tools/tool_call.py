"""TL002 invalid-tool-call."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation
from ftlint.core.option_types import Flag
from ftlint.core.rule import RuleOptions
from ftlint.rules.tools._base import FUNCTION_NAME, ToolFacts, ToolRule


class InvalidToolCallOptions(RuleOptions):
    require_id: Flag = True
    """Report a tool call without an `id` (OpenAI, Mistral, Together); Hugging Face templates need none."""


class InvalidToolCall(ToolRule):
    """A tool call lacks an id, is not of type `function`, names no valid function, or repeats an id.

    ## What it does
    Checks every entry of an assistant message's `tool_calls`: a non-empty `id` unique within the
    example, `type` `function`, and a function `name` of 1-64 letters, digits, `_` or `-`; and that
    only assistant messages make tool calls.

    ## Why it matters
    The provider rejects such examples; a tool message answers a call by its id, so ids must be
    there and distinct.

    ## Example
    `{"id": "", "type": "tool", "function": {"name": "get_weather", "arguments": "{}"}}`.

    ## Fix
    Give each call a unique id (e.g. `call_1`), type `function` and the function's name.

    A call with no `id` at all is fine for Hugging Face chat templates (TRL, Axolotl, LLaMA-Factory)
    and in Fireworks' own example; their profiles and the neutral one set `require-id = false`.

    ## Options
    `require-id`: report a call that has no `id` key (default true; an empty id is always reported).
    """

    code = "TL002"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "invalid-tool-call"
    default_severity = Severity.ERROR
    Options = InvalidToolCallOptions

    def check_tools(self, view: dict[str, Any], facts: ToolFacts) -> Iterable[Violation]:
        found = []
        ids: set[str] = set()
        messages = view["messages"]
        for call in facts.calls:
            raw = messages[call.message]["tool_calls"][call.index]
            if messages[call.message]["role"] != "assistant":
                found.append(Violation(f"a `{messages[call.message]['role']}` message makes a tool call; only the "
                                       "assistant calls tools", pointer=call.pointer))
            if call.id is None:
                if self.options.require_id:  # type: ignore[attr-defined]
                    found.append(Violation("tool call has no `id`; the answering tool message names it in "
                                           "`tool_call_id`", pointer=call.pointer))
            elif not call.id:
                found.append(Violation("tool call has an empty `id`", pointer=call.pointer + "/id"))
            elif call.id in ids:
                found.append(Violation(f"tool call id `{call.id}` is used twice in this example",
                                       pointer=call.pointer + "/id"))
            ids.add(call.id)
            if raw["type"] != "function":
                found.append(Violation(f"tool call type is `{raw['type']}`; it must be `function`",
                                       pointer=call.pointer + "/type"))
            if not FUNCTION_NAME.match(call.name):
                found.append(Violation(f"function name {call.name!r} must be 1-64 letters, digits, `_` or `-`",
                                       pointer=call.pointer + "/function/name"))
        return found
