"""Build a run's `Session` from its settings: the target, the rule pack for it and the per-file policy."""

from __future__ import annotations

from collections.abc import Mapping

from ftlint.config.model import ConfigError, Settings
from ftlint.config.selection import build_pack, build_target, per_file_filter
from ftlint.core.engine.executor import Executor
from ftlint.core.formats import FORMAT_BY_NAME
from ftlint.core.rule import Rule
from ftlint.core.session import Session
from ftlint.rules.registry import rules_by_code


def build_session(settings: Settings, profile: str, *, jobs: int | None = None, executor: Executor | None = None,
                  rules: Mapping[str, type[Rule]] | None = None) -> Session:
    """The session for `settings` (already resolved over `profile`); ConfigError names what is wrong."""
    if settings.input_format is not None and settings.input_format not in FORMAT_BY_NAME:
        raise ConfigError(f"unknown input format `{settings.input_format}`; known: {', '.join(FORMAT_BY_NAME)}")
    rules = rules if rules is not None else rules_by_code()
    target = build_target(settings, profile)
    return Session(build_pack(settings, rules, target), target, per_file_filter(settings, rules),
                   settings.input_format, jobs, executor)
