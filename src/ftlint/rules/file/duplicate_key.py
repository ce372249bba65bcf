"""FL013 duplicate-key."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation
from ftlint.core.records import Line
from ftlint.core.rule import LineRule
from ftlint.rules.file._duplicates import find_duplicates, may_have_duplicates

_TIMES = {2: "twice", 3: "three times"}


class DuplicateKey(LineRule):
    """A JSON object in the record has the same key twice.

    ## What it does
    Reports each key that occurs more than once in one object of a record, anywhere in it (a
    message, a tool's parameter schema, arguments written as an object), with the key's JSON
    pointer. Keys are compared as decoded, so `"a"` and `"\\u0061"` are the same key. Records of
    a JSON array file are checked too; JSON held in a string (a tool call's `arguments`) is text
    here, not checked.

    ## Why it matters
    JSON leaves duplicate keys undefined, and readers disagree: orjson and Python's `json` keep
    the last value, many other readers keep the first or reject the record. The same line then
    trains differently depending on who reads it, and what ftlint checked may not be what trains.

    ## Example
    `{"role": "assistant", "content": "draft", "content": "final answer"}`.

    ## Fix
    By hand: keep the value you mean and delete the other. ftlint cannot know which one that is.

    ## Options
    None.
    """

    code = "FL013"
    name = "duplicate-key"
    default_severity = Severity.ERROR
    every_line = True

    def check_line(self, line: Line) -> Iterable[Violation]:
        value = line.value
        if (value.__class__ is not dict and value.__class__ is not list) or not may_have_duplicates(line.raw, value):
            return ()
        return tuple(Violation(f"key `{key}` appears {_TIMES.get(times, f'{times} times')} in this object; readers "
                               "disagree on which value wins (orjson and Python keep the last, others the first "
                               "or reject the record): keep one", pointer=at)
                     for at, key, times in find_duplicates(line.raw))
