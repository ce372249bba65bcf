"""Which local files were uploaded already: sha256 of the content -> file id, per API base URL.

Kept in `$XDG_CACHE_HOME/ftlint/uploads.json` (default `~/.cache/ftlint/uploads.json`). A recorded id is
reused only after the server confirms the file is still there with the same name, size and purpose;
a file of the same name and size without a record is uploaded again, since equal sizes are no proof
of equal content.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

import orjson


def record_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ftlint" / "uploads.json"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read() -> dict[str, dict[str, str]]:
    try:
        data = orjson.loads(record_path().read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}  # no record yet, or a damaged one: files are uploaded again, nothing worse
    return data if isinstance(data, dict) else {}


def recorded(base_url: str, digest: str) -> str | None:
    entry = _read().get(base_url, {})
    found = entry.get(digest) if isinstance(entry, dict) else None
    return found if isinstance(found, str) else None


def remember(base_url: str, digest: str, file_id: str) -> None:
    data = _read()
    data.setdefault(base_url, {})[digest] = file_id
    path = record_path()
    # Best effort: a cache that cannot be written costs a re-upload next time, not this run.
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch = path.with_suffix(f".{os.getpid()}.tmp")
        scratch.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        scratch.replace(path)
