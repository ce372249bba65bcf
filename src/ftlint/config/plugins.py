"""A run's plugins: the installed rule packs and the rule files its config files name, loaded before any
rule's options are read (a `[rules.EX001]` table is validated by the plugin's own options model).

A plugin that cannot be loaded is said once, on stderr, and skipped; with `--strict-plugins` (or
`strict-plugins = true` in a config file) it stops the run with exit 2. A rule file named in a config
that does not exist, and a rule code or name two rules claim, are configuration errors (exit 2).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ftlint.config.model import ConfigError, Settings
from ftlint.rules._table import DuplicateRuleCodeError
from ftlint.rules.plugins import Failure, Plugin, PluginError, file_plugin, installed_plugins
from ftlint.rules.registry import use_plugins


class PluginLoader:
    """Loads the plugins of one run, layer by layer as its config files are read."""

    def __init__(self, strict: bool = False, warn: Callable[[str], None] | None = None) -> None:
        self.strict = strict
        self._warn = warn or (lambda message: None)
        self._files: dict[Path, Plugin | Failure] = {}
        self._said: set[Failure] = set()

    def load(self, settings: Settings | None = None, config: Path | None = None, source: str = "") -> None:
        """The installed plugins and, with `settings` read from the file `config` (`source` names it in
        messages), the rule files it names; then every plugin's rules join the rule table."""
        if settings is not None and settings.strict_plugins is not None:
            self.strict = self.strict or settings.strict_plugins
        for given in settings.plugins if settings is not None else ():
            path = ((config.parent if config else Path.cwd()) / given).resolve()
            if not path.is_file():
                raise ConfigError(f"{source}: plugins: `{given}`: no such file {path}")
            if path not in self._files:
                try:
                    self._files[path] = file_plugin(path, given)
                except PluginError as exc:
                    self._files[path] = Failure(f"plugin {given} (named in {config})", str(exc))
        installed, failures = installed_plugins()
        local = [found for found in self._files.values() if isinstance(found, Plugin)]
        failures = (*failures, *(found for found in self._files.values() if isinstance(found, Failure)))
        for failure in failures:
            self._report(failure)
        try:
            use_plugins((*installed, *local))
        except DuplicateRuleCodeError as exc:
            raise ConfigError(str(exc)) from None

    def _report(self, failure: Failure) -> None:
        """Stop the run when strict; else say it once."""
        if self.strict:
            raise ConfigError(f"{failure.subject} could not be loaded: {failure.reason} (plugins are strict: "
                              "--strict-plugins or `strict-plugins = true`)")
        if failure not in self._said:
            self._said.add(failure)
            self._warn(f"ftlint: warning: {failure.subject} could not be loaded: {failure.reason}; skipped")
