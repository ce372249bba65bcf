"""`ftlint rule CODE` and `ftlint rules`: the rules' own documentation, and where each rule comes from
(ftlint, or a plugin: `ftlint.rules.plugins`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from ftlint.config.loader import profile_argument
from ftlint.config.model import ConfigError
from ftlint.config.profiles import CATALOG_PROFILES, profile_severities
from ftlint.core.rule import Rule
from ftlint.rules.plugins import BUILTIN_ORIGIN
from ftlint.rules.registry import FAMILIES, rules_by_code


def rule_record(rule: type[Rule], origin: str = BUILTIN_ORIGIN) -> dict[str, Any]:
    builtin = origin == BUILTIN_ORIGIN
    return {
        "code": rule.code,
        "name": rule.name,
        "family": FAMILIES.get(rule.code[:2], "") if builtin else "",
        "summary": rule.summary(),
        "default_severity": rule.default_severity.label,
        "scope": rule.scope,
        "formats": sorted(rule.formats) if rule.formats is not None else None,
        "fix": rule.fix_availability.value,
        "opt_in": rule.opt_in,
        "options": rule.Options.model_json_schema(by_alias=True).get("properties", {}),
        "url": rule.url(),
        "origin": origin,
    }


def find_rule(selector: str) -> type[Rule]:
    rules = rules_by_code()
    if selector.upper() in rules:
        return rules[selector.upper()]
    for entry in rules.entries():  # by name, without importing every rule module
        if entry.name == selector:
            return rules[entry.code]
    raise ConfigError(f"no rule `{selector}`; `ftlint rules` lists them all")


def severities_by_profile(code: str) -> dict[str, str]:
    """The rule's severity (or `off`) under each profile of the catalog."""
    rules = rules_by_code()
    return {profile: profile_severities(profile, rules)[code] for profile in CATALOG_PROFILES}


def show_rule(selector: str, output_format: str, stdout: TextIO | None = None) -> None:
    rule = find_rule(selector)
    origin = rules_by_code().entry(rule.code).origin
    stdout = stdout or sys.stdout
    by_profile = severities_by_profile(rule.code)
    if output_format == "json":
        record = rule_record(rule, origin) | {"severity_by_profile": by_profile, "documentation": rule.documentation()}
        stdout.write(json.dumps(record, indent=2) + "\n")
        return
    stdout.write(f"# {rule.name} ({rule.code})\n\n")
    if origin != BUILTIN_ORIGIN:
        stdout.write(f"From {origin}.\n")
    stdout.write(f"Default severity: {rule.default_severity.label}. Fix: {rule.fix_availability.value}. ")
    if rule.opt_in:
        stdout.write("Opt-in: runs only when selected by its code or name. ")
    stdout.write(f"Scope: {rule.scope}.\n")
    stdout.write("By profile: " + ", ".join(f"{name} {level}" for name, level in by_profile.items()) + ".\n\n")
    stdout.write(f"{rule.documentation()}\n")


def list_rules(output_format: str, stdout: TextIO | None = None, profile: str | None = None) -> None:
    """Every rule; with a profile, the severity it runs at under that profile (or `off`)."""
    by_code = rules_by_code()
    rules = sorted(by_code.values(), key=lambda r: r.code)
    origins = {code: by_code.entry(code).origin for code in by_code}
    levels = (profile_severities(profile_argument(profile, Path.cwd()), by_code) if profile
              else {r.code: r.default_severity.label for r in rules})
    stdout = stdout or sys.stdout
    if output_format == "json":
        records = [rule_record(r, origins[r.code])
                   | ({"severity": levels[r.code], "profile": profile} if profile else {}) for r in rules]
        stdout.write(json.dumps(records, indent=2) + "\n")
        return
    width = max(len(r.name) for r in rules)
    for rule in rules:
        fix = "[*]" if rule.fix_availability.value != "never" else "   "
        summary = rule.summary() + (" (opt-in)" if rule.opt_in else "")
        if origins[rule.code] != BUILTIN_ORIGIN:  # ftlint's own rules say nothing: most lines are theirs
            summary += f" ({origins[rule.code]})"
        stdout.write(f"{rule.code} {fix} {rule.name:<{width}}  {levels[rule.code]:<7}  {summary}\n")
