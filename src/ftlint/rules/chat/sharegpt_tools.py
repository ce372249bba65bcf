"""CH012 sharegpt-tools-not-json."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation
from ftlint.rules.chat._sharegpt import ShareGptFacts, ShareGptRule

_JSON_TYPES = {dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number",
               bool: "a boolean", type(None): "null"}


class ShareGptToolsNotJson(ShareGptRule):
    """A ShareGPT record's `tools` string is not a JSON list of function definitions.

    ## What it does
    Decodes the `tools` string and reports it when it is blank, is not valid JSON, holds anything
    but a JSON list (a single object included), or holds a list item that is not a function
    definition: an object with a `name`, either itself or in its `function` when its `type` is
    `function`. An empty list, `"[]"`, is fine.

    ## Why it matters
    Both readers decode `tools` with `json.loads` while the data is prepared, and stop the run on a
    bad one. LLaMA-Factory (`ToolFormatter`, src/llamafactory/data/formatter.py) raises "Invalid
    JSON format in tool description", and its tool formatters (src/llamafactory/data/tool_utils.py)
    iterate the value as a list of objects and read each `name`, so an object or a list of strings
    fails there. Axolotl's `chat_template` loader (`_get_tools`,
    src/axolotl/prompt_strategies/chat_template.py) re-raises the JSON error, also for an empty
    string, and rejects anything but a list ("Unknown tools format. Please convert it into a
    list[dict]").

    ## Example
    `"tools": "{\\"name\\": \\"get_weather\\"}"` (an object, not a list), or `"tools": "[{name: f}]"`.

    ## Fix
    Write the definitions as a JSON list serialised to a string, e.g.
    `"[{\\"name\\": \\"get_weather\\", \\"parameters\\": {...}}]"`; use `"[]"` or leave the key out
    for no tools.

    ## Options
    None.
    """

    code = "CH012"
    name = "sharegpt-tools-not-json"
    default_severity = Severity.ERROR

    def check_conversation(self, view: dict[str, Any], facts: ShareGptFacts) -> Iterable[Violation]:
        text = view.get("tools")
        if text is None:
            return ()
        if not text.strip():
            return (Violation(f"`tools` is {'an empty string' if not text else 'only whitespace'}, which Axolotl "
                              "fails to parse as JSON; write `[]` or leave the key out", pointer="/tools"),)
        try:
            tools = json.loads(text)
        except (ValueError, RecursionError) as exc:  # a JSONDecodeError, or nesting deeper than Python's stack
            return (Violation(f"`tools` is not valid JSON ({exc}); LLaMA-Factory and Axolotl stop preparing the data",
                              pointer="/tools"),)
        if not isinstance(tools, list):
            hint = ": wrap it in [...]" if isinstance(tools, dict) else ""
            return (Violation(f"`tools` holds {_JSON_TYPES[type(tools)]}, not a list of function definitions{hint}; "
                              "LLaMA-Factory and Axolotl stop preparing the data", pointer="/tools"),)
        return [Violation(f"`tools` item {number} {problem}; LLaMA-Factory's tool formatter fails on it",
                          pointer="/tools") for number, tool in enumerate(tools) if (problem := _problem(tool))]


def _problem(tool: Any) -> str:
    if not isinstance(tool, dict):
        return f"is {_JSON_TYPES[type(tool)]}, not a function definition object"
    function = tool.get("function") if tool.get("type") == "function" else tool
    if not isinstance(function, dict):
        return "has `type` function but no `function` object"
    name = function.get("name")
    if not isinstance(name, str) or not name:
        return "has no `name`" if name is None else "has a `name` that is not a non-empty string"
    return ""
