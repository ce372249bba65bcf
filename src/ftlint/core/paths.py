"""Output paths that would destroy an input: compared as files (device and inode), not as names.

`--rejects data.jsonl` on `data.jsonl`, `-o` onto the rejects file, or `stats --html data.jsonl`
would overwrite the data being read; a link or another spelling of the path is the same file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ftlint.core.sources import InputError


def same_file(first: Path, second: Path) -> bool:
    """Whether two paths name one existing file (a missing path is no file)."""
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


def refuse_clobbering(outputs: dict[str, Path | None], inputs: Iterable[Path]) -> None:
    """InputError (exit 2) when an output (named by its option) is an input file or another output."""
    named = [(option, path) for option, path in outputs.items() if path is not None]
    for option, path in named:
        for source in inputs:
            if same_file(path, source):
                raise InputError(f"{option} {path} is the input file {source}: writing it would destroy the "
                                 "data being read; choose another path")
    for index, (option, path) in enumerate(named):
        for other_option, other in named[index + 1:]:
            if path.resolve() == other.resolve() or same_file(path, other):
                raise InputError(f"{option} and {other_option} are the same file ({path}); choose two paths")


def dataset_stem(display: str) -> str:
    """A dataset's name without its compression and format suffixes: `data.jsonl.gz` -> `data`, the
    name the files `convert` and `split` write are called after."""
    name = Path(display).name
    for suffix in (".gz", ".bz2", ".xz", ".zst"):
        name = name.removesuffix(suffix)
    return name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
