"""What a fix changes, as data: edits to one record, to every record of a file, or to the file's bytes.

Rules build edits; the fixer (`ftlint.core.fixer`) applies them. An edit names the place it
changes by a JSON pointer, where the token `-1` means the last element of a list (the label of
a chat record is its last message). An edit whose place is gone by the time it is applied does
nothing, and the fixer's next pass sees what is left.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


class FileChange(enum.Enum):
    """Changes to a whole file's bytes, made while it is rewritten."""

    STRIP_BOM = "strip-bom"  # write UTF-8 without a byte order mark
    TO_UTF8 = "to-utf8"  # write UTF-8 whatever the input encoding
    LF_LINE_ENDS = "lf-line-ends"  # end every line with LF
    TO_JSONL = "to-jsonl"  # write a JSON array or document as one record per line


@dataclass(frozen=True)
class RewriteFile:
    change: FileChange


@dataclass(frozen=True)
class DeleteLine:
    """Drop the finding's physical line; `reject` keeps it in the rejects file with `reason`."""

    reason: str
    reject: bool = True


@dataclass(frozen=True)
class SetValue:
    """Set the value at `pointer` (when `only_if` is given, only where the current value equals it)."""

    pointer: str
    value: Any
    only_if: Any = None


@dataclass(frozen=True)
class EditText:
    """Change the string at `pointer`: strip a prefix, then add text before and after."""

    pointer: str
    prepend: str = ""
    append: str = ""
    strip_prefix: str = ""


@dataclass(frozen=True)
class ReplaceRecord:
    """Replace the whole record (a conversion that touches many places at once)."""

    value: dict[str, Any]


RecordEdit = SetValue | EditText | ReplaceRecord
Edit = RewriteFile | DeleteLine | SetValue | EditText | ReplaceRecord


def apply_record_edit(record: dict[str, Any], edit: RecordEdit) -> bool:
    """Apply one edit to a parsed record in place; False when its place is missing or not as expected."""
    if isinstance(edit, ReplaceRecord):
        if record == edit.value:
            return False
        record.clear()
        record.update(edit.value)
        return True
    *parents, last = _tokens(edit.pointer)
    container: Any = record
    for token in parents:
        container = _child(container, token)
        if container is None:
            return False
    key = _key(container, last)
    if key is None:
        return False
    current = container[key]
    if isinstance(edit, SetValue):
        if edit.only_if is not None and current != edit.only_if:
            return False
        container[key] = edit.value
        return True
    if not isinstance(current, str) or not current.startswith(edit.strip_prefix):
        return False
    container[key] = edit.prepend + current[len(edit.strip_prefix):] + edit.append
    return True


def resolve_pointer(document: Any, pointer: str) -> tuple[bool, Any]:
    """(True, the value at `pointer`) or (False, None) when there is nothing there."""
    value = document
    for token in _tokens(pointer):
        key = _key(value, token)
        if key is None:
            return False, None
        value = value[key]
    return True, value


def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def _key(container: Any, token: str) -> Any:
    if isinstance(container, dict):
        return token if token in container else None
    if isinstance(container, list) and container:
        index = len(container) - 1 if token == "-1" else int(token) if token.isdigit() else None
        return index if index is not None and index < len(container) else None
    return None


def _child(container: Any, token: str) -> Any:
    key = _key(container, token)
    return None if key is None else container[key]
