"""A PI rule's `allow` list: whether a value found is one not to report.

A value is allowed when a pattern is found in it as written or with its separators removed. The
patterns are tried in the option's order, as the user gave them, and the first that is found
decides. A user's pattern runs through `UserPattern` (the `regex` module with a time bound, ~60 us
a value). The built-in ones (`detect.ALLOWED_BY_DEFAULT`, the option's default) are ours and
linear: each run of them in the list is one alternation run with `re`, compiled once per process,
which gives the same answers on ASCII values (~1 us; a test compares the two on many values). On
any other value the `regex` module's Unicode classes can differ from `re`'s (`\\w` takes combining
marks), so such a value goes through `UserPattern` pattern by pattern, as before.
"""

from __future__ import annotations

import re
from functools import cache

from ftlint.core.patterns import PatternTimeoutError, UserPattern
from ftlint.privacy.detect import ALLOWED_BY_DEFAULT

SEPARATORS = re.compile(r"[\s\-.()/+]")  # removed for the second look: `555-0123` as `5550123`

BUILT_IN = frozenset(pattern for patterns in ALLOWED_BY_DEFAULT.values() for pattern in patterns)

# A pattern's leading global flags, `(?i)`: made local to its branch when patterns are joined.
_GLOBAL_FLAGS = re.compile(r"\(\?([aiLmsux]+)\)")


class AllowList:
    """The compiled `allow` option of one rule; `option` names it in errors ("PI001 `allow`")."""

    def __init__(self, patterns: list[str], option: str) -> None:
        # As the user wrote them: what a non-ASCII value is matched with.
        self._one_by_one = [UserPattern(pattern, option) for pattern in patterns]
        # In the same order: the joined runs of built-in patterns and the user's patterns.
        self._steps: list[_Joined | UserPattern] = []
        for pattern, user_pattern in zip(patterns, self._one_by_one, strict=True):
            if pattern not in BUILT_IN:
                self._steps.append(user_pattern)
            elif self._steps and isinstance(self._steps[-1], _Joined) and self._steps[-1].takes(pattern):
                self._steps[-1] = self._steps[-1].plus(pattern)
            else:
                self._steps.append(_Joined((pattern,)))
        self.empty = not patterns

    def allows(self, value: str, line: int) -> bool:
        """Whether `value` is allowed; PatternTimeoutError (on `line`) when a user's pattern runs out of time."""
        bare = SEPARATORS.sub("", value)
        steps = self._steps if value.isascii() else self._one_by_one
        try:
            for step in steps:
                # `bare is value`: nothing was removed (re.sub returns the very string), one look is enough.
                if step.search(value) or (bare is not value and step.search(bare)):
                    return True
        except PatternTimeoutError as stopped:
            raise stopped.on_line(line) from None
        return False


class _Joined:
    """Consecutive built-in patterns as one `re` alternation (shared by every rule that lists them)."""

    def __init__(self, patterns: tuple[str, ...]) -> None:
        self.patterns = patterns
        self.search = _alternation(patterns).search

    def takes(self, pattern: str) -> bool:
        # A pattern with groups refers to them by number (`(\d)\1`): joined only after patterns that
        # have none, so that its numbers stay its own.
        return not any(re.compile(p).groups for p in self.patterns)

    def plus(self, pattern: str) -> _Joined:
        return _Joined((*self.patterns, pattern))


@cache
def _alternation(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(_local(pattern) for pattern in patterns))


def _local(pattern: str) -> str:
    """`pattern` as one branch of an alternation: `(?i)x` -> `(?i:x)`, else `(?:x)`."""
    flags = _GLOBAL_FLAGS.match(pattern)
    if flags is None:
        return f"(?:{pattern})"
    return f"(?{flags.group(1)}:{pattern[flags.end():]})"
