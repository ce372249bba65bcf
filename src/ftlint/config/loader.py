"""Find and read configuration: the closest `ftlint.toml` or `pyproject.toml` with `[tool.ftlint]`,
then the profile chain it extends (`rules/profiles/*.toml`).

A config file is small UTF-8 TOML: at most `MAX_CONFIG_BYTES` are read (so `--config /dev/zero` is an
error, not the machine's memory), and other encodings are named in the error. A profile is the name of
one of ftlint's profiles, or a path ending in `.toml`; nothing else is read as one.
"""

from __future__ import annotations

import codecs
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ftlint.config.allowed import describe_validation_error
from ftlint.config.model import ConfigError, Settings
from ftlint.config.options import check_rule_tables
from ftlint.config.plugins import PluginLoader
from ftlint.core.data import rules_data_dir
from ftlint.core.excludes import anchor

# With no profile, no model and no config: judged by every trainer that reads the format.
DEFAULT_PROFILE = "neutral"
_MAX_EXTENDS = 10
# The profiles of one trainer or provider: not the neutral default, `strict`, or the aliases kept for
# old configs (openai-dpo, openai-rft).
TARGET_PROFILES = ("openai", "openai-legacy", "together", "fireworks", "mistral", "trl", "axolotl", "llamafactory")
# ftlint's own profiles are a few kilobytes; anything near this size is not a config file.
MAX_CONFIG_BYTES = 1 << 20


def profiles_dir() -> Path:
    return rules_data_dir() / "profiles"


def profile_names() -> list[str]:
    return sorted(p.stem for p in profiles_dir().glob("*.toml"))


def find_config(start: Path) -> Path | None:
    """The closest config file at or above `start`: `ftlint.toml`, or a pyproject with `[tool.ftlint]`."""
    for folder in [start, *start.parents]:
        candidate = folder / "ftlint.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _ftlint_table(pyproject, _read_toml(pyproject)) is not None:
            return pyproject
    return None


def read_settings(path: Path, *, trusted: bool = False, plugins: PluginLoader | None = None) -> Settings:
    """The settings in one file (for a pyproject, its `[tool.ftlint]` table). With `plugins`, the rule files
    it names are loaded before its `[rules.*]` tables are checked (without, they are not loaded)."""
    table = _read_toml(path)
    if trusted:
        return Settings.trusted(table)
    if path.name == "pyproject.toml":
        table = _ftlint_table(path, table) or {}
        source = f"{path}: [tool.ftlint]"
    else:
        source = str(path)
    if "profile" in table:  # `profile = "trl"` reads better in a user's config; it means `extends`
        if "extends" in table:
            raise ConfigError(f"{source}: `profile` and `extends` both name a profile; keep one")
        table = {("extends" if key == "profile" else key): value for key, value in table.items()}
    settings = _validate(table, source)
    if plugins is not None:
        plugins.load(settings, path, source)
    check_rule_tables(settings.rules, source)
    # A path pattern means a path under this file's folder, wherever the run starts (and a config that
    # extends this one keeps its meaning), as in ruff.
    folder = path.parent
    if settings.exclude is not None:
        settings.exclude = [anchor(pattern, folder) for pattern in settings.exclude]
    settings.extend_exclude = [anchor(pattern, folder) for pattern in settings.extend_exclude]
    settings.eval_files = [str(folder / name) for name in settings.eval_files]
    return settings


def resolve(config: Settings, base: Path, profile: str | None = None, plugins: PluginLoader | None = None) -> Settings:
    """`config` on top of the profile chain it extends; `profile` (from the command line) wins. A profile file
    of the user's may name plugins too: `plugins` loads them."""
    chain = [config]
    parent = profile or config.extends or DEFAULT_PROFILE
    while parent is not None:
        if len(chain) > _MAX_EXTENDS:
            raise ConfigError(f"`extends` goes deeper than {_MAX_EXTENDS} levels; is there a cycle?")
        path = _profile_path(parent, base)
        layer = read_settings(path, trusted=path.parent == profiles_dir(), plugins=plugins)
        chain.append(layer)
        base = path.parent
        parent = layer.extends
    settings = Settings.model_construct()
    for layer in reversed(chain):
        settings = settings.merged(layer)
    return settings


@cache
def trained_by() -> dict[str, tuple[str, ...]]:
    """Each record format, and the target profiles that train on it (their `formats`)."""
    found: dict[str, list[str]] = {}
    for name in TARGET_PROFILES:
        # Every target profile names its formats itself: one small file read, no chain to merge.
        formats = _read_toml(profiles_dir() / f"{name}.toml").get("formats")
        if formats is None:
            formats = resolve(Settings.model_construct(), profiles_dir(), name).formats or []
        for record_format in formats:
            found.setdefault(record_format, []).append(name)
    return {record_format: tuple(names) for record_format, names in found.items()}


def _ftlint_table(path: Path, document: dict[str, Any]) -> dict[str, Any] | None:
    """A pyproject's `[tool.ftlint]` table, None when it has none; any other value there is an error."""
    tool = document.get("tool", {})
    found = tool.get("ftlint") if isinstance(tool, dict) else None
    if found is not None and not isinstance(found, dict):
        raise ConfigError(f"{path}: `tool.ftlint` must be a table ([tool.ftlint]), not {type(found).__name__}")
    return found


def is_profile_path(name: str) -> bool:
    """Whether a profile is given as a file (`team.toml`, `../shared/team.toml`) rather than by name."""
    return name.lower().endswith(".toml")


def profile_argument(name: str, cwd: Path) -> str:
    """A `--profile` as the loader takes it: a path is relative to the working folder, not to a config."""
    return str((cwd / name).resolve()) if is_profile_path(name) else name


def _profile_path(name: str, base: Path) -> Path:
    """The file of a profile: one of ftlint's by name, or a `.toml` path relative to `base`. Anything else
    is refused, so that `--profile ../../etc/passwd` reads nothing."""
    if is_profile_path(name):
        path = (base / name).resolve()
        if not path.is_file():
            raise ConfigError(f"profile `{name}`: no such file {path}")
        return path
    known = profile_names()
    if name not in known:
        raise ConfigError(f"unknown profile `{name}`; known profiles: {', '.join(known)}; a profile of your own "
                          "is named by its path, ending in .toml")
    return profiles_dir() / f"{name}.toml"


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path}: larger than 1 MiB; a config file is UTF-8 TOML of a few kilobytes: is this "
                          "the right file?")
    try:
        return tomllib.loads(_utf8_text(path, data))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: arrays or tables nested too deeply") from None


def _utf8_text(path: Path, data: bytes) -> str:
    """The text of a config file; any encoding but UTF-8 is an error that names it."""
    data = data.removeprefix(codecs.BOM_UTF8)  # Windows editors write one; TOML is UTF-8 all the same
    encoding = _wide_encoding(data)
    if encoding:
        raise ConfigError(f"{path}: {encoding} text; a config file must be UTF-8 TOML (save it as UTF-8)")
    nul = data.find(0)
    if nul >= 0:
        raise ConfigError(f"{path}: not UTF-8 text (a NUL byte at offset {nul}: a binary file?); a config file "
                          "must be UTF-8 TOML")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); a config "
                          "file must be UTF-8 TOML") from None


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32, by their byte order mark or by the NUL bytes beside ASCII characters."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "UTF-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16"
    head = data[:4]
    if len(head) == 4 and (head[1:] == b"\0\0\0" or head[:3] == b"\0\0\0"):
        return "UTF-32"
    if len(head) >= 2 and (head[0] == 0) != (head[1] == 0):
        return "UTF-16"
    return None


def _validate(table: dict[str, Any], source: str) -> Settings:
    try:
        return Settings.model_validate(table)
    except ValidationError as exc:
        raise ConfigError(describe_validation_error(f"{source}: ", exc, Settings)) from None
