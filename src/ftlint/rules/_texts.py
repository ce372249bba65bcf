"""The strings of a record, each with where it is, and the base of rules that judge each string."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Violation, pointer
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule

Where = tuple[str | int, ...]


def strings(value: Any, where: Where = ()) -> list[tuple[Where, str]]:
    """Every string value in `value` (not the keys), depth first, with its path of keys and indexes."""
    found: list[tuple[Where, str]] = []
    _collect(value, where, found)
    return found


def _collect(value: Any, where: Where, found: list[tuple[Where, str]]) -> None:
    # A list filled by plain recursion, not nested generators: every record's strings are walked
    # by several rules, and a `yield from` per level cost more than the rest of the walk. A string
    # inside a container is taken in its parent's loop (most values are strings), saving a call.
    if isinstance(value, dict):
        items: Iterable[tuple[str | int, Any]] = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        if isinstance(value, str):
            found.append((where, value))
        return
    for key, item in items:
        if item.__class__ is str:
            found.append(((*where, key), item))
        elif isinstance(item, (dict, list, str)):
            _collect(item, (*where, key), found)


class TextRule(RecordRule):
    """A record rule that judges each string of a record on its own (`check_text`)."""

    def check_record(self, record: Record) -> Iterable[Violation]:
        found = []
        for where, text in strings(record.data):
            violation = self.check_text(text, pointer(*where))
            if violation is not None:
                found.append(violation)
        return found

    def check_text(self, text: str, at: str) -> Violation | None:
        """The violation of one string at pointer `at`, if any."""
        raise NotImplementedError
