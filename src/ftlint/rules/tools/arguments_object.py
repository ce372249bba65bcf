"""TL009 arguments-not-string."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ftlint.core.edits import SetValue
from ftlint.core.findings import Applicability, Fix, Severity, Violation
from ftlint.core.rule import FixAvailability
from ftlint.rules.tools._base import ToolFacts, ToolRule

MESSAGE = ("OpenAI (and Mistral's fine-tuning) want `arguments` as a string holding JSON; Hugging Face chat "
           "templates and TRL take an object")


class ArgumentsNotString(ToolRule):
    """A tool call's `arguments` is a JSON object, not a string holding one.

    ## What it does
    Reports each tool call (and deprecated `function_call`) whose `function.arguments` is an
    object, such as `{"city": "Paris"}`, where OpenAI's format has the string
    `"{\\"city\\": \\"Paris\\"}"`. Whether the arguments are valid JSON, and match the function's
    parameters, is TL003's and TL006's (TL006 validates an object as it is).

    ## Why it matters
    Trainers disagree. OpenAI's fine-tuning format has `arguments` as the JSON text the model
    emits, and Mistral's `mistral-finetune` refuses anything else ("A tool call function of an
    assistant message does not have a 'arguments' key of type str",
    `finetune/data/tokenize.py`). Hugging Face chat templates want an object: TRL's dataset
    guide writes `"arguments": {"room": "living room", "state": "on"}`
    (`docs/source/dataset_formats.md`, "Tool Calling"), and templates such as Llama 3.1's
    serialize it with `tojson`, so a string there is encoded twice (Qwen 2.5's and Qwen 3's
    templates take either: `{% if tool_call.arguments is string %}`). Together and Fireworks
    document OpenAI's format for tool-calling fine-tuning and do not say whether they take an
    object; Together's client check (`check_file` in together-py) does not look at tool calls.
    The default (error) suits OpenAI-format targets; a TRL profile should turn the rule off.

    ## Example
    `"function": {"name": "get_weather", "arguments": {"city": "Paris"}}`.

    ## Fix
    `ftlint fix` writes the object as its JSON text (safe: no information is lost, and the
    string re-checks clean under TL003 and TL006 exactly as the object did).

    ## Options
    None.
    """

    code = "TL009"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "arguments-not-string"
    default_severity = Severity.ERROR
    fix_availability = FixAvailability.ALWAYS

    def check_tools(self, view: dict[str, Any], facts: ToolFacts) -> Iterable[Violation]:
        found = []
        for call in facts.calls:
            if isinstance(call.arguments, dict):
                found.append(_violation(call.pointer + "/function/arguments", call.arguments))
        for number, message in enumerate(view["messages"]):
            function = message.get("function_call")
            if function and isinstance(function["arguments"], dict):
                found.append(_violation(f"/messages/{number}/function_call/arguments", function["arguments"]))
        return found


def _violation(where: str, arguments: dict[str, Any]) -> Violation:
    text = json.dumps(arguments, ensure_ascii=False)
    fix = Fix("write the arguments as a JSON string", Applicability.SAFE, (SetValue(where, text, only_if=arguments),))
    return Violation(MESSAGE, pointer=where, fix=fix)
