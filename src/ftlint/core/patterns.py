"""Regular expressions written by users (allow lists, id patterns) that cannot hang a check.

A backtracking engine can take exponential time on a text a pattern does not match: `(a+)+$` on
"aaaa…b" tries every way of splitting the a's. Two guards:

- when the config is read, `catastrophic_part` finds the textbook shape, an unbounded repeat of a
  group that can match the same text in several ways (`(a+)+`, `(\\w+\\s?)*`, `(x+|y)*`), and the
  option is refused with that part named;
- every match runs on the `regex` module with a time bound (`UserPattern`), which catches what no
  simple test sees (overlapping alternatives: `(a|aa)+$`); a match that runs out ends the run with
  `PatternTimeoutError` (exit 2) instead of a result that depends on the machine's speed.
"""

from __future__ import annotations

import re
import unicodedata
from re import _constants as c  # the parse tree's node kinds, from the parser `re.compile` uses (3.11+)
from re import _parser
from typing import Any

# The time a single match may take: far more than any sane pattern needs on a value (microseconds), plus
# a little per character so that a linear pattern on a huge value is never stopped.
MATCH_SECONDS = 0.1
SECONDS_PER_CHARACTER = 1e-6


class PatternTimeoutError(Exception):
    """A user's regular expression took too long on a value; the run stops (exit 2)."""

    def __init__(self, option: str, pattern: str, length: int, limit: float, line: int = 0, path: str = "") -> None:
        super().__init__(option, pattern, length, limit, line, path)  # all of them: pickled back from a worker
        self.option, self.pattern, self.length, self.limit = option, pattern, length, limit
        self.line, self.path = line, path

    def on_line(self, line: int) -> PatternTimeoutError:
        """The same error on a line of a chunk (the rule knows it; the pattern does not)."""
        return PatternTimeoutError(self.option, self.pattern, self.length, self.limit, line)

    def located(self, path: str, lines_before: int) -> PatternTimeoutError:
        """The same error at its file and line in the file (the driver knows the lines before the chunk)."""
        line = self.line + lines_before if self.line else 0
        return PatternTimeoutError(self.option, self.pattern, self.length, self.limit, line, path)

    def __str__(self) -> str:
        where = f" on line {self.line}" if self.line else ""
        if self.path:
            where = f" at {self.path}:{self.line}" if self.line else f" in {self.path}"
        return (f"{self.option} `{self.pattern}`: matching a value of {self.length:,} characters{where} took longer "
                f"than {self.limit:.2g} s and was stopped: the expression backtracks too much (alternatives that "
                "can match the same text, or a repeat inside a repeat); rewrite it so that a text can match one "
                "way only")


class UserPattern:
    """A user's regular expression, matched with a time bound. `option` names it in messages
    ("TL011 `pattern`"). Compiled on first use: most runs never match one, and `regex` takes ~20 ms
    to import."""

    def __init__(self, text: str, option: str) -> None:
        self.text = text
        self.option = option
        self._compiled: Any = None

    def search(self, value: str) -> bool:
        """Whether the pattern is found anywhere in `value`."""
        return self._run("search", value)

    def fullmatch(self, value: str) -> bool:
        """Whether the pattern matches `value` as a whole."""
        return self._run("fullmatch", value)

    def _run(self, method: str, value: str) -> bool:
        if self._compiled is None:
            import regex

            self._compiled = regex.compile(self.text)
        limit = MATCH_SECONDS + len(value) * SECONDS_PER_CHARACTER
        try:
            return getattr(self._compiled, method)(value, timeout=limit) is not None
        except TimeoutError:
            raise PatternTimeoutError(self.option, self.text, len(value), limit) from None


def check_user_pattern(text: str) -> str:
    """`text` if it is a usable regular expression; else ValueError saying why (for pydantic)."""
    if not text:
        raise ValueError("an empty regular expression matches everything; give a pattern")
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        # Shown in messages on a terminal, where a raw escape character could forge output.
        raise ValueError("a control character in a pattern must be written as an escape (`\\t`, `\\x1b`)")
    try:
        re.compile(text)
    except re.error as exc:
        raise ValueError(f"`{text}` is not a regular expression: {exc}") from None
    part = catastrophic_part(text)
    if part is not None:
        raise ValueError(
            f"`{text}` can take exponential time on text it does not match: in `{part}` a repeated group can match "
            "the same text in several ways; rewrite it so that a text splits one way only (e.g. `(a+)+` as `a+`, "
            "`(\\w+\\s?)*` as `(\\w+\\s)*\\w*`)"
        )
    try:
        import regex

        regex.compile(text)  # matching runs on `regex`: its few differences from `re` surface here
    except regex.error as exc:
        raise ValueError(f"`{text}` is not a regular expression: {exc}") from None
    return text


def catastrophic_part(pattern: str) -> str | None:
    """The part of `pattern` that can backtrack exponentially, written out (`(a+)+`), or None.

    Found: an unbounded repeat (`*`, `+`, `{n,}`, lazy or greedy) of a body that holds a
    variable-width repeat and nothing else that must consume text, so that one stretch of text can
    be split between the passes in exponentially many ways. Possessive repeats and atomic groups
    never give text back, so they are safe. Anything else slow is left to the time bound.
    """
    # `re._parser` is private: were its tree ever to change shape, the time bound still protects, so a
    # failure here only skips this early check.
    try:
        return _find(_parser.parse(pattern))
    except Exception:
        return None


def _find(sequence: Any) -> str | None:
    for op, av in sequence:
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[1] is c.MAXREPEAT and _ambiguous(av[2]):
            return _render([(op, av)])
        for inner in _children(op, av):
            found = _find(inner)
            if found is not None:
                return found
    return None


def _children(op: Any, av: Any) -> list[Any]:
    """The sub-sequences of one node of the parse tree."""
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        return [av[2]]
    if op is c.SUBPATTERN:
        return [av[3]]
    if op is c.BRANCH:
        return list(av[1])
    if op in (c.ASSERT, c.ASSERT_NOT):
        return [av[1]]
    if op is c.ATOMIC_GROUP:
        return [av]
    if op is c.GROUPREF_EXISTS:
        return [branch for branch in av[1:] if branch is not None]
    return []


def _ambiguous(sequence: Any) -> bool:
    """Whether one pass over `sequence` can take more or less of a text while everything else in it may
    match nothing: then successive passes can share the text out in many ways."""
    items = list(sequence)
    return any(_splittable(op, av) and all(_nullable(*other) for other in items[:i] + items[i + 1:])
               for i, (op, av) in enumerate(items))


def _splittable(op: Any, av: Any) -> bool:
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        low, high, body = av
        return (high is c.MAXREPEAT or high > 1) and low != high and not _nullable_sequence(body)
    if op is c.SUBPATTERN:
        return _ambiguous(av[3])
    if op is c.BRANCH:
        return any(_ambiguous(alternative) for alternative in av[1])
    return False


def _nullable(op: Any, av: Any) -> bool:
    """Whether the node can match empty text (unknown kinds: no, which only makes `_ambiguous` say no)."""
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        return av[0] == 0 or _nullable_sequence(av[2])
    if op is c.SUBPATTERN:
        return _nullable_sequence(av[3])
    if op is c.ATOMIC_GROUP:
        return _nullable_sequence(av)
    if op is c.BRANCH:
        return any(_nullable_sequence(alternative) for alternative in av[1])
    return op in (c.AT, c.ASSERT, c.ASSERT_NOT)


def _nullable_sequence(sequence: Any) -> bool:
    return all(_nullable(op, av) for op, av in sequence)


def _render(sequence: Any) -> str:
    """A parse tree written back as a pattern (equivalent, not always the user's spelling)."""
    text = []
    for op, av in sequence:
        if op is c.LITERAL:
            text.append(_escape(av))
        elif op is c.NOT_LITERAL:
            text.append(f"[^{_escape(av)}]")
        elif op is c.ANY:
            text.append(".")
        elif op is c.IN:
            text.append(_render_set(av))
        elif op is c.AT:
            text.append(_AT.get(str(av), ""))
        elif op is c.SUBPATTERN:
            text.append(("(" if av[0] else "(?:") + _render(av[3]) + ")")
        elif op is c.BRANCH:
            text.append("|".join(_render(alternative) for alternative in av[1]))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            body = _render(av[2])
            single = len(av[2]) == 1 and av[2][0][0] in (c.LITERAL, c.ANY, c.IN, c.SUBPATTERN, c.NOT_LITERAL)
            suffix = {c.MAX_REPEAT: "", c.MIN_REPEAT: "?", c.POSSESSIVE_REPEAT: "+"}[op]
            text.append((body if single else f"(?:{body})") + _quantifier(av[0], av[1], c.MAXREPEAT) + suffix)
        elif op is c.ATOMIC_GROUP:
            text.append(f"(?>{_render(av)})")
        elif op in (c.ASSERT, c.ASSERT_NOT):
            text.append(("(?=" if op is c.ASSERT else "(?!") if av[0] == 1 else ("(?<=" if op is c.ASSERT else "(?<!"))
            text[-1] += _render(av[1]) + ")"
        elif op is c.GROUPREF:
            text.append(f"\\{av}")
        else:
            text.append("…")
    return "".join(text)


_AT = {"AT_BEGINNING": "^", "AT_END": "$", "AT_BEGINNING_STRING": "\\A", "AT_END_STRING": "\\Z",
       "AT_BOUNDARY": "\\b", "AT_NON_BOUNDARY": "\\B"}
_CATEGORY = {"CATEGORY_DIGIT": "\\d", "CATEGORY_NOT_DIGIT": "\\D", "CATEGORY_SPACE": "\\s",
             "CATEGORY_NOT_SPACE": "\\S", "CATEGORY_WORD": "\\w", "CATEGORY_NOT_WORD": "\\W"}


def _escape(code: int) -> str:
    return re.escape(chr(code))


def _render_set(items: Any) -> str:
    if len(items) == 1 and items[0][0] is c.CATEGORY:
        return _CATEGORY.get(str(items[0][1]), "…")
    text = []
    for op, av in items:
        if op is c.NEGATE:
            text.append("^")
        elif op is c.LITERAL:
            text.append(_escape(av))
        elif op is c.RANGE:
            text.append(f"{_escape(av[0])}-{_escape(av[1])}")
        elif op is c.CATEGORY:
            text.append(_CATEGORY.get(str(av), "…"))
        else:
            text.append("…")
    return "[" + "".join(text) + "]"


def _quantifier(low: int, high: Any, unbounded: Any) -> str:
    if high is unbounded:
        return {0: "*", 1: "+"}.get(low, f"{{{low},}}")
    if (low, high) == (0, 1):
        return "?"
    return f"{{{low}}}" if low == high else f"{{{low},{high}}}"
