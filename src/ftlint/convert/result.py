"""What a conversion returns: the new record with notes on what changed, or a rejection with its reason."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Converted:
    record: dict[str, Any]
    # Lossy but allowed changes (a dropped `weight`, generated tool-call ids), in user-facing words.
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rejected:
    reason: str  # user-facing: says what in the record cannot be carried, and where


class Reject(Exception):
    """Raised by readers and writers deep in a record; `convert` turns it into `Rejected`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Notes(list[str]):
    """The notes of one conversion, in order, each once."""

    def add(self, note: str) -> None:
        if note not in self:
            self.append(note)
