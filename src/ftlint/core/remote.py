"""Files named by URL (`s3://`, `gs://`, `file://`, any fsspec protocol), read in place.

A `RemotePath` offers the few things the reading steps ask of a local `Path` (open for reading with
seeks, size, name), so sniffing, chunking and the chunk tasks read byte ranges of an object without
copying it: a task names the URL, and whichever machine runs it opens that range itself (Ray nodes
included). fsspec, and the protocol's own package (s3fs, gcsfs), load only when a URL is named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
# The package each protocol needs, for the message when it is missing.
_PACKAGES = {"s3": "s3fs", "s3a": "s3fs", "gs": "gcsfs", "gcs": "gcsfs", "az": "adlfs", "abfs": "adlfs"}


def is_url(name: str | Path) -> bool:
    return isinstance(name, str) and bool(_URL.match(name))


class RemoteError(OSError):
    """A URL that cannot be read: no package for its protocol, no credentials, no such object."""


def filesystem(url: str) -> tuple[Any, str]:
    """fsspec's filesystem for `url`, and the path within it."""
    protocol = url.split("://", 1)[0].lower()
    try:
        import fsspec.core
    except ImportError:
        raise RemoteError(f"{url}: reading a URL needs fsspec: pip install 'ftlint[s3]' (or gcsfs for gs://)") from None
    try:
        return fsspec.core.url_to_fs(url)
    except ImportError:
        package = _PACKAGES.get(protocol, f"the fsspec package for {protocol}://")
        raise RemoteError(f"{url}: reading {protocol}:// needs {package}: pip install {package}") from None
    except ValueError as problem:
        raise RemoteError(f"{url}: {problem}") from None


@dataclass(frozen=True)
class _Stat:
    st_size: int
    st_mtime_ns: int = 0


class RemotePath:
    """An object at a URL, read-only, with the part of `pathlib.Path` the reading steps use."""

    def __init__(self, url: str) -> None:
        self.url = url

    def __str__(self) -> str:
        return self.url

    def __repr__(self) -> str:
        return f"RemotePath({self.url!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RemotePath) and other.url == self.url

    def __hash__(self) -> int:
        return hash(self.url)

    @property
    def name(self) -> str:
        return self.url.rstrip("/").rsplit("/", 1)[-1]

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix

    def resolve(self) -> RemotePath:
        return self

    def is_file(self) -> bool:
        fs, path = filesystem(self.url)
        return bool(fs.isfile(path))

    def stat(self) -> _Stat:
        fs, path = filesystem(self.url)
        try:
            return _Stat(int(fs.size(path)))
        except FileNotFoundError:
            raise FileNotFoundError(2, "no such object", self.url) from None
        except OSError as problem:
            raise RemoteError(f"{self.url}: {problem}") from None

    def open(self, mode: str = "rb") -> IO[bytes]:
        if mode != "rb":
            raise RemoteError(f"{self.url}: ftlint reads URLs, it never writes to one")
        fs, path = filesystem(self.url)
        try:
            return fs.open(path, "rb")  # type: ignore[no-any-return]
        except FileNotFoundError:
            raise FileNotFoundError(2, "no such object", self.url) from None


def open_binary(path: str | Path | RemotePath) -> IO[bytes]:
    """A file for reading bytes, local or at a URL."""
    if isinstance(path, RemotePath):
        return path.open("rb")
    if is_url(path):
        return RemotePath(str(path)).open("rb")
    return open(path, "rb")


def list_url(url: str, suffixes: tuple[str, ...]) -> list[str]:
    """The objects a URL names: itself, what a glob matches, or a folder's files with `suffixes`, sorted."""
    fs, path = filesystem(url)
    protocol = url.split("://", 1)[0]
    try:
        if any(char in path for char in "*?["):
            found = [item for item in fs.glob(path) if fs.isfile(item)]
        elif fs.isdir(path):
            found = [item for item in fs.find(path) if item.endswith(suffixes)]
        elif fs.isfile(path):
            return [url]
        else:
            return []
    except OSError as problem:
        raise RemoteError(f"{url}: {problem}") from None
    return sorted(f"{protocol}://{item}" if "://" not in item else item for item in found)
