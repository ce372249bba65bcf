"""Which input paths a config's `exclude` patterns leave out, by ruff's rules.

A pattern without a slash is a file or folder name, matched anywhere (`raw`, `*.tmp.jsonl`). A pattern
with one is a path: the config loader anchors it at the folder of the config file that gives it
(`anchor`), so `data/raw` means that folder and no other. Matching is `fnmatch`'s, case-sensitive, and
`*` may cross a `/` (as in ruff, whose globs have no literal separator): `data/*` is all below `data`.

A directory search or a glob leaves out what matches and never enters a folder that matches. A path
named on the command line is left out only with `force` (ruff's `--force-exclude`): pre-commit names
every staged file, and without it a config's excludes would not apply to them. Such a path is judged
with the folders above it, up to the config's folder (a name pattern such as `tmp` must not hide a
whole project that happens to live under /tmp).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path


def anchor(pattern: str, folder: Path) -> str:
    """A pattern as `Excludes` takes it: a name stays a name; a path is made absolute under `folder`."""
    # `raw/` is the folder `raw` (found by name, as a folder is); the slash at its end is not a path.
    stripped = pattern.rstrip("/") or pattern
    if "/" not in stripped:
        return stripped
    return os.path.normpath(os.path.join(os.path.abspath(folder), stripped))


@dataclass(frozen=True)
class Excludes:
    """Exclude patterns (already anchored), the folder named paths are judged up to, and force-exclude."""

    names: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    root: Path | None = None
    force: bool = False

    @classmethod
    def of(cls, patterns: Iterable[str], root: Path | None = None, force: bool = False) -> Excludes:
        patterns = list(patterns)
        return cls(tuple(p for p in patterns if "/" not in p), tuple(p for p in patterns if "/" in p),
                   Path(os.path.abspath(root)) if root is not None else None, force)

    def __bool__(self) -> bool:
        return bool(self.names or self.paths)

    def matches(self, path: str | Path) -> bool:
        """Whether this file or folder itself matches, by its name or by its absolute path."""
        absolute = os.path.abspath(path)
        name = os.path.basename(absolute)
        return any(fnmatchcase(name, p) for p in self.names) or any(fnmatchcase(absolute, p) for p in self.paths)

    def hides(self, path: str | Path) -> bool:
        """Whether a path, or a folder above it below the root, matches (for paths not found by a search)."""
        if not self:
            return False
        absolute = Path(os.path.abspath(path))
        # Outside the root only the path itself is judged: the folders above it are no part of the project.
        above = absolute.parents if self.root is not None and self.root in absolute.parents else ()
        for candidate in [absolute, *above]:
            if candidate == self.root:
                break
            if self.matches(candidate):
                return True
        return False

    def hides_named(self, path: str | Path) -> bool:
        """Whether a path named on the command line is left out: only with force-exclude."""
        return self.force and self.hides(path)
