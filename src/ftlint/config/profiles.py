"""What each profile makes of each rule: the severity it runs at, or that it is off.

`ftlint rules --profile NAME`, `ftlint rule CODE` and the generated catalog show these, so that a
user can see precisely where two targets differ.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from ftlint.config.loader import DEFAULT_PROFILE, TARGET_PROFILES, profiles_dir, resolve
from ftlint.config.model import Settings
from ftlint.config.selection import build_target, matching_codes, runs_for, selected_codes
from ftlint.core.findings import Severity
from ftlint.core.rule import Rule
from ftlint.rules._table import entry_of

# The catalog's columns: every profile but the aliases kept for old configs (openai-dpo, openai-rft).
CATALOG_PROFILES = (DEFAULT_PROFILE, "strict", *TARGET_PROFILES)

OFF = "off"


def profile_severities(profile: str, rules: Mapping[str, type[Rule]]) -> dict[str, str]:
    """Each rule's severity under `profile` with no config of the user's: a severity label, or `off`."""
    settings = resolve(Settings.model_construct(), profiles_dir(), profile)
    # A fixed day, so that the catalog does not change (or fail) when a model named by a profile retires.
    target = build_target(settings, profile, on=datetime.date.min)
    chosen = selected_codes(settings, rules)
    overrides: dict[str, Severity] = {}
    for selector, level in settings.severity.items():
        for code in matching_codes(selector, rules):
            overrides[code] = Severity.parse(level)
    levels = {}
    for code in rules:  # from the rules' entries: `ftlint rule CODE` imports one rule module, not all
        runs = code in chosen and runs_for(rules, code, target)
        default = Severity.parse(entry_of(rules, code).default_severity)
        levels[code] = overrides.get(code, default).label if runs else OFF
    return levels

