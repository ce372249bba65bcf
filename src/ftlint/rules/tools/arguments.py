"""TL003 arguments-not-json."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation
from ftlint.rules.tools._base import ToolFacts, ToolRule


class ArgumentsNotJson(ToolRule):
    """A tool call's `arguments` string does not hold a JSON object.

    ## What it does
    Reports an `arguments` string that is not valid JSON, one that holds something other than
    an object, and a double-encoded string (a JSON string whose content is the JSON object).
    Arguments written as an object are well-formed; whether the target takes an object or a
    string is TL009's.

    ## Why it matters
    The string is the exact text the model learns to produce, and the tool parses it as a JSON
    object. Broken JSON fails at the tool; double-encoded arguments teach the model to emit
    escaped quotes that no tool can parse.

    ## Example
    `"arguments": "{\\"city\\": \\"Paris\\""` or `"arguments": "\\"{\\\\\\"city\\\\\\": \\\\\\"Paris\\\\\\"}\\""`.

    ## Fix
    Write the intended arguments by hand.

    ## Options
    None.
    """

    code = "TL003"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "arguments-not-json"
    default_severity = Severity.ERROR

    def check_tools(self, view: dict[str, Any], facts: ToolFacts) -> Iterable[Violation]:
        found = []
        for call in facts.calls:
            where = call.pointer + "/function/arguments"
            arguments = call.arguments
            if not isinstance(arguments, str):
                continue  # an object is well-formed arguments, in the wrong container for some trainers: TL009's
            try:
                value = json.loads(arguments)
            except ValueError as error:
                found.append(Violation(f"`arguments` is not valid JSON: {error.msg} at character {error.pos}",
                                       pointer=where))
                continue
            except RecursionError:
                found.append(Violation("`arguments` is nested too deep to read as JSON; JSON parsers stop at "
                                       "1,024 levels", pointer=where))
                continue
            if isinstance(value, str) and _is_object_text(value):
                found.append(Violation("`arguments` is JSON-encoded twice: a string holding the JSON object",
                                       pointer=where))
            elif not isinstance(value, dict):
                found.append(Violation(f"`arguments` holds {_KINDS.get(type(value), 'a value')}; it must hold a "
                                       "JSON object", pointer=where))
        return found


_KINDS: dict[type, str] = {list: "an array", int: "a number", float: "a number", bool: "true or false",
                           type(None): "null", str: "a string"}


def _is_object_text(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except (ValueError, RecursionError):
        return False
