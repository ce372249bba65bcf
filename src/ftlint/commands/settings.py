"""Settings for a run: the config file, the profile chain, and the command-line flags on top."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from ftlint.config.loader import DEFAULT_PROFILE, find_config, profile_argument, read_settings, resolve
from ftlint.config.model import ConfigError, Settings
from ftlint.config.plugins import PluginLoader
from ftlint.core.engine.executor import Executor
from ftlint.core.excludes import Excludes
from ftlint.core.models import UnknownModelError, resolve_model
from ftlint.core.textsafe import escape_controls


@dataclass(frozen=True)
class Flags:
    """What the command line said about configuration; None or empty means "not given"."""

    config: str | None = None
    profile: str | None = None
    model: str | None = None
    select: list[str] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    input_format: str | None = None
    output_format: str | None = None
    show_pii: bool = False
    strict_plugins: bool = False
    force_exclude: bool | None = None  # --force-exclude / --no-force-exclude
    engine: str = "local"  # where chunks run: "local" (this process or a pool) or "ray"
    address: str | None = None  # the Ray cluster to join (--engine ray)
    eval_files: tuple[str, ...] = ()  # --eval: evaluation sets training records must not contain (DQ015)


def _warn(message: str) -> None:
    # A plugin's exception message is a third party's text: shown, never obeyed (escaped).
    sys.stderr.write(escape_controls(message) + "\n")
    sys.stderr.flush()


def load_plugins(config: str | None, cwd: Path, strict: bool = False) -> Settings:
    """The installed plugins and those of the config file (`config`, else the closest one) joined to the rule
    table, for commands that show rules rather than run them; returns the config's own settings."""
    loader = PluginLoader(strict, _warn)
    path = Path(config) if config else find_config(cwd)
    if path is None:
        loader.load()
        return Settings.model_construct()
    return read_settings(path, plugins=loader)


def implied_profile(model: str | None) -> str | None:
    """The profile an OpenAI model name implies when none is chosen: its provider's rules apply."""
    if not model:
        return None
    try:
        spec = resolve_model(model)
    except UnknownModelError:
        return None  # said properly when the target is built
    if spec.provider != "openai":
        return None
    return "openai-legacy" if spec.formats == ("prompt_completion",) else "openai"


def load_settings(flags: Flags, cwd: Path) -> tuple[Settings, str]:
    """The effective settings and the profile name they start from."""
    # Plugins are loaded as each config file is read, before its `[rules.*]` tables are checked.
    plugins = PluginLoader(flags.strict_plugins, _warn)
    path = Path(flags.config) if flags.config else find_config(cwd)
    config = read_settings(path, plugins=plugins) if path else Settings.model_construct()
    if path is None:
        plugins.load()
    base = path.parent if path else cwd
    chosen = profile_argument(flags.profile, cwd) if flags.profile else None
    profile = chosen or config.extends or implied_profile(flags.model or config.model) or DEFAULT_PROFILE
    settings = resolve(config, base, profile if profile != config.extends else None, plugins)
    given = {
        "model": flags.model,
        "select": flags.select,
        "extend_select": list(flags.extend_select) or None,
        "ignore": list(flags.ignore) or None,
        "fail_on": flags.fail_on,
        "input_format": flags.input_format,
        "output_format": flags.output_format,
        "show_pii": flags.show_pii or None,
        "force_exclude": flags.force_exclude,
        "eval_files": list(flags.eval_files) or None,
    }
    # Flags were checked by click; only the keys given count as set.
    overlay = Settings.model_construct(**{k: v for k, v in given.items() if v is not None})
    overlay._folder = Path(os.path.abspath(base))
    return settings.merged(overlay), profile


def input_excludes(settings: Settings) -> Excludes:
    """What the inputs leave out: the config's excludes, judged up to its folder, with force-exclude."""
    return Excludes.of(settings.excludes, settings.folder, bool(settings.force_exclude))


def executor_for(flags: Flags, jobs: int | None) -> Executor | None:
    """The executor `--engine` names; None lets the session choose between this process and a local pool."""
    if flags.engine != "ray":
        if flags.address:
            raise ConfigError("--address names a Ray cluster: it goes with --engine ray")
        return None
    from ftlint.core.engine.ray_executor import RayExecutor

    return RayExecutor(flags.address, jobs)
