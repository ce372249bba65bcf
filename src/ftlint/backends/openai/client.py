"""The SDK client: the key from the environment, an optional base URL (Azure OpenAI, a proxy, a test
server), and the provider's refusals turned into one-line `BackendError`s that never show the key."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

from ftlint.backends.base import BackendError

INSTALL_HINT = "the OpenAI backend needs the `openai` package: pip install 'ftlint[openai]'"


def _is_azure(base_url: str | None) -> bool:
    host = urlparse(base_url or "").hostname or ""
    return host.endswith((".openai.azure.com", ".cognitiveservices.azure.com", ".services.ai.azure.com"))


def api_key(base_url: str | None) -> str:
    """The key from the environment: AZURE_OPENAI_API_KEY first for an Azure endpoint, else OPENAI_API_KEY."""
    names = ("AZURE_OPENAI_API_KEY", "OPENAI_API_KEY") if _is_azure(base_url) else ("OPENAI_API_KEY",)
    for name in names:
        if value := os.environ.get(name, "").strip():
            return value
    raise BackendError(f"no API key: set {' or '.join(names)} in the environment (ftlint never takes a key "
                       "on the command line, where it would end up in the shell's history)", exit_code=2)


def make_client(base_url: str | None) -> Any:
    """An `openai.OpenAI` client. Azure OpenAI's v1 endpoint (https://NAME.openai.azure.com/openai/v1/)
    takes the same client and calls, with its own key."""
    try:
        import openai
    except ImportError:
        raise BackendError(INSTALL_HINT, exit_code=2) from None
    return openai.OpenAI(api_key=api_key(base_url), base_url=base_url or os.environ.get("OPENAI_BASE_URL") or None)


def _hide(text: str, secret: str) -> str:
    # A server may quote the key it was given (OpenAI quotes a masked one; a proxy may not).
    return text.replace(secret, "***") if secret else text


def provider_message(exc: Any) -> str:
    """The provider's own words from an `APIStatusError`: the `message` of its error body."""
    # The SDK hands over the body's `error` object (or the whole body when it has none).
    body = getattr(exc, "body", None)
    if isinstance(body, dict) and isinstance(body.get("message"), str) and body["message"]:
        return body["message"]
    return str(getattr(exc, "message", "") or exc)


@contextlib.contextmanager
def provider_errors(client: Any, doing: str) -> Iterator[None]:
    """Turn the SDK's exceptions into `BackendError`: 401/403 and connection failures exit 2, the
    provider's refusals (400, 404, 409, 422, 429, 5xx) exit 1 with its message."""
    import openai

    secret = str(getattr(client, "api_key", "") or "")
    try:
        yield
    except openai.APIStatusError as exc:
        status = exc.status_code
        code = 2 if status in (401, 403) else 1
        what = {401: "the API key was refused", 403: "not allowed"}.get(status, f"{doing} was refused")
        raise BackendError(_hide(f"{what} (HTTP {status}): {provider_message(exc)}", secret), code) from None
    except openai.APIConnectionError as exc:
        where = str(getattr(client, "base_url", "")) or "the API"
        raise BackendError(_hide(f"{doing}: could not reach {where}: {exc}", secret), exit_code=2) from None
    except openai.OpenAIError as exc:
        raise BackendError(_hide(f"{doing}: {exc}", secret), exit_code=2) from None
