"""What every chat rule shares: it runs on chat records whose structure is valid, and sees their facts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ftlint.core.findings import Violation
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule

KNOWN_ROLES = ("system", "developer", "user", "assistant", "tool", "function")
KNOWN_ROLE_SET = frozenset(KNOWN_ROLES)
INSTRUCTION_ROLES = frozenset({"system", "developer"})


@dataclass(frozen=True, slots=True)
class ChatFacts:
    """What every chat rule asks of a record, worked out in one pass and shared through its memo.

    Most records are plain text turns, so `all_text` and `weighted` let a rule settle them without
    walking the messages again. `all_text` holds for every record with a shape (see
    `ftlint.core.formats.plain`) and for some others (a `name`, a `weight`).
    """

    roles: list[str]
    all_text: bool  # every content is a string that is not blank (leading whitespace allowed)
    weighted: bool  # some message has a `weight`

    @classmethod
    def of(cls, messages: list[dict[str, Any]]) -> ChatFacts:
        roles, all_text, weighted = [], True, False
        for message in messages:
            roles.append(message["role"])
            content = message.get("content")
            if all_text and not (content.__class__ is str and content and not content.isspace()):
                all_text = False
            if "weight" in message:
                weighted = True
        return cls(roles, all_text, weighted)


class ChatRule(RecordRule):
    """A record rule over `messages`; records with schema errors are left to the SC rules."""

    formats = frozenset({"chat", "rft"})  # RFT records are chat messages too (minus the assistant's turn)
    when = "valid"
    # Not pure on a shape unless a rule says so itself (`RecordRule.pure_on_shape`): a chat rule that
    # reads the text must see every record.

    def check_record(self, record: Record) -> Iterable[Violation]:
        messages = record.view["messages"]  # type: ignore[index]  # `when = "valid"`: never None here
        facts = record.memo.get("chat")
        if facts is None:
            facts = record.memo["chat"] = ChatFacts.of(messages)
        return self.check_messages(messages, facts)

    def check_messages(self, messages: list[dict[str, Any]], facts: ChatFacts) -> Iterable[Violation]:
        raise NotImplementedError
