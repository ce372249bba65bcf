"""ShareGPT conversations: `{"conversations": [{"from", "value"}], "system"?, "tools"?}`."""

from __future__ import annotations

from typing import NotRequired

from pydantic import with_config
from typing_extensions import TypedDict

from ftlint.core.formats._base import STRICT

# `from` is a Python keyword, so this TypedDict needs the functional syntax.
ShareGptTurn = with_config(STRICT)(
    TypedDict("ShareGptTurn", {"from": str, "value": str, "weight": NotRequired[int | float]})
)


@with_config(STRICT)
class ShareGptRecord(TypedDict):
    conversations: list[ShareGptTurn]  # type: ignore[valid-type]
    system: NotRequired[str]
    tools: NotRequired[str]
    # LLaMA-Factory's preference variant: the preferred and rejected final turns.
    chosen: NotRequired[ShareGptTurn]  # type: ignore[valid-type]
    rejected: NotRequired[ShareGptTurn]  # type: ignore[valid-type]
