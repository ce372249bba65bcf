"""What every chat rule shares: it runs on chat records whose structure is valid."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Violation
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule

KNOWN_ROLES = ("system", "developer", "user", "assistant", "tool", "function")
KNOWN_ROLE_SET = frozenset(KNOWN_ROLES)
INSTRUCTION_ROLES = frozenset({"system", "developer"})


class ChatRule(RecordRule):
    """A record rule over `messages`; records with schema errors are left to the SC rules."""

    formats = frozenset({"chat"})
    when = "valid"

    def check_record(self, record: Record) -> Iterable[Violation]:
        messages = record.view["messages"]  # type: ignore[index]  # `when = "valid"`: never None here
        roles = record.memo.get("roles")
        if roles is None:  # every chat rule looks at the roles: list them once per record
            roles = record.memo["roles"] = [message["role"] for message in messages]
        return self.check_messages(messages, roles)

    def check_messages(self, messages: list[dict[str, Any]], roles: list[str]) -> Iterable[Violation]:
        raise NotImplementedError
