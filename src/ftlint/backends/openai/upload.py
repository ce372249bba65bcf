"""Put a training file on OpenAI: the Files API up to 512 MB, the Uploads API in 64 MB parts above that
(up to 8 GB); an identical file uploaded before (see `record`) is reused instead."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ftlint.backends.base import BackendError
from ftlint.backends.openai import record
from ftlint.backends.openai.client import provider_errors

MB = 1024 * 1024
FILES_API_LIMIT = 512 * MB
UPLOADS_API_LIMIT = 8 * 1024 * MB
PART_SIZE = 64 * MB
# Lets the tests send a small file through the Uploads API (and in several parts).
THRESHOLD_VARIABLE = "FTLINT_OPENAI_UPLOADS_ABOVE"
PART_VARIABLE = "FTLINT_OPENAI_PART_BYTES"


@dataclass(frozen=True)
class Uploaded:
    path: Path
    file_id: str
    reused: bool


def check_size(path: Path) -> int:
    """The file's size; over the Uploads API's 8 GB or not `.jsonl` is refused before anything is sent."""
    size = path.stat().st_size
    if path.suffix.lower() != ".jsonl":
        raise BackendError(f"{path}: OpenAI takes only .jsonl files for fine-tuning; `ftlint convert` writes one",
                           exit_code=2)
    if size > UPLOADS_API_LIMIT:
        raise BackendError(f"{path}: {size / MB:,.0f} MB is over OpenAI's 8 GB limit for one file", exit_code=2)
    return size


def upload(client: Any, path: Path) -> Uploaded:
    """The file's id on the server, uploading it unless an identical one is there already."""
    size = check_size(path)
    digest = record.sha256_of(path)
    base_url = str(client.base_url)
    if (known := record.recorded(base_url, digest)) and _still_there(client, known, path.name, size):
        return Uploaded(path, known, reused=True)
    threshold = int(os.environ.get(THRESHOLD_VARIABLE) or FILES_API_LIMIT)
    with provider_errors(client, f"uploading {path.name}"):
        if size <= threshold:
            with path.open("rb") as handle:
                file_id = client.files.create(file=(path.name, handle), purpose="fine-tune").id
        else:
            part = int(os.environ.get(PART_VARIABLE) or PART_SIZE)
            done = client.uploads.upload_file_chunked(file=path, mime_type="text/jsonl", purpose="fine-tune",
                                                      part_size=part)
            if done.file is None:
                raise BackendError(f"uploading {path.name}: the upload ended `{done.status}` without a file")
            file_id = done.file.id
    record.remember(base_url, digest, file_id)
    return Uploaded(path, file_id, reused=False)


def _still_there(client: Any, file_id: str, name: str, size: int) -> bool:
    import openai

    with provider_errors(client, "looking up an earlier upload"):
        try:
            found = client.files.retrieve(file_id)
        except openai.NotFoundError:
            return False  # deleted since, or another organisation's key: upload again
    return (found.filename == name and found.bytes == size and found.purpose == "fine-tune"
            and getattr(found, "status", None) not in ("error", "deleted"))
