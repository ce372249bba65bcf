"""The result cache: what a check found in a file, kept for the next check of the same bytes.

A check of an unchanged file under the same settings repeats work whose answer is known: each file's
record findings, its record count and its rows of the feature table are kept in one entry, so a second
run reads them instead of the file's records. Dataset rules (duplicates, balance, leakage) still run
over the whole feature table, so they see every file of the run, cached or not.

An entry is found by the file's name as shown and the run's key, and used only when its content hash
still matches the file's bytes. The run's key covers everything else a finding depends on: ftlint's
version and code (the stamp of its files, so an edited checkout does not reuse stale answers), the
rules with their options and severities, the target, the forced input format and the feature columns.
The per-file ignores are applied after the cache, so they are not part of it.

Layout: `DIR/CACHEDIR.TAG` and `DIR/.gitignore` (so backup tools and git leave it alone), then
`DIR/<version>/<entry>.json`, with the feature rows of a large file beside it in Arrow IPC. Entries
are written atomically (a temporary file renamed), so concurrent runs never read half an entry, and an
entry that cannot be read or decoded is a miss, never an error.
"""

from __future__ import annotations

import dataclasses
import enum
import os
import sys
import tempfile
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

import orjson
import xxhash

from ftlint import __version__
from ftlint.core.data import rules_data_dir
from ftlint.core.engine.cache_codec import UndecodableEntry, decode_finding, encode_finding
from ftlint.core.engine.pack import RulePack
from ftlint.core.findings import Finding
from ftlint.core.sources import STDIN_DISPLAY, InputFile

if TYPE_CHECKING:
    import polars as pl

CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                "# This file is a cache directory tag created by ftlint.\n"
                "# For information about cache directory tags, see https://bford.info/cachedir/\n")
ENTRY_FORMAT = 4  # 2: fixes as lists; 3: rows beside the entry, dataset entries; 4: findings' column
# Entries kept per file: a few settings in turn (a pre-commit hook's and CI's) each keep theirs, and a
# file checked under ever new settings (a checkout being edited) does not fill the disk.
ENTRIES_PER_FILE = 4
# Dataset findings kept for this many lists of files (the newest), each under each settings' key.
DATASET_ENTRIES = 16
_READ_BLOCK = 1 << 20


# A file's feature rows: Python columns while the table is small, a polars frame once it is large.
FeatureRows = Union[dict[str, list[Any]], "pl.DataFrame"]


@dataclass(frozen=True)
class CachedFile:
    """What a check found in one file, before the per-file ignores."""

    records: int
    format: str | None
    findings: list[Finding]
    # The file's feature rows (`line` absolute, no `file` column), read only when asked for: a run whose
    # dataset findings are cached too needs none of them.
    rows: Callable[[], FeatureRows | None]


class ResultCache:
    """The cache folder; `for_run` binds it to one run's settings."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def for_run(self, pack: RulePack, forced_format: str | None, feature_names: list[str]) -> RunCache:
        key = run_key(pack, forced_format, feature_names)
        return RunCache(self.directory, self.directory / _safe(__version__), key, feature_names)


class RunCache:
    """Entries of one run's key: looked up before a file is read, stored once its results are known."""

    def __init__(self, root: Path, folder: Path, key: str, feature_names: list[str]) -> None:
        self._root, self._folder, self._key = root, folder, key
        self._feature_names = sorted(feature_names)
        self._content: dict[str, str] = {}  # display name -> content hash when looked up

    def lookup(self, item: InputFile) -> CachedFile | None:
        """The file's cached results, or None (not cached, changed, or an entry that does not read)."""
        if item.display == STDIN_DISPLAY:
            return None
        try:
            content = content_hash(item.path)
        except OSError:
            return None  # reported by the check that follows, as any unreadable input
        self._content[item.display] = content
        try:
            entry = orjson.loads((self._folder / f"{self._name(item)}.json").read_bytes())
            if entry.get("format_version") != ENTRY_FORMAT or entry["key"] != self._key or entry["content"] != content:
                return None
            stored = entry["features"]
            return CachedFile(entry["records"], entry["format"], [decode_finding(f) for f in entry["findings"]],
                              lambda: self._read_features(stored))
        except (OSError, orjson.JSONDecodeError, KeyError, TypeError, AttributeError, UndecodableEntry):
            return None

    def store(self, item: InputFile, result: CachedFile) -> bool:
        """Keep `result` for the file, if its bytes are still those looked up (a file rewritten during the
        run is not cached: the results may be of either version). A cache that cannot be written is skipped.
        Whether it was kept."""
        looked = self._content.get(item.display)
        try:
            if looked is None or content_hash(item.path) != looked:
                return False
            self._prepare_folder()
            name = self._name(item)
            features = self._write_features(name, looked, result.rows())
            entry = {"format_version": ENTRY_FORMAT, "key": self._key, "content": looked, "records": result.records,
                     "format": result.format, "findings": [encode_finding(f) for f in result.findings],
                     "features": features}
            _write_atomically(self._folder / f"{name}.json", orjson.dumps(entry))
            self._prune(name, features)
            return True
        except (OSError, TypeError, orjson.JSONEncodeError):
            return False  # a read-only folder, a full disk, a value JSON cannot hold: the next run checks again

    def dataset_findings(self, inputs: list[InputFile]) -> list[Finding] | None:
        """The dataset rules' findings of the last run over these very files (names, order and bytes), or
        None. Asked only once every file was found in the cache."""
        try:
            entry = orjson.loads((self._folder / f"{self._dataset_name(inputs)}.json").read_bytes())
            if (entry.get("format_version") != ENTRY_FORMAT or entry["key"] != self._key
                    or entry["contents"] != [self._content.get(item.display) for item in inputs]):
                return None
            return [decode_finding(f) for f in entry["findings"]]
        except (OSError, orjson.JSONDecodeError, KeyError, TypeError, AttributeError, UndecodableEntry):
            return None

    def store_dataset(self, inputs: list[InputFile], findings: list[Finding]) -> None:
        """Keep the dataset rules' findings over these files (each of which is in the cache as read)."""
        contents = [self._content.get(item.display) for item in inputs]
        if None in contents:
            return
        entry = {"format_version": ENTRY_FORMAT, "key": self._key, "contents": contents,
                 "findings": [encode_finding(f) for f in findings]}
        with suppress(OSError, TypeError, orjson.JSONEncodeError):
            self._prepare_folder()
            _write_atomically(self._folder / f"{self._dataset_name(inputs)}.json", orjson.dumps(entry))
            runs = sorted(self._folder.glob("dataset.*.json"), key=_modified, reverse=True)
            for old in runs[DATASET_ENTRIES:]:
                old.unlink(missing_ok=True)

    def _dataset_name(self, inputs: list[InputFile]) -> str:
        # One entry per list of names and key: a run over other files, or in another order, has its own.
        names = "\0".join(item.display for item in inputs)
        return f"dataset.{xxhash.xxh3_64_hexdigest(names.encode('utf-8', 'surrogatepass'))}.{self._key[:16]}"

    def _name(self, item: InputFile) -> str:
        """`FILE.KEY`: the hash of the name as shown, then of the run's key."""
        file = xxhash.xxh3_64_hexdigest(item.display.encode("utf-8", "surrogatepass"))
        return f"{file}.{self._key[:16]}"

    def _prune(self, name: str, features: dict[str, Any] | None) -> None:
        """Remove what the entry just written replaces: its older feature files, and the file's entries
        of other settings beyond the newest few."""
        kept = set((features or {}).values())
        for side in _side_files(self._folder, name):
            if side.name not in kept:
                side.unlink(missing_ok=True)
        file = name.split(".")[0]
        entries = sorted(self._folder.glob(f"{file}.*.json"), key=_modified, reverse=True)
        for old in entries[ENTRIES_PER_FILE:]:
            for side in _side_files(self._folder, old.stem):
                side.unlink(missing_ok=True)
            old.unlink(missing_ok=True)

    def _prepare_folder(self) -> None:
        if not (self._root / "CACHEDIR.TAG").exists():
            self._root.mkdir(parents=True, exist_ok=True)
            _write_atomically(self._root / ".gitignore", b"# Created by ftlint: a cache, never committed.\n*\n")
            _write_atomically(self._root / "CACHEDIR.TAG", CACHEDIR_TAG.encode())
        self._folder.mkdir(exist_ok=True)

    def _write_features(self, name: str, content: str, rows: Any) -> dict[str, Any] | None:
        if rows is None:
            return None
        if isinstance(rows, dict):
            # Beside the entry, not in it: read only by a run that needs the rows.
            side = f"{name}.{content[:16]}.rows"
            _write_atomically(self._folder / side, orjson.dumps(rows))
            return {"columns": side}
        # A large file's rows stay in Arrow: as Python lists they would cost far more memory than the table.
        arrow = f"{name}.{content[:16]}.arrow"
        with tempfile.NamedTemporaryFile(dir=self._folder, prefix=f".{arrow}.", suffix=".tmp", delete=False) as out:
            temp = Path(out.name)
        try:
            rows.write_ipc(temp)
            os.replace(temp, self._folder / arrow)
        finally:
            temp.unlink(missing_ok=True)
        return {"arrow": arrow}

    def _read_features(self, stored: dict[str, Any] | None) -> dict[str, list[Any]] | pl.DataFrame | None:
        if stored is None:
            return None
        if "columns" in stored:
            columns = orjson.loads((self._folder / Path(stored["columns"]).name).read_bytes())
            names = sorted(columns)
        else:
            import polars as pl

            arrow = self._folder / Path(stored["arrow"]).name  # a name, never a path out of the folder
            columns = pl.read_ipc(arrow)
            names = sorted(columns.columns)
        if names != sorted(["line", "format", "bytes", "crlf", *self._feature_names]):
            raise UndecodableEntry("the entry's feature columns are not this run's")
        return columns


def content_hash(path: Path) -> str:
    """A 128-bit hash of the file's bytes (xxh3: gigabytes a second, so hashing costs little next to reading)."""
    digest = xxhash.xxh3_128()
    with open(path, "rb") as stream:
        while block := stream.read(_READ_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def run_key(pack: RulePack, forced_format: str | None, feature_names: list[str]) -> str:
    """Everything a file's findings depend on besides its bytes and name, as one hash."""
    rules = sorted(([f"{type(rule).__module__}.{type(rule).__qualname__}", canonical(rule.options)]
                    for rule in pack.rules), key=repr)
    target = pack.rules[0].target if pack.rules else None
    described = [ENTRY_FORMAT, __version__, code_stamp(tuple(sorted({type(rule).__module__ for rule in pack.rules}))),
                 rules, canonical(pack.severities), canonical(pack.extra_features), list(pack.notes),
                 canonical(target), forced_format, sorted(feature_names)]
    return xxhash.xxh3_128_hexdigest(orjson.dumps(described))


@cache
def code_stamp(rule_modules: tuple[str, ...]) -> str:
    """The sizes and times of ftlint's own files and data, and of any rule module from elsewhere (a
    plugin): an edited checkout or plugin invalidates the cache though the version is the same."""
    package = Path(__file__).resolve().parents[2]
    # An installed wheel changes only with its version: its files need no walk (~30 ms a run).
    installed = package.parent.name in ("site-packages", "dist-packages")
    roots = [] if installed else [package, rules_data_dir()]
    files = [Path(getattr(sys.modules.get(name), "__file__", None) or "") for name in rule_modules
             if not name.startswith("ftlint.")]
    stamps = []
    for root in roots:
        for folder, dirs, names in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                if not name.endswith((".pyc", ".tmp")):
                    stamps.append(_stamp(Path(folder, name)))
    stamps.extend(_stamp(path) for path in files if path.name)
    return xxhash.xxh3_64_hexdigest(orjson.dumps(stamps))


def _side_files(folder: Path, name: str) -> list[Path]:
    """The feature files beside entry `name` (`NAME.CONTENT.rows` or `.arrow`)."""
    return [*folder.glob(f"{name}.*.rows"), *folder.glob(f"{name}.*.arrow")]


def _modified(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _stamp(path: Path) -> list[Any]:
    try:
        status = path.stat()
    except OSError:
        return [str(path)]
    return [str(path), status.st_size, status.st_mtime_ns]


def canonical(value: Any) -> Any:
    """`value` as JSON values that do not depend on the process (sets sorted, objects by their fields), so
    that two runs with the same settings compute the same key."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, enum.Enum):
        return f"{type(value).__qualname__}.{value.name}"
    if isinstance(value, Mapping):
        return sorted(([canonical(k), canonical(v)] for k, v in value.items()), key=repr)
    if isinstance(value, (set, frozenset)):
        return sorted((canonical(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__qualname__,
                [[f.name, canonical(getattr(value, f.name))] for f in dataclasses.fields(value)]]
    if hasattr(value, "model_dump"):
        return [type(value).__qualname__, canonical(value.model_dump())]
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}"
    if hasattr(value, "pattern"):  # a compiled pattern
        return f"pattern:{value.pattern}"
    return f"{type(value).__qualname__}:{value!r}"


def _safe(version: str) -> str:
    return "".join(c if c.isalnum() or c in ".-_" else "_" for c in version)


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
