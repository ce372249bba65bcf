"""Third-party rules: packs installed with an entry point in the group `ftlint.rules`, and rule files
a config names (`plugins = ["./my_rules.py"]`).

What a plugin gives, an entry point's object or a file's module alike:
- a module: its `RULES` (a sequence of rule classes) when it has one, else every rule class defined
  in it (not imported into it) that has a `code`;
- a rule class, or a sequence of them;
- a callable (not a class) taking no arguments that returns a sequence of rule classes.

Each class is checked here (a subclass of one of the four scopes with its `check_*`, a code such as
`EX001`, a kebab `name`, a `Severity`, a `RuleOptions` model, defined at module level so that worker
processes find it by name). A plugin that fails to import or gives nothing usable raises
`PluginError`, and the run skips it; whether its codes clash with others is the registry's to say.

Finding the entry points costs: `importlib.metadata` takes ~30 ms to import and ~12 ms to read every
installed distribution's metadata, on a run that takes ~0.6 s on a small file. So the folders of
`sys.path` are first scanned for an `entry_points.txt` that declares the group (~2 ms), and only
when one does is `importlib.metadata` asked. Distributions that only a custom import hook or a zip
archive on `sys.path` provides are not seen by the scan.
"""

from __future__ import annotations

import os
import re
import sys
import types
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ftlint.core.findings import Severity
from ftlint.core.rule import DatasetRule, FileRule, LineRule, RecordRule, Rule, RuleOptions
from ftlint.rules._table import BUILTIN_ORIGIN

__all__ = ["BUILTIN_ORIGIN", "GROUP", "Failure", "Plugin", "PluginError", "file_plugin", "installed_plugins",
           "rules_of"]

GROUP = "ftlint.rules"
CODE = re.compile(r"^[A-Z]{2,5}[0-9]{3}$")
NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
# The method each scope's rules implement.
_CHECKS = {FileRule: "check_file", LineRule: "check_line", RecordRule: "check_record", DatasetRule: "check_dataset"}


class PluginError(Exception):
    """A plugin that cannot be used: it fails to import, or what it gives is not rules."""


@dataclass(frozen=True)
class Plugin:
    """The rules one plugin brought, and where they came from as `ftlint rules` shows it."""

    origin: str  # "plugin acme-ftlint 1.2: acme" for an entry point, the path as written for a file
    rules: tuple[type[Rule], ...]


@dataclass(frozen=True)
class Failure:
    """A plugin that was skipped: what it is (`plugin ...`) and why, as `ExcType: message`."""

    subject: str
    reason: str


def rules_of(given: Any, origin: str) -> tuple[type[Rule], ...]:
    """The rule classes a plugin's object gives, each checked; PluginError says what is wrong."""
    if isinstance(given, types.ModuleType):
        found = getattr(given, "RULES", None)
        if found is None:
            found = [value for value in vars(given).values()
                     if isinstance(value, type) and issubclass(value, Rule) and value.__module__ == given.__name__
                     and hasattr(value, "code")]
    elif isinstance(given, type):
        found = [given]
    elif callable(given):
        try:
            found = given()
        except Exception as exc:  # the plugin's own code failed: skip it like one that fails to import
            raise PluginError(_reason(exc)) from None
    else:
        found = given
    if isinstance(found, (str, bytes)) or not isinstance(found, Iterable):
        raise PluginError(f"TypeError: gives {type(found).__name__}, not rule classes (a module, a rule class, "
                          "a sequence of them, or a callable returning one)")
    rules = tuple(found)
    if not rules:
        raise PluginError(f"ValueError: {origin} gives no rules")
    for rule in rules:
        _check_rule(rule)
    return rules


def _check_rule(rule: Any) -> None:
    """Refuse a class the engine could not run, naming what is wrong with it."""
    if not isinstance(rule, type) or not issubclass(rule, Rule):
        raise PluginError(f"TypeError: {rule!r} is not a rule class (a subclass of FileRule, LineRule, "
                          "RecordRule or DatasetRule from ftlint.plugin)")
    what = f"rule {rule.__module__}.{rule.__qualname__}"
    scope = next((base for base in _CHECKS if issubclass(rule, base)), None)
    if scope is None:
        raise PluginError(f"TypeError: {what} derives from none of FileRule, LineRule, RecordRule, DatasetRule")
    if getattr(rule, _CHECKS[scope]) is getattr(scope, _CHECKS[scope]):
        raise PluginError(f"TypeError: {what} does not define {_CHECKS[scope]}()")
    code, name = getattr(rule, "code", None), getattr(rule, "name", None)
    if not isinstance(code, str) or not CODE.match(code):
        raise PluginError(f"ValueError: {what}: code {code!r} is not 2 to 5 capital letters and 3 digits (EX001)")
    if not isinstance(name, str) or not NAME.match(name):
        raise PluginError(f"ValueError: {what}: name {name!r} is not a kebab-case slug (as-an-ai-model)")
    if not isinstance(getattr(rule, "default_severity", None), Severity):
        raise PluginError(f"TypeError: {what}: default_severity is not a Severity")
    if not isinstance(rule.Options, type) or not issubclass(rule.Options, RuleOptions):
        raise PluginError(f"TypeError: {what}: Options is not a subclass of RuleOptions")
    if rule.formats is not None and not isinstance(rule.formats, frozenset):
        raise PluginError(f"TypeError: {what}: formats is not a frozenset of format names (or None)")
    if "<locals>" in rule.__qualname__:
        raise PluginError(f"TypeError: {what} is defined inside a function; define rule classes at module level "
                          "(worker processes find them by name)")


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _declares_group() -> bool:
    """Whether any distribution on `sys.path` may declare an `ftlint.rules` entry point (see the module's doc)."""
    marker = f"[{GROUP}]".encode()
    for folder in sys.path:
        try:
            listing = os.scandir(folder or ".")
        except OSError:  # a zip archive, a folder that is gone
            continue
        with listing:
            for entry in listing:
                if not entry.name.endswith((".dist-info", ".egg-info")):
                    continue
                try:
                    with open(os.path.join(entry.path, "entry_points.txt"), "rb") as handle:
                        if marker in handle.read():
                            return True
                except OSError:  # most distributions declare no entry points at all
                    continue
    return False


@cache
def installed_plugins() -> tuple[tuple[Plugin, ...], tuple[Failure, ...]]:
    """The packs installed with an `ftlint.rules` entry point, and those that could not be loaded; read once
    per process."""
    if not _declares_group():
        return (), ()
    from importlib.metadata import entry_points

    plugins, failures = [], []
    for point in entry_points(group=GROUP):
        dist = point.dist
        origin = f"plugin {dist.name} {dist.version}: {point.name}" if dist is not None else f"plugin {point.name}"
        try:
            plugins.append(Plugin(origin, rules_of(point.load(), origin)))
        except PluginError as exc:
            failures.append(Failure(origin, str(exc)))
        except Exception as exc:  # whatever importing a third party's module raised
            failures.append(Failure(origin, _reason(exc)))
    return tuple(plugins), tuple(failures)


def file_plugin(path: Path, shown: str) -> Plugin:
    """The rules of a local file, imported once per process under a name of its own in `sys.modules`, so that
    its classes pickle by name and forked workers have them."""
    import importlib.util  # only for a run that names a rule file
    from hashlib import sha1

    path = path.resolve()
    name = f"ftlint_plugin_{re.sub(r'[^0-9A-Za-z_]', '_', path.stem)}_{sha1(str(path).encode()).hexdigest()[:10]}"
    module = sys.modules.get(name)
    if module is None:
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise PluginError(f"ImportError: {shown} cannot be imported as a Python module (a .py file?)")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # before running it: dataclasses and pickling look the module up by name
        try:
            spec.loader.exec_module(module)
        except Exception as exc:
            del sys.modules[name]
            raise PluginError(_reason(exc)) from None
    return Plugin(shown, rules_of(module, shown))
