"""What every chat rule shares: it runs on chat records whose structure is valid."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Violation
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule

KNOWN_ROLES = ("system", "developer", "user", "assistant", "tool", "function")
INSTRUCTION_ROLES = ("system", "developer")


class ChatRule(RecordRule):
    """A record rule over `messages`; records with schema errors are left to the SC rules."""

    formats = frozenset({"chat"})
    when = "valid"

    def check_record(self, record: Record) -> Iterable[Violation]:
        view = record.view
        assert view is not None  # `when = "valid"`: the engine passes only validated records
        return self.check_messages(view["messages"], view)

    def check_messages(self, messages: list[dict[str, Any]], view: dict[str, Any]) -> Iterable[Violation]:
        raise NotImplementedError
