"""`ftlint check`: check datasets and report every finding."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from ftlint.commands.progress import with_progress
from ftlint.commands.settings import Flags, executor_for, input_excludes, load_settings
from ftlint.config.loader import find_config
from ftlint.config.model import Settings
from ftlint.config.selection import notices
from ftlint.config.session import build_session
from ftlint.core.baseline import read_baseline, without_baseline, write_baseline
from ftlint.core.engine.cache import ResultCache
from ftlint.core.engine.driver import CheckResult
from ftlint.core.findings import Severity
from ftlint.core.rates import Rates, compare, rates_of, read_rates
from ftlint.core.rule import Rule, Target
from ftlint.core.session import Session
from ftlint.core.sources import resolve_inputs
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
    quiet: bool = False  # no progress display
    baseline: str | None = None  # report only the findings this baseline does not hold
    write_baseline: str | None = None  # record this run's findings there instead of reporting them
    cache: bool = False  # reuse and keep the results of unchanged files (`check` only)
    cache_dir: str | None = None  # where; by default `.ftlint_cache` beside the config file
    summary: str | None = None  # a file the Markdown report is appended to, beside the chosen format
    compare_rates: str | None = None  # a saved JSON report: fail when a rule finds more per record than then


@dataclass(frozen=True)
class Run:
    """A command's run: the settings it was given, the rules known, and the session built from them.
    What a command does with the result (print it, fix, count) is its own; how it checks is the session's."""

    settings: Settings
    rules: Mapping[str, type[Rule]]
    session: Session

    @classmethod
    def from_flags(cls, flags: Flags, jobs: int | None = None) -> Run:
        settings, profile = load_settings(flags, Path.cwd())
        rules = rules_by_code()
        run = cls(settings, rules, build_session(settings, profile, jobs=jobs, rules=rules,
                                                 executor=executor_for(flags, jobs)))
        # Everything is imported and built: the data work starts here. (The console entry point paused
        # the cycle collector for start-up; a session built by a test or a library never touches it.)
        resume_collector()
        return run

    @property
    def target(self) -> Target:
        return self.session.target

    def announce(self, stderr: TextIO | None = None) -> None:
        """Say once what holds for the target whatever the data (OpenAI's wind-down), on stderr."""
        for notice in notices(self.target):
            (stderr or sys.stderr).write(f"ftlint: note: {notice}\n")

    def report(self, result: CheckResult, stdout: TextIO, statistics: bool = False, summary: str | None = None) -> None:
        """Print the findings, their personal data masked (whatever rules ran) unless `--show-pii`; and append
        the Markdown report to `summary` (`--summary`), masked the same way."""
        # Imported when needed: a clean file has nothing to mask (a cold pre-commit run pays for neither).
        if result.findings:  # with `--show-pii`, the credentials still (`mask_result`)
            from ftlint.privacy.masking import mask_result

            result = mask_result(result, personal=not self.target.show_pii)
        codes = {finding.code for finding in result.findings}
        infos = {code: rule_info(self.rules[code]) for code in codes if code in self.rules}
        if statistics:
            from ftlint.output.statistics import emit_statistics

            emit_statistics(result, stdout)
        else:
            emitter(self.output_format)(result, stdout, rules=infos)
        if summary:
            append_summary(Path(summary), result, infos)

    @property
    def output_format(self) -> str:
        """The format asked for (`--output-format`, FTLINT_OUTPUT_FORMAT, the config); under GitHub Actions,
        with none asked for, `github`, so that findings show as annotations on the pull request."""
        if self.settings.output_format:
            return self.settings.output_format
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"

    @property
    def fail_on(self) -> Severity:
        return Severity.parse(self.settings.fail_on or "error")

    def exit_code(self, result: CheckResult, exit_zero: bool) -> int:
        fail_on = self.fail_on
        return 0 if exit_zero or not any(f.severity >= fail_on for f in result.findings) else 1


def run_check(request: CheckRequest, stdout: TextIO | None = None) -> int:
    """Check the paths and print the report; returns the exit code (0 clean, 1 findings)."""
    stdout = stdout or sys.stdout
    run = Run.from_flags(request.flags, request.jobs)
    run.announce()
    # A saved report that cannot be read stops the run before the check, not after it.
    then = read_rates(Path(request.compare_rates), run.fail_on) if request.compare_rates else None
    cached = replace(run.session, cache=ResultCache(folder)) if (folder := cache_folder(request)) else run.session
    with tempfile.TemporaryDirectory(prefix="ftlint-") as tmp, with_progress(cached, request.quiet) as session:
        scratch = Path(tmp)
        inputs = resolve_inputs(request.paths, scratch, input_excludes(run.settings))
        if not inputs and not request.write_baseline:
            # Every path named is excluded (pre-commit names each staged file, excluded or not): as
            # ruff, nothing to check is no finding and no output.
            return 0
        result = session.check(inputs, scratch)
    if request.write_baseline:
        shown = _masked(result, not run.target.show_pii).findings
        write_baseline(result.findings, Path(request.write_baseline), shown)
        sys.stderr.write(f"ftlint: wrote {len(result.findings):,} finding(s) to {request.write_baseline}; "
                         f"`ftlint check --baseline {request.write_baseline}` reports only new ones\n")
        return 0
    if request.baseline:
        filtered = without_baseline(result.findings, read_baseline(Path(request.baseline)))
        result = replace(result, findings=filtered.findings)
        sys.stderr.write(f"ftlint: {filtered.known:,} finding(s) in the baseline {request.baseline} not shown")
        sys.stderr.write(f"; {filtered.stale:,} of its entries no longer found (fixed since: --write-baseline "
                         "refreshes it)\n" if filtered.stale else "\n")
    run.report(result, stdout, request.statistics, request.summary)
    if then is not None:
        return gate_on_rates(request, then, result, run.fail_on)
    return run.exit_code(result, request.exit_zero)


def gate_on_rates(request: CheckRequest, then: Rates, result: CheckResult, fail_on: Severity) -> int:
    """`--compare-rates`: the exit code says whether any rule at the fail level finds more per record than the
    saved report did; the comparison goes to stderr, and to the Markdown summary when one is written."""
    from ftlint.output.rates import rate_lines, rate_section

    assert request.compare_rates is not None
    now = rates_of(result.findings, result.records, fail_on)
    changes = compare(then, now)
    sys.stderr.write("".join(line + "\n" for line in rate_lines(changes, request.compare_rates, then, now)))
    if request.summary:
        with Path(request.summary).open("a", encoding="utf-8", newline="\n") as stream:
            stream.write("\n" + "\n".join(rate_section(changes, request.compare_rates, then, now)) + "\n")
    return 0 if request.exit_zero or not any(change.rose for change in changes) else 1


def append_summary(path: Path, result: CheckResult, rules: Mapping[str, RuleInfo]) -> None:
    """Append the Markdown report to `path`. Appended, never replaced: GitHub's `$GITHUB_STEP_SUMMARY` is one
    file per step, and whatever else the step wrote there before ftlint ran stays."""
    emit_markdown = emitter("markdown")
    with path.open("a", encoding="utf-8", newline="\n") as stream:
        if stream.tell():
            stream.write("\n")  # after someone else's text: a blank line, so the heading starts a block
        emit_markdown(result, stream, rules=rules)


def cache_folder(request: CheckRequest) -> Path | None:
    """Where a check keeps its results: `--cache-dir`, or `.ftlint_cache` beside the config file. A run
    without a config file keeps none unless asked: a one-off check of a file writes nothing."""
    if not request.cache:
        return None
    if request.cache_dir:
        return Path(request.cache_dir)
    config = Path(request.flags.config) if request.flags.config else find_config(Path.cwd())
    return config.resolve().parent / ".ftlint_cache" if config else None


def _masked(result: CheckResult, personal: bool) -> CheckResult:
    from ftlint.privacy.masking import mask_result

    return mask_result(result, personal)


def rule_info(rule: type) -> RuleInfo:
    return RuleInfo(code=rule.code, name=rule.name, summary=rule.summary(), url=rule.url(),
                    default_severity=rule.default_severity.label)
