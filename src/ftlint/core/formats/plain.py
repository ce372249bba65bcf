"""Plain records: the most common shape of a format, recognised without pydantic.

Almost every line of a real dataset is the simplest shape of its format (a chat record whose
messages have only a role and string content, a prompt and a completion that are strings). For
those, a few type checks on orjson's output prove what the format's typed view would prove, at
about a third of the cost of validating, and the record is its own typed view (a TypedDict is a
dict). Anything else (tools, content parts, null content, wrong types) is not plain and goes to
pydantic, which works out exactly what is wrong. A property test checks that every record these
predicates accept validates unchanged against the typed view.

A predicate returns False for a record that is not plain, and for a plain one either True or its
*shape*: a small hashable summary that, for the simplest records, holds everything that some rules
look at (`RecordRule.pure_on_shape`), so the engine runs those rules once per shape, not once per
record. A chat record's shape is its tuple of roles, given only when every message is exactly a
role and a content string that is not blank (it holds a character other than whitespace; it may
start or end with whitespace, as GSM8K's answers do). What a shape promises, and so all that a
pure rule may read of a shaped record: the roles in order; that there are no other keys in the
record or its messages (no tools, names, weights, images, content parts or null content); and that
every content is non-blank text. It promises nothing about the text itself, so the engine hands
those rules a stand-in record built from the shape alone (`stand_in`), never a real one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

from ftlint.core.records import Line, Record

_MESSAGE_KEYS = frozenset({"role", "content", "name", "weight"})


def plain_chat(record: dict[str, Any]) -> tuple[str, ...] | bool:
    """`{"messages": [...]}` where each message has string role/content/name and a numeric weight."""
    if len(record) != 1:
        return False
    messages = record.get("messages")
    if messages.__class__ is not list:
        return False
    roles: list[str] | None = []
    for message in messages:
        if message.__class__ is not dict:
            return False
        role, content = message.get("role"), message.get("content")
        if role.__class__ is not str or content.__class__ is not str:
            return False
        if len(message) > 2:
            if not _plain_extras(message):
                return False
            roles = None
        elif roles is not None:
            # Not blank: padding does not matter to any rule that is pure on a shape (CH004 reads
            # the stripped text, the rest read roles only), blank text does.
            if content and not content.isspace():
                roles.append(role)
            else:
                roles = None
    return tuple(roles) if roles is not None else True


def _plain_extras(message: dict[str, Any]) -> bool:
    if not _MESSAGE_KEYS.issuperset(message):
        return False
    if "name" in message and message["name"].__class__ is not str:
        return False
    # bool is an int subclass, but the strict typed view rejects it: compare classes exactly.
    return "weight" not in message or message["weight"].__class__ in (int, float)


def _plain_strings(*keys: str) -> Callable[[dict[str, Any]], object]:
    wanted = frozenset(keys)

    def plain(record: dict[str, Any]) -> bool:
        return record.keys() == wanted and all(record[key].__class__ is str for key in keys)

    plain.__doc__ = f"Exactly the keys {', '.join(keys)}, each a string."
    return plain


PLAIN_SHAPES: dict[str, Callable[[dict[str, Any]], object]] = {
    "chat": plain_chat,
    "prompt_completion": _plain_strings("prompt", "completion"),
    "text": _plain_strings("text"),
}


STAND_IN_TEXT = "x"  # the text of every message of a stand-in: not blank, and nothing else


def stand_in(record: Record) -> Record:
    """A record of the same format and shape as `record` that holds nothing else of it: what the
    engine shows a rule that is pure on shapes. Its messages each hold `STAND_IN_TEXT`; its line is
    the record's number, with no position in the file."""
    if record.format != "chat" or record.shape.__class__ is not tuple:
        raise ValueError(f"no stand-in for a {record.format} record of shape {record.shape!r}")
    value = {"messages": [{"role": role, "content": STAND_IN_TEXT} for role in record.shape]}
    line = Line(record.line.number, -1, orjson.dumps(value), b"\n")
    return Record(line, value, record.format, record.file_format, value, (), {}, record.shape, True)
