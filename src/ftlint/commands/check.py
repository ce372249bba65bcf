"""`ftlint check`: check datasets and report every finding."""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ftlint.commands.settings import Flags, load_settings
from ftlint.config.model import ConfigError
from ftlint.config.selection import build_pack, build_target, per_file_filter
from ftlint.core.engine.driver import CheckResult, check_inputs
from ftlint.core.findings import Severity
from ftlint.core.formats import FORMAT_BY_NAME
from ftlint.core.sources import resolve_inputs
from ftlint.output import emitter
from ftlint.output.base import RuleInfo
from ftlint.output.statistics import emit_statistics
from ftlint.rules.registry import rules_by_code


@dataclass(frozen=True)
class CheckRequest:
    paths: list[str]
    flags: Flags
    statistics: bool = False
    exit_zero: bool = False
    jobs: int | None = None


def run_check(request: CheckRequest, stdout: TextIO | None = None) -> int:
    """Check the paths and print the report; returns the exit code (0 clean, 1 findings)."""
    stdout = stdout or sys.stdout
    settings, profile = load_settings(request.flags, Path.cwd())
    if settings.input_format is not None and settings.input_format not in FORMAT_BY_NAME:
        raise ConfigError(
            f"unknown input format `{settings.input_format}`; known: {', '.join(FORMAT_BY_NAME)}"
        )
    rules = rules_by_code()
    pack = build_pack(settings, rules, build_target(settings, profile))
    keep = per_file_filter(settings, rules)
    with tempfile.TemporaryDirectory(prefix="ftlint-") as tmp:
        scratch = Path(tmp)
        inputs = resolve_inputs(request.paths, scratch)
        result = check_inputs(inputs, pack, forced_format=settings.input_format, jobs=request.jobs, keep=keep,
                              scratch=scratch)
    infos = {code: rule_info(rule) for code, rule in rules.items()}
    if request.statistics:
        emit_statistics(result, stdout)
    else:
        emitter(settings.output_format or "text")(result, stdout, rules=infos)
    fail_on = Severity.parse(settings.fail_on or "error")
    return 0 if request.exit_zero or not _fails(result, fail_on) else 1


def rule_info(rule: type) -> RuleInfo:
    return RuleInfo(code=rule.code, name=rule.name, summary=rule.summary(), url=rule.url(),
                    default_severity=rule.default_severity.label)


def _fails(result: CheckResult, fail_on: Severity) -> bool:
    return any(finding.severity >= fail_on for finding in result.findings)
