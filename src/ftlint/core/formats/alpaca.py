"""Alpaca instruction records: `{"instruction", "input"?, "output", "system"?, "history"?}`."""

from __future__ import annotations

from typing import NotRequired

from pydantic import with_config
from typing_extensions import TypedDict

from ftlint.core.formats._base import STRICT


@with_config(STRICT)
class AlpacaRecord(TypedDict):
    instruction: str
    input: NotRequired[str]
    output: str
    system: NotRequired[str]
    history: NotRequired[list[list[str]]]
