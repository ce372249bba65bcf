"""The command line: parse options with click, hand them to `ftlint.commands`, map errors to exit codes.

Exit codes: 0 clean, 1 findings at or above `--fail-on`, 2 usage, config or I/O error. A user's
mistake or a bad file never shows a Python traceback.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ftlint import __version__
from ftlint.backends.errors import BackendError
from ftlint.cli_options import (
    eval_options,
    exclude_options,
    findings_output_options,
    fix_options,
    pii_options,
    quiet_option,
    rule_source_options,
    selection_options,
    target_options,
    verdict_options,
)
from ftlint.commands.arguments import OUTPUT_FORMATS as CONVERT_OUTPUTS
from ftlint.commands.arguments import MappingError, parse_mapping, unescape
from ftlint.config.model import ConfigError
from ftlint.core.baseline import BaselineError
from ftlint.core.engine.lifecycle import EngineError, Stopped, stop_on_signals
from ftlint.core.patterns import PatternTimeoutError
from ftlint.core.rates import RatesError
from ftlint.core.scratch import LimitError, run_folder
from ftlint.core.sources import InputError
from ftlint.core.textsafe import escape_controls, harden_streams

EXIT_ERROR = 2


class UsageError(Exception):
    """Options that do not go together; reported in one line, exit 2."""


def _split(values: tuple[str, ...]) -> list[str]:
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def _say(message: str) -> None:
    """One line on stderr, the data's control characters escaped (a message may quote a path or a value).

    Written to `sys.stderr` itself, not through click, which swaps an ASCII stream for a UTF-8 one.
    """
    sys.stderr.write(escape_controls(message) + "\n")
    sys.stderr.flush()


def _guarded(action: Callable[[], int | None]) -> None:
    """Run a command in its own scratch folder; turn expected failures into a one-line message and exit code 2.

    A stop signal unwinds the command (scratch removed, workers killed) and exits 128 + its number.
    """
    try:
        with stop_on_signals(), run_folder():
            code = action()
    except Stopped as stop:
        _say("ftlint: interrupted" if stop.signum == signal.SIGINT else f"ftlint: stopped by {stop.name}")
        # Everything of the run is cleaned up by now (the `with` blocks above have unwound). The exit
        # handlers left are the process pool's, which may write to a pipe of the killed pool and print
        # a traceback (a CPython race): skip them.
        with contextlib.suppress(Exception):
            sys.stdout.flush()
        os._exit(stop.exit_code)
    except (ConfigError, InputError, UsageError, LimitError, EngineError, PatternTimeoutError, BaselineError,
            RatesError) as exc:
        _say(f"ftlint: error: {exc}")
        sys.exit(EXIT_ERROR)
    except BackendError as exc:  # the provider's refusal (exit 1) or a usage, key or connection problem (2)
        _say(f"ftlint: error: {exc}")
        sys.exit(exc.exit_code)
    except MemoryError:
        # Out of memory says nothing about the data: no finding, no record dropped, no file written.
        _say("ftlint: error: out of memory, so the run stopped; this says nothing about the data. Free memory "
             "(or raise `ulimit -v`), or use fewer workers (--jobs 1)")
        sys.exit(EXIT_ERROR)
    except BrokenPipeError:
        # The reader went away (`ftlint check ... | head`): stop quietly, as other CLI tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        _say(f"ftlint: error: {where}{exc.strerror or exc}")
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        _say("ftlint: interrupted")
        sys.exit(130)
    except Exception as exc:  # a bug in ftlint, not the user's fault: say so, briefly
        if os.environ.get("FTLINT_DEBUG"):
            raise
        _say(f"ftlint: internal error: {type(exc).__name__}: {exc}")
        _say("This is a bug in ftlint; rerun with FTLINT_DEBUG=1 for details and report it.")
        sys.exit(EXIT_ERROR)
    sys.exit(code or 0)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="ftlint")
def cli() -> None:
    """Check fine-tuning datasets before you spend a GPU-hour."""


def _check_options(command: Callable[..., None]) -> Callable[..., None]:
    """What `check` and `fix` take: the paths, selection, verdict, findings output, target, excludes and fixing."""
    for group in (quiet_option, exclude_options, fix_options, eval_options, target_options, pii_options,
                  findings_output_options, verdict_options, selection_options,
                  click.argument("paths", nargs=-1, required=True)):
        command = group(command)
    return command


@cli.command()
@_check_options
@click.option("--fix", is_flag=True, help="Apply safe fixes (as `ftlint fix`).")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Report only the findings this baseline file "
              "does not hold (written by --write-baseline).")
@click.option("--write-baseline", type=click.Path(dir_okay=False),
              help="Record this run's findings in a baseline file (by rule, file and record, not line) and exit 0.")
@click.option("--compare-rates", type=click.Path(dir_okay=False), metavar="REPORT",
              help="Fail only when a rule at the fail level finds more per record than in REPORT (a JSON report "
                   "saved from an earlier run); prints the rates to stderr.")
@click.option("--no-cache", is_flag=True, envvar="FTLINT_NO_CACHE",
              help="Check every file afresh and leave the cache alone.")
@click.option("--cache-dir", type=click.Path(file_okay=False), envvar="FTLINT_CACHE_DIR",
              help="Keep results of unchanged files here [default: .ftlint_cache beside the config file; "
                   "none without a config file].")
def check(paths: tuple[str, ...], **options: Any) -> None:
    """Check PATHS (files, directories, globs, or - for stdin) and report every finding.

    Nothing is written unless --fix is given; --diff shows what fixing would change.
    """

    def run() -> int:
        _writes_need_fix(options)
        if (options["baseline"] or options["write_baseline"]) and (options["fix"] or options["diff"]):
            raise UsageError("--baseline and --write-baseline go with a check, not with --fix or --diff")
        if options["compare_rates"] and (options["fix"] or options["diff"] or options["baseline"]
                                         or options["write_baseline"]):
            raise UsageError("--compare-rates is a gate of its own: not with --baseline, --write-baseline, --fix "
                             "or --diff")
        return _run_fix(paths, options) if options["fix"] or options["diff"] else _run_check(paths, options)

    _guarded(run)


def _writes_need_fix(options: dict[str, Any]) -> None:
    """`check` never writes a file without --fix: the options that write (or would) need it."""
    if options["fix"]:
        return
    writing = [flag for flag, key in (("-o/--output", "output"), ("--rejects", "rejects"), ("--force", "force"))
               if options[key]]
    if options["unsafe_fixes"] and not options["diff"]:
        writing.insert(0, "--unsafe-fixes")
    if writing:
        raise UsageError(f"{' and '.join(writing)} {'go' if len(writing) > 1 else 'goes'} with --fix: "
                         "`ftlint check` writes no file without it; add --fix, or run `ftlint fix` "
                         "(--diff shows the changes and writes nothing)")


@cli.command()
@_check_options
@click.option("--exit-non-zero-on-fix", is_flag=True,
              help="Exit 1 when a file was changed, even if nothing is left to report (as pre-commit expects).")
def fix(paths: tuple[str, ...], **options: Any) -> None:
    """Fix PATHS in place (safe fixes; more with --unsafe-fixes) and report what is left.

    Each file is replaced atomically; dropped records go to a rejects file with their line and reason.
    """
    _guarded(lambda: _run_fix(paths, options))


def _check_request(paths: tuple[str, ...], options: dict[str, Any]) -> Any:
    from ftlint.commands.check import CheckRequest
    from ftlint.commands.settings import Flags

    # A command without an option group (`stats` has no verdict) reads its options as not given.
    flags = Flags(
        config=options["config_path"],
        profile=options["profile"],
        model=options["model"],
        select=_split(options["select"]) or None,
        extend_select=tuple(_split(options["extend_select"])),
        ignore=tuple(_split(options["ignore"])),
        fail_on=options.get("fail_on"),
        input_format=options["input_format"],
        output_format=options.get("output_format"),
        show_pii=options["show_pii"],
        strict_plugins=options["strict_plugins"],
        force_exclude=options["force_exclude"],
        engine=options["engine"],
        address=options["address"],
        eval_files=tuple(options.get("eval_files") or ()),
    )
    return CheckRequest(list(paths), flags, statistics=options.get("statistics", False),
                        exit_zero=options.get("exit_zero", False), jobs=options["jobs"], quiet=options["quiet"],
                        baseline=options.get("baseline"), write_baseline=options.get("write_baseline"),
                        cache=not options.get("no_cache", True), cache_dir=options.get("cache_dir"),
                        summary=options.get("summary"), compare_rates=options.get("compare_rates"))


def _run_check(paths: tuple[str, ...], options: dict[str, Any]) -> int:
    # Imported here, so that `ftlint --help` and `ftlint rule` stay fast.
    from ftlint.commands.check import run_check

    return run_check(_check_request(paths, options))


def _run_fix(paths: tuple[str, ...], options: dict[str, Any]) -> int:
    from ftlint.commands.fix import FixRequest, run_fix

    request = FixRequest(_check_request(paths, options), unsafe=options["unsafe_fixes"], diff=options["diff"],
                         output=options["output"], rejects=options["rejects"], force=options["force"],
                         exit_non_zero_on_fix=options.get("exit_non_zero_on_fix", False))
    return run_fix(request)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@selection_options
@click.option("--output-format", type=click.Choice(["text", "json"]),
              help="How to print the statistics (default: text).")
@pii_options
@target_options
@exclude_options
@quiet_option
@click.option("--html", "html_path", type=click.Path(dir_okay=False), help="Also write a self-contained HTML report.")
@click.option("--epochs", type=click.IntRange(min=1), help="Epochs to price (default: OpenAI's default for the size).")
def stats(paths: tuple[str, ...], **options: Any) -> None:
    """Token statistics, epochs and training cost for PATHS, with classes and the top findings."""

    def run() -> int:
        from ftlint.commands.stats import StatsRequest, run_stats

        return run_stats(StatsRequest(_check_request(paths, options), options["html_path"], options["epochs"]))

    _guarded(run)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--to", "to", type=click.Choice(list(CONVERT_OUTPUTS)),
              help="The format to write (default: the one the --profile target takes for the data).")
@click.option("-o", "--output", type=click.Path(),
              help="The file to write (one input), a folder (several), or - for standard output (default: "
                   "NAME.FORMAT.jsonl beside each input).")
@click.option("--rejects", type=click.Path(dir_okay=False),
              help="Where records that cannot be converted go (default: beside the output, OUT.rejects.jsonl).")
@click.option("--map", "mapping", multiple=True, metavar="KEY=SOURCE",
              help="Read KEY from another column or a JSON pointer, e.g. --map prompt=question "
                   "--map completion=/meta/answer.")
@click.option("--system", help="Add this system message to records that have none.")
@click.option("--separator", help="The prompt/completion separator (default: \\n\\n###\\n\\n; \\n and \\t are read "
                                  "as line end and tab).")
@click.option("--stop", help="The completion's stop sequence (default: ' END'; '' for none).")
@click.option("--no-leading-space", is_flag=True, help="Do not start completions with a space.")
@click.option("--keep-preferred", is_flag=True,
              help="Write a preference pair to a one-answer format as its preferred answer.")
@click.option("--label", type=click.Choice(["true", "false"]), help="The label of supervised records written as KTO.")
@click.option("--sheet", help="The sheet of an XLSX workbook to read (default: the first).")
@click.option("--output-format", type=click.Choice(["text", "json"]), help="How to print the summary (default: text).")
@target_options
@exclude_options
@quiet_option
@click.option("--force", is_flag=True, help="Also replace read-only files and hard-linked ones.")
def convert(paths: tuple[str, ...], **options: Any) -> None:
    """Convert PATHS to the format a trainer takes; records that cannot be converted go to a rejects file.

    Exit 0 when every record was converted, 1 when some were moved to the rejects file.
    """

    def run() -> int:
        from ftlint.commands.convert import ConvertRequest, run_convert
        from ftlint.convert import Options

        flags = _target_flags(options)
        conversion = Options(system=options["system"], columns=_columns(options["mapping"]),
                             keep_preferred=options["keep_preferred"], leading_space=not options["no_leading_space"],
                             label=None if options["label"] is None else options["label"] == "true",
                             **{key: unescape(options[key]) for key in ("separator", "stop")
                                if options[key] is not None})
        request = ConvertRequest(list(paths), flags, options["to"], options["output"], options["rejects"],
                                 conversion, options["jobs"], options["sheet"], options["output_format"] == "json",
                                 options["force"], options["quiet"])
        return run_convert(request)

    _guarded(run)


def _columns(values: tuple[str, ...]) -> dict[str, str]:
    try:
        return parse_mapping(values)
    except MappingError as problem:
        raise UsageError(str(problem)) from None


def _target_flags(options: dict[str, Any]) -> Any:
    from ftlint.commands.settings import Flags

    return Flags(config=options["config_path"], profile=options["profile"], model=options["model"],
                 input_format=options["input_format"], strict_plugins=options["strict_plugins"],
                 force_exclude=options["force_exclude"], engine=options["engine"], address=options["address"])


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--valid", type=click.FloatRange(0, 1), default=0.1, show_default=True,
              help="The share of records for validation.")
@click.option("--test", type=click.FloatRange(0, 1), default=0.0, help="The share of records for a test set.")
@click.option("--seed", type=int, default=0, show_default=True, help="The seed of the split's hash.")
@click.option("--by", default="prompt", show_default=True, metavar="prompt|first-user|record|field:/PTR",
              help="What keeps records together: the same prompt, the same first user message, exact copies "
                   "only, or the same value at a JSON pointer.")
@click.option("--stratify", default="auto", show_default=True, metavar="auto|off|/PTR",
              help="Keep each class's share in every split: auto for classification data, or the label's pointer.")
@click.option("--max-valid", type=click.IntRange(min=0), help="At most this many validation records.")
@click.option("--near", is_flag=True, help="Also keep near duplicates together (DQ012's sketch).")
@click.option("-o", "--output", type=click.Path(file_okay=False), help="The folder for the split files "
              "(default: beside each input, NAME.train.jsonl, NAME.valid.jsonl, NAME.test.jsonl).")
@click.option("--output-format", type=click.Choice(["text", "json"]), help="How to print the summary (default: text).")
@pii_options
@target_options
@exclude_options
@quiet_option
@click.option("--force", is_flag=True, help="Also replace read-only files and hard-linked ones.")
def split(paths: tuple[str, ...], **options: Any) -> None:
    """Split PATHS into train and validation (and test) files that cannot leak into each other.

    Records are placed by a seeded hash of what keeps them together, so adding records never moves
    the others; every line goes, byte for byte, into exactly one file.
    """

    def run() -> int:
        from ftlint.commands.split import SplitRequest, run_split
        from ftlint.split import SplitPlan

        try:
            plan = SplitPlan(options["valid"], options["test"], options["seed"], options["by"], options["stratify"],
                             options["max_valid"], options["near"])
        except ValueError as problem:
            raise UsageError(str(problem)) from None
        request = SplitRequest(list(paths), _target_flags(options), plan, options["output"], options["jobs"],
                               options["output_format"] == "json", options["force"], options["show_pii"],
                               options["quiet"])
        return run_split(request)

    _guarded(run)


@cli.command()
@click.argument("code")
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text")
@rule_source_options
def rule(code: str, output_format: str, config_path: str | None, strict_plugins: bool) -> None:
    """Explain the rule CODE (or its name)."""

    def run() -> None:
        from ftlint.commands.rules import show_rule
        from ftlint.commands.settings import load_plugins

        load_plugins(config_path, Path.cwd(), strict_plugins)
        show_rule(code, output_format)

    _guarded(run)


@cli.command(name="rules")
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text")
@click.option("--profile", help="Show each rule's severity under this profile (`off`: it does not run).")
@rule_source_options
def rules_command(output_format: str, profile: str | None, config_path: str | None, strict_plugins: bool) -> None:
    """List every rule (with --profile, at the severity that profile gives it) and where it comes from."""

    def run() -> None:
        from ftlint.commands.rules import list_rules
        from ftlint.commands.settings import load_plugins

        load_plugins(config_path, Path.cwd(), strict_plugins)
        list_rules(output_format, profile=profile)

    _guarded(run)


# The trainer's commands live in their own module, which imports `_guarded` from this one.
from ftlint.cli_train import jobs, train, upload  # noqa: E402

for _command in (upload, train, jobs):
    cli.add_command(_command)


def main() -> None:
    harden_streams()  # an ASCII or Latin-1 stdout gets `\xe9` for what it cannot hold, not a traceback
    cli(prog_name="ftlint")
