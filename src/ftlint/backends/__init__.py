"""Trainers that take a checked dataset: one module per backend, chosen by name.

A backend imports its heavy library (the `openai` SDK; torch and TRL) only when it is used, so
that `ftlint check` and the other offline commands never pay for it (or need it installed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ftlint.backends.errors import BackendError

if TYPE_CHECKING:
    from ftlint.backends.base import Backend

BACKENDS = ("openai", "local")


def get_backend(name: str, base_url: str | None = None) -> Backend:
    """The backend called `name`; one not built yet (or not installed) is a usage error."""
    if name == "openai":
        from ftlint.backends.openai import OpenAIBackend

        return OpenAIBackend(base_url)
    if name == "local":
        from ftlint.backends.local import LocalBackend

        return LocalBackend()
    raise BackendError(f"unknown backend `{name}`; known: {', '.join(BACKENDS)}", exit_code=2)
