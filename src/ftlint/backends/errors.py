"""The one error a backend raises, apart from the rest of `base` so that the CLI can catch it on every run
without loading the backends' types."""

from __future__ import annotations


class BackendError(Exception):
    """A refusal worth one line: the provider's own message, or what the user must change.

    `exit_code` 1: the provider refused the data or the job failed; 2: usage, credentials or connection.
    """

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code
