"""`ftlint check`: check datasets and report every finding."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ftlint.commands.settings import Flags, load_settings
from ftlint.config.model import ConfigError, Settings
from ftlint.config.selection import build_pack, build_target, notices, per_file_filter
from ftlint.core.engine.driver import CheckResult, check_inputs
from ftlint.core.engine.pack import RulePack
from ftlint.core.findings import Finding, Severity
from ftlint.core.formats import FORMAT_BY_NAME
from ftlint.core.rule import Rule, Target
from ftlint.core.sources import InputFile, resolve_inputs
from ftlint.launch import resume_collector
from ftlint.output import emitter
from ftlint.output.base import RuleInfo
from ftlint.rules.registry import rules_by_code


@dataclass(frozen=True)
class CheckRequest:
    paths: list[str]
    flags: Flags
    statistics: bool = False
    exit_zero: bool = False
    jobs: int | None = None


@dataclass(frozen=True)
class Engine:
    """Everything a run needs before it reads a file: settings, the rule pack and the policy filter."""

    settings: Settings
    rules: Mapping[str, type[Rule]]
    pack: RulePack
    keep: Callable[[Finding], bool]
    target: Target

    @classmethod
    def from_flags(cls, flags: Flags) -> Engine:
        settings, profile = load_settings(flags, Path.cwd())
        if settings.input_format is not None and settings.input_format not in FORMAT_BY_NAME:
            raise ConfigError(
                f"unknown input format `{settings.input_format}`; known: {', '.join(FORMAT_BY_NAME)}"
            )
        rules = rules_by_code()
        target = build_target(settings, profile)
        engine = cls(settings, rules, build_pack(settings, rules, target), per_file_filter(settings, rules), target)
        resume_collector()  # everything is imported and built: the data work starts here
        return engine

    def announce(self, stderr: TextIO | None = None) -> None:
        """Say once what holds for the target whatever the data (OpenAI's wind-down), on stderr."""
        for notice in notices(self.target):
            (stderr or sys.stderr).write(f"ftlint: note: {notice}\n")

    def check(self, inputs: list[InputFile], jobs: int | None, scratch: Path) -> CheckResult:
        return check_inputs(inputs, self.pack, forced_format=self.settings.input_format, jobs=jobs,
                            keep=self.keep, scratch=scratch)

    def report(self, result: CheckResult, stdout: TextIO, statistics: bool = False) -> None:
        """Print the findings, their personal data masked (whatever rules ran) unless `--show-pii`."""
        # Imported when needed: a clean file has nothing to mask (a cold pre-commit run pays for neither).
        if not self.target.show_pii and result.findings:
            from ftlint.privacy.masking import mask_result

            result = mask_result(result)
        if statistics:
            from ftlint.output.statistics import emit_statistics

            emit_statistics(result, stdout)
        else:
            codes = {finding.code for finding in result.findings}
            infos = {code: rule_info(self.rules[code]) for code in codes if code in self.rules}
            emitter(self.settings.output_format or "text")(result, stdout, rules=infos)

    def exit_code(self, result: CheckResult, exit_zero: bool) -> int:
        fail_on = Severity.parse(self.settings.fail_on or "error")
        return 0 if exit_zero or not any(f.severity >= fail_on for f in result.findings) else 1


def run_check(request: CheckRequest, stdout: TextIO | None = None) -> int:
    """Check the paths and print the report; returns the exit code (0 clean, 1 findings)."""
    stdout = stdout or sys.stdout
    engine = Engine.from_flags(request.flags)
    engine.announce()
    with tempfile.TemporaryDirectory(prefix="ftlint-") as tmp:
        scratch = Path(tmp)
        result = engine.check(resolve_inputs(request.paths, scratch), request.jobs, scratch)
    engine.report(result, stdout, request.statistics)
    return engine.exit_code(result, request.exit_zero)


def rule_info(rule: type) -> RuleInfo:
    return RuleInfo(code=rule.code, name=rule.name, summary=rule.summary(), url=rule.url(),
                    default_severity=rule.default_severity.label)
