"""Find and read configuration: the closest `ftlint.toml` or `pyproject.toml` with `[tool.ftlint]`,
then the profile chain it extends (`rules/profiles/*.toml`)."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ftlint.config.model import ConfigError, Settings, describe_validation_error
from ftlint.core.data import rules_data_dir

# With no profile, no model and no config: judged by every trainer that reads the format.
DEFAULT_PROFILE = "neutral"
_MAX_EXTENDS = 10
# The profiles of one trainer or provider: not the neutral default, `strict`, or the aliases kept for
# old configs (openai-dpo, openai-rft).
TARGET_PROFILES = ("openai", "openai-legacy", "together", "fireworks", "mistral", "trl", "axolotl", "llamafactory")


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
        if pyproject.is_file() and "ftlint" in _read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def read_settings(path: Path, *, trusted: bool = False) -> Settings:
    """The settings in one file (for a pyproject, its `[tool.ftlint]` table)."""
    table = _read_toml(path)
    if trusted:
        return Settings.trusted(table)
    if path.name == "pyproject.toml":
        table = table.get("tool", {}).get("ftlint", {})
        source = f"{path}: [tool.ftlint]"
    else:
        source = str(path)
    if "profile" in table:  # `profile = "trl"` reads better in a user's config; it means `extends`
        if "extends" in table:
            raise ConfigError(f"{source}: `profile` and `extends` both name a profile; keep one")
        table = {("extends" if key == "profile" else key): value for key, value in table.items()}
    return _validate(table, source)


def resolve(config: Settings, base: Path, profile: str | None = None) -> Settings:
    """`config` on top of the profile chain it extends; `profile` (from the command line) wins."""
    chain = [config]
    parent = profile or config.extends or DEFAULT_PROFILE
    while parent is not None:
        if len(chain) > _MAX_EXTENDS:
            raise ConfigError(f"`extends` goes deeper than {_MAX_EXTENDS} levels; is there a cycle?")
        path = _profile_path(parent, base)
        layer = read_settings(path, trusted=path.parent == profiles_dir())
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


def _profile_path(name: str, base: Path) -> Path:
    if name.endswith(".toml") or "/" in name:
        path = (base / name).resolve()
        if not path.is_file():
            raise ConfigError(f"`extends = \"{name}\"`: no such file {path}")
        return path
    path = profiles_dir() / f"{name}.toml"
    if not path.is_file():
        raise ConfigError(f"unknown profile `{name}`; known profiles: {', '.join(profile_names())}")
    return path


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _validate(table: dict[str, Any], source: str) -> Settings:
    try:
        return Settings.model_validate(table)
    except ValidationError as exc:
        raise ConfigError(describe_validation_error(source, exc)) from None
