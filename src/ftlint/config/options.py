"""A rule's options from a `[rules.CODE]` table, validated by the rule's own options model.

Each file of a user's is checked when it is read, so that an error names that file; ftlint's own
profiles are built without validation (`trusted_options`), and the tests check that both ways agree.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import ValidationError

from ftlint.config.allowed import describe_validation_error
from ftlint.config.model import ConfigError
from ftlint.core.rule import Rule, RuleOptions
from ftlint.rules._table import entry_of
from ftlint.rules.registry import rules_by_code


def rule_code(key: str, rules: Mapping[str, type[Rule]], source: str) -> str:
    """The code of the rule a `[rules.KEY]` table names by code or by name."""
    by_name = {entry_of(rules, code).name: code for code in rules}
    code = by_name.get(key, key.upper())
    if code not in rules:
        raise ConfigError(f"{source}[rules.{key}]: no rule has this code or name")
    return code


def validated_options(key: str, table: dict[str, Any], rules: Mapping[str, type[Rule]],
                      source: str = "") -> RuleOptions:
    """The options of the rule `key` names; `source` ("path: ") says where the table was written."""
    options = rules[rule_code(key, rules, source)].Options
    try:
        return options.model_validate(table)
    except ValidationError as exc:
        raise ConfigError(describe_validation_error(f"{source}[rules.{key}] ", exc, options)) from None


def check_rule_tables(tables: dict[str, dict[str, Any]], source: str) -> None:
    """Validate every `[rules.*]` table of one file (errors name it)."""
    if not tables:
        return

    rules = rules_by_code()
    for key, table in tables.items():
        validated_options(key, table, rules, f"{source}: ")


def trusted_options(options: type[RuleOptions], table: dict[str, Any]) -> RuleOptions:
    """A rule's options from one of ftlint's own profiles, built as validating would build them (lists
    become the frozensets a field wants) but without building a validator: the tests check that both
    ways give the same options for every profile."""
    values = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        # The declared type (not `model_fields`, which would build the validator this avoids).
        if isinstance(value, list) and _wants_a_set(options.declared()[name][0]):
            value = frozenset(value)
        values[name] = value
    return options.model_construct(**values)


def _wants_a_set(annotation: Any) -> bool:
    """Whether a field's type is a frozenset, also inside `X | None` or `Annotated[...]`."""
    origin = get_origin(annotation)
    if origin is frozenset:
        return True
    if origin in (Union, types.UnionType, Annotated):
        return any(_wants_a_set(arg) for arg in get_args(annotation))
    return False
