"""TL001 invalid-tool-definition."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.rules.tools._base import FUNCTION_NAME, ToolFacts, ToolRule


class InvalidToolDefinition(ToolRule):
    """A tool definition is not a function with a valid name and a valid JSON Schema for its parameters.

    ## What it does
    Checks every entry of `tools` (and of the deprecated `functions`): a `{"type": "function",
    "function": {...}}` object whose function has a `name` of 1-64 letters, digits, `_` or `-`,
    an optional string `description`, and `parameters` that is a JSON Schema (checked against the
    JSON Schema metaschema). A name defined twice is reported too.

    ## Why it matters
    The provider rejects the file when a tool definition is malformed, and a model trained on a
    schema that does not parse learns arguments that match nothing.

    ## Example
    `{"type": "function", "function": {"name": "get weather", "parameters": {"type": "objekt"}}}`.

    ## Fix
    Correct the definition; ftlint cannot guess the intended schema.

    ## Options
    None.
    """

    code = "TL001"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "invalid-tool-definition"
    default_severity = Severity.ERROR

    def check_tools(self, view: dict[str, Any], facts: ToolFacts) -> Iterable[Violation]:
        found: list[Violation] = []
        seen: set[str] = set()
        for key, wrapped in (("tools", True), ("functions", False)):
            for index, entry in enumerate(view.get(key) or ()):
                where = pointer(key, index)
                if wrapped:
                    if not isinstance(entry, dict) or entry.get("type") != "function":
                        found.append(Violation('a tool must be `{"type": "function", "function": {...}}`',
                                               pointer=where))
                        continue
                    entry, where = entry.get("function"), where + "/function"
                found.extend(_function_problems(entry, where, seen))
        return found


def _function_problems(function: Any, where: str, seen: set[str]) -> list[Violation]:
    if not isinstance(function, dict):
        return [Violation("the function definition must be an object", pointer=where)]
    found = []
    name = function.get("name")
    if not isinstance(name, str) or not FUNCTION_NAME.match(name):
        found.append(Violation(f"function name {name!r} must be 1-64 letters, digits, `_` or `-`",
                               pointer=where + "/name"))
    elif name in seen:
        found.append(Violation(f"function `{name}` is defined twice", pointer=where + "/name"))
    else:
        seen.add(name)
    if "description" in function and not isinstance(function["description"], str):
        found.append(Violation("`description` must be a string", pointer=where + "/description"))
    if "parameters" in function:
        problem = _schema_problem(function["parameters"])
        if problem:
            found.append(Violation(f"`parameters` is not a valid JSON Schema: {problem}",
                                   pointer=where + "/parameters"))
    return found


def _schema_problem(schema: Any) -> str:
    if not isinstance(schema, dict):
        return "it must be an object"
    # Imported here: jsonschema costs a tenth of a second, and most datasets define no tools.
    from jsonschema import SchemaError, validators

    try:
        validators.validator_for(schema).check_schema(schema)
    except SchemaError as error:
        place = "/".join(str(part) for part in error.absolute_path)
        return f"{error.message}" + (f" (at {place})" if place else "")
    return ""
