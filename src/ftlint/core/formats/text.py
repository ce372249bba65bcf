"""Plain-text records for continued pre-training and TRL language modelling: `{"text": ...}`."""

from __future__ import annotations

from pydantic import with_config
from typing_extensions import TypedDict

from ftlint.core.formats._base import STRICT


@with_config(STRICT)
class TextRecord(TypedDict):
    text: str
