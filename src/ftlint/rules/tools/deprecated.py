"""TL008 deprecated-functions."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from ftlint.core.edits import ReplaceRecord
from ftlint.core.findings import Applicability, Fix, Severity, Violation, pointer
from ftlint.core.records import Record
from ftlint.core.rule import FixAvailability
from ftlint.rules.tools._base import ToolFacts, ToolRule


class DeprecatedFunctions(ToolRule):
    """The example uses the deprecated `functions`, `function_call` or `function` role.

    ## What it does
    Reports `functions` beside `messages`, assistant messages with `function_call`, and messages
    with the role `function`, once per example, at the first of them.

    ## Why it matters
    OpenAI replaced functions with tools; new models are tuned and served with `tools`,
    `tool_calls` and `tool` messages, and support for the old fields may end.

    ## Example
    `{"messages": [..., {"role": "assistant", "function_call": {...}}, {"role": "function", ...}],
    "functions": [...]}`.

    ## Fix
    `ftlint fix --unsafe-fixes` converts the example: `functions` become `tools`, each
    `function_call` a tool call with a generated id (`call_1`, ...), each `function` message a
    `tool` message answering the latest call of that function (unsafe: ids are invented).

    ## Options
    None.
    """

    code = "TL008"
    name = "deprecated-functions"
    default_severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS

    def check_record(self, record: Record) -> Iterable[Violation]:
        # A shaped record has only `messages` of roles and text: only a `function` role can be deprecated.
        if record.shape is not None and "function" not in record.shape:
            return ()
        return super().check_record(record)

    def check_tools(self, view: dict[str, Any], facts: ToolFacts) -> Iterable[Violation]:
        places = [pointer("functions")] if view.get("functions") is not None else []
        for number, message in enumerate(view["messages"]):
            if message.get("function_call") is not None:
                places.append(pointer("messages", number, "function_call"))
            elif message["role"] == "function":
                places.append(pointer("messages", number, "role"))
        if not places:
            return ()
        fix = Fix("convert to tools, tool calls and tool messages", Applicability.UNSAFE,
                  (ReplaceRecord(convert(view)),))
        more = f" (and {len(places) - 1} more place{'s' if len(places) > 2 else ''})" if len(places) > 1 else ""
        return (Violation(f"uses the deprecated functions API{more}; use `tools`, `tool_calls` and `tool` "
                          "messages", pointer=places[0], fix=fix),)


def convert(view: dict[str, Any]) -> dict[str, Any]:
    """The example with functions turned into tools, keeping every other key where it was."""
    record = copy.deepcopy(view)
    functions = record.pop("functions", None)
    converted: dict[str, Any] = {}
    for key, value in record.items():
        converted[key] = value
        if key == "messages" and functions:
            converted["tools"] = [{"type": "function", "function": f} for f in functions]
    latest: dict[str, str] = {}
    count = 0
    messages = []
    for message in converted["messages"]:
        call = message.pop("function_call", None)
        if call is not None:
            count += 1
            call_id = f"call_{count}"
            latest[call.get("name", "")] = call_id
            message["tool_calls"] = [{"id": call_id, "type": "function", "function": call}]
        elif message.get("role") == "function":
            rest = {k: v for k, v in message.items() if k not in ("role", "name")}
            message = {"role": "tool", "tool_call_id": latest.get(message.get("name", ""), f"call_{count}"), **rest}
        messages.append(message)
    converted["messages"] = messages
    return converted
