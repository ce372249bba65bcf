"""The strings of a record, each with where it is, and the base of rules that judge each string."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ftlint.core.findings import Violation, pointer
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule

Where = tuple[str | int, ...]


def strings(value: Any, where: Where = ()) -> Iterator[tuple[Where, str]]:
    """Every string value in `value` (not the keys), depth first, with its path of keys and indexes."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, (*where, index))


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
