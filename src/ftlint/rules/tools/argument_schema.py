"""TL006 arguments-mismatch-schema."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation
from ftlint.rules.tools._base import ToolFacts, ToolRule


class ArgumentsMismatchSchema(ToolRule):
    """A tool call's arguments do not validate against its function's `parameters` schema.

    ## What it does
    Parses each call's arguments and validates them with jsonschema against the `parameters` of
    the function it names, reporting the first problem (a missing required property, a wrong
    type, an unexpected property where the schema forbids them).

    ## Why it matters
    The model learns to produce calls that the tool would refuse.

    ## Example
    `parameters` requires `city`; the call's arguments are `{"town": "Paris"}`.

    ## Fix
    Correct the arguments, or the schema if the arguments are what the tool really takes.

    ## Options
    None.
    """

    code = "TL006"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "arguments-mismatch-schema"
    default_severity = Severity.WARNING

    def check_tools(self, view: dict[str, Any], facts: ToolFacts) -> Iterable[Violation]:
        if not facts.calls or not facts.functions:
            return ()
        # Imported here: jsonschema costs a tenth of a second, and most datasets define no tools.
        from jsonschema import SchemaError, validators

        found = []
        for call in facts.calls:
            schema = (facts.functions.get(call.name) or {}).get("parameters")
            if not isinstance(schema, dict):
                continue
            arguments = call.arguments
            if isinstance(arguments, str):
                try:
                    arguments = json.loads(arguments)
                except (ValueError, RecursionError):
                    continue  # TL003's
            if not isinstance(arguments, dict):
                continue
            try:
                error = next(validators.validator_for(schema)(schema).iter_errors(arguments), None)
            except SchemaError:
                continue  # TL001's
            if error is not None:
                place = "/".join(str(p) for p in error.absolute_path)
                where = f" at `{place}`" if place else ""
                found.append(Violation(f"arguments do not match `{call.name}`'s parameters{where}: {error.message}",
                                       pointer=call.pointer + "/function/arguments"))
        return found
