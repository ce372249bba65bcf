"""The JSON Schema of ftlint's configuration (`ftlint.toml`, or `[tool.ftlint]` in a pyproject), generated
from the settings model and every built-in rule's options model, for editors that complete and check TOML
by schema (taplo, Even Better TOML) and for anyone who wants to know every key.

The schema says what a TOML file can say: no nulls (TOML has none), the keys as written (kebab-case), the
descriptions from the settings' own docstrings, and under `[rules.CODE]` (or the rule's name) that rule's
options. Tables of rules ftlint does not know (a plugin's) are allowed: ftlint checks them when it runs.
"""

from __future__ import annotations

import ast
import inspect
import itertools
from typing import Any

from ftlint.config import model
from ftlint.config.model import Settings
from ftlint.core.formats import FORMAT_BY_NAME
from ftlint.core.rule import Rule

SCHEMA_ID = "https://ftlint.dev/schemas/config.schema.json"


def config_schema(rules: list[type[Rule]]) -> dict[str, Any]:
    schema = Settings.validator().model_json_schema(by_alias=True)
    descriptions = _attribute_docstrings(Settings)
    properties: dict[str, Any] = {}
    for key, prop in schema["properties"].items():
        prop = _without_null(prop)
        prop.pop("title", None)
        if prop.get("default") is None or prop.get("default") in ([], {}):
            prop.pop("default", None)
        if description := descriptions.get(key.replace("-", "_")):
            prop = {"description": description, **prop}
        properties[key] = prop
    formats = sorted(FORMAT_BY_NAME)
    properties["input-format"] = {**properties["input-format"], "enum": formats}
    properties["formats"]["items"] = {"type": "string", "enum": formats}
    # A user's file may say `profile` for `extends` (one of the two).
    properties["profile"] = {**properties["extends"], "description": "The profile these settings start from "
                             "(`neutral`, `openai`, `trl`, ...), or a path to another file; same as `extends`."}
    properties["rules"] = _rule_tables(rules)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "ftlint configuration (ftlint.toml, or [tool.ftlint] in pyproject.toml)",
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "not": {"required": ["profile", "extends"]},
        "$defs": {rule.code: _options_schema(rule) for rule in sorted(rules, key=lambda r: r.code)},
    }


def _rule_tables(rules: list[type[Rule]]) -> dict[str, Any]:
    by_key: dict[str, Any] = {}
    for rule in sorted(rules, key=lambda r: r.code):
        reference = {"$ref": f"#/$defs/{rule.code}"}
        by_key[rule.code] = reference
        by_key[rule.name] = reference
    return {
        "description": "Each rule's options, in a table named by its code or its name (`[rules.PI002]`, "
                       "`[rules.phone-number]`); `ftlint rule CODE` documents them.",
        "type": "object",
        "properties": by_key,
        "additionalProperties": {"type": "object"},  # a plugin's rule: checked by ftlint when it runs
    }


def _options_schema(rule: type[Rule]) -> dict[str, Any]:
    schema = rule.Options.validator().model_json_schema(by_alias=True)
    properties = {}
    for key, prop in schema.get("properties", {}).items():
        prop = _without_null(prop)
        prop.pop("title", None)
        properties[key] = prop
    found: dict[str, Any] = {"description": f"{rule.code} {rule.name}: {rule.summary()}", "type": "object",
                             "additionalProperties": False, "properties": properties}
    if "$defs" in schema:  # enums and nested models the options use, inlined by reference
        found["$defs"] = schema["$defs"]
        found = _rebased(found, rule.code)
    return found


def _rebased(value: Any, code: str) -> Any:
    """References to an options model's own `$defs`, pointed at where they now live."""
    if isinstance(value, dict):
        return {key: (item.replace("#/$defs/", f"#/$defs/{code}/$defs/", 1) if key == "$ref" else
                      _rebased(item, code)) for key, item in value.items()}
    if isinstance(value, list):
        return [_rebased(item, code) for item in value]
    return value


def _without_null(prop: dict[str, Any]) -> dict[str, Any]:
    """`X | None` as X: a TOML file has no null; leaving a key out means "not set"."""
    choices = prop.get("anyOf")
    if choices is None:
        return dict(prop)
    kept = [choice for choice in choices if choice != {"type": "null"}]
    rest = {key: item for key, item in prop.items() if key != "anyOf"}
    return {**kept[0], **rest} if len(kept) == 1 else {"anyOf": kept, **rest}


def _attribute_docstrings(cls: type) -> dict[str, str]:
    """The string written under each field of a class (the settings' documentation)."""
    tree = ast.parse(inspect.getsource(model)).body
    body = next(node for node in tree if isinstance(node, ast.ClassDef) and node.name == cls.__name__).body
    found = {}
    for field, after in itertools.pairwise(body):
        if (isinstance(field, ast.AnnAssign) and isinstance(field.target, ast.Name) and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant) and isinstance(after.value.value, str)):
            found[field.target.id] = " ".join(after.value.value.split())
    return found
