"""Which files of a run are validation data, by name: the rules that treat them apart (DQ004 looks for
leaks into them, TK002 does not hold them to a training file's minimum) agree on one list."""

from __future__ import annotations

from fnmatch import fnmatch

VALIDATION_NAMES = ["*valid*", "*val.*", "*_val_*", "*dev*", "*test*", "*eval*", "*holdout*"]


def validation_files(paths: list[str], patterns: list[str]) -> set[int]:
    """The indexes of the paths whose file name matches one of `patterns`."""
    return {index for index, path in enumerate(paths)
            if any(fnmatch(path.replace("\\", "/").rsplit("/", 1)[-1], pattern) for pattern in patterns)}
