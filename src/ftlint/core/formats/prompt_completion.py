"""Prompt/completion records (OpenAI legacy babbage-002/davinci-002, TRL)."""

from __future__ import annotations

from pydantic import with_config
from typing_extensions import TypedDict

from ftlint.core.formats._base import STRICT


@with_config(STRICT)
class PromptCompletionRecord(TypedDict):
    prompt: str
    completion: str
