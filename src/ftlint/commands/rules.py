"""`ftlint rule CODE` and `ftlint rules`: the rules' own documentation."""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from ftlint.config.model import ConfigError
from ftlint.core.rule import Rule
from ftlint.rules.registry import FAMILIES, rules_by_code


def rule_record(rule: type[Rule]) -> dict[str, Any]:
    return {
        "code": rule.code,
        "name": rule.name,
        "family": FAMILIES.get(rule.code[:2], ""),
        "summary": rule.summary(),
        "default_severity": rule.default_severity.label,
        "scope": rule.scope,
        "formats": sorted(rule.formats) if rule.formats is not None else None,
        "fix": rule.fix_availability.value,
        "opt_in": rule.opt_in,
        "options": rule.Options.model_json_schema(by_alias=True).get("properties", {}),
        "url": rule.url(),
    }


def find_rule(selector: str) -> type[Rule]:
    rules = rules_by_code()
    if selector.upper() in rules:
        return rules[selector.upper()]
    for rule in rules.values():
        if rule.name == selector:
            return rule
    raise ConfigError(f"no rule `{selector}`; `ftlint rules` lists them all")


def show_rule(selector: str, output_format: str, stdout: TextIO | None = None) -> None:
    rule = find_rule(selector)
    stdout = stdout or sys.stdout
    if output_format == "json":
        record = rule_record(rule) | {"documentation": rule.documentation()}
        stdout.write(json.dumps(record, indent=2) + "\n")
        return
    stdout.write(f"# {rule.name} ({rule.code})\n\n")
    stdout.write(f"Default severity: {rule.default_severity.label}. Fix: {rule.fix_availability.value}. ")
    if rule.opt_in:
        stdout.write("Opt-in: runs only when selected by its code or name. ")
    stdout.write(f"Scope: {rule.scope}.\n\n{rule.documentation()}\n")


def list_rules(output_format: str, stdout: TextIO | None = None) -> None:
    rules = sorted(rules_by_code().values(), key=lambda r: r.code)
    stdout = stdout or sys.stdout
    if output_format == "json":
        stdout.write(json.dumps([rule_record(r) for r in rules], indent=2) + "\n")
        return
    width = max(len(r.name) for r in rules)
    for rule in rules:
        fix = "[*]" if rule.fix_availability.value != "never" else "   "
        summary = rule.summary() + (" (opt-in)" if rule.opt_in else "")
        stdout.write(f"{rule.code} {fix} {rule.name:<{width}}  {rule.default_severity.label:<7}  {summary}\n")
