"""A backend for a command that talks to the provider without checking data (`upload`, `jobs`): got by
name, with what holds whenever it is used said first (OpenAI's wind-down)."""

from __future__ import annotations

import sys

from ftlint.backends import get_backend
from ftlint.backends.base import Backend
from ftlint.config.selection import openai_notices


def use_backend(name: str, base_url: str | None) -> Backend:
    backend = get_backend(name, base_url)
    if backend.name == "openai":
        for notice in openai_notices():
            sys.stderr.write(f"ftlint: note: {notice}\n")
    return backend
