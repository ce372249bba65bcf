"""The option groups of ftlint's commands, apart from the commands: each command takes only the groups it
uses (`ftlint stats` has no fix options), listed in the order `--help` shows them."""

from __future__ import annotations

from collections.abc import Callable

import click

from ftlint.core.formats import FORMAT_BY_NAME
from ftlint.output import FORMATS as OUTPUT_FORMATS


def options_group(*options: Callable[[Callable[..., None]], Callable[..., None]]) -> Callable[..., Callable[..., None]]:
    """One decorator for a group of click options, listed in the order `--help` shows them."""

    def apply(command: Callable[..., None]) -> Callable[..., None]:
        for option in reversed(options):
            command = option(command)
        return command

    return apply


# Wherever rules are loaded: the target options' commands, `ftlint rule` and `ftlint rules`.
plugin_options = (
    click.option("--strict-plugins", is_flag=True, help="Stop (exit 2) when a plugin cannot be loaded, instead of "
                 "skipping it with a warning."),
)
selection_options = options_group(
    click.option("--select", multiple=True, help="Rules to run: codes, prefixes (FL), names or ALL; comma-separated."),
    click.option("--extend-select", multiple=True, help="Rules to run in addition to the profile's."),
    click.option("--ignore", multiple=True, help="Rules not to run."),
)
verdict_options = options_group(
    click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), help="Lowest severity that fails."),
    click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings."),
)
findings_output_options = options_group(
    click.option("--output-format", type=click.Choice(OUTPUT_FORMATS), envvar="FTLINT_OUTPUT_FORMAT",
                 help="How to print findings (default: text)."),
    click.option("--statistics", is_flag=True, help="Print counts per rule instead of each finding."),
    click.option("--summary", type=click.Path(dir_okay=False), metavar="FILE",
                 help="Also append a Markdown report to FILE, whatever --output-format prints (the GitHub "
                      "Action gives $GITHUB_STEP_SUMMARY)."),
)
pii_options = options_group(
    click.option("--show-pii", is_flag=True, help="Quote personal data in findings as found (default: masked)."),
)
quiet_option = options_group(
    click.option("-q", "--quiet", is_flag=True, help="No progress display on a terminal (none is shown in CI, "
                 "pre-commit or a pipe anyway)."),
)
target_options = options_group(
    click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file to use."),
    click.option("--profile", help="Target profile from rules/profiles (default: neutral, judged by every "
                 "trainer that reads the format; `ftlint rules --profile NAME` shows what one changes)."),
    click.option("--model", help="Target model, e.g. gpt-4.1-mini-2025-04-14 or an ft: name."),
    click.option("--input-format", type=click.Choice(list(FORMAT_BY_NAME)), help="Check every record as this format."),
    click.option("--jobs", type=click.IntRange(min=1), help="Worker processes (default: one per core)."),
    click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
                 help="Where chunks run: processes on this machine, or Ray tasks (the `ray` extra)."),
    click.option("--address", metavar="HOST:PORT", envvar="RAY_ADDRESS",
                 help="With --engine ray: the cluster to join (default: a local one started for the run)."),
    *plugin_options,
)
eval_options = options_group(
    click.option("--eval", "eval_files", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
                 help="An evaluation set (any format ftlint reads) whose items training records must not "
                      "contain (DQ015); repeat for several."),
)
exclude_options = options_group(
    click.option("--force-exclude/--no-force-exclude", default=None,
                 help="Leave out paths the config's `exclude` matches even when named here (as pre-commit "
                      "names every file; default: only in directory searches and globs)."),
)
fix_options = options_group(
    click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that may change meaning or drop records."),
    click.option("--diff", is_flag=True, help="Print the changes fixing would make; write nothing."),
    click.option("-o", "--output", type=click.Path(dir_okay=False),
                 help="Write the fixed file here instead of replacing the input (one input only)."),
    click.option("--rejects", type=click.Path(dir_okay=False),
                 help="Where dropped records go (default: beside the file written: data.rejects.jsonl, "
                      "or OUT.rejects.jsonl with -o OUT)."),
    click.option("--force", is_flag=True,
                 help="Also replace read-only files, and hard-linked ones (this name only: the other links "
                      "keep the old content)."),
)


rule_source_options = options_group(
    click.option("--config", "config_path", type=click.Path(dir_okay=False),
                 help="Config file whose plugins to load (default: the closest one)."),
    *plugin_options,
)
