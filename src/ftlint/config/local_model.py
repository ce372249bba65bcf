"""`--model PATH_OR_NAME` for a model with its own Hugging Face tokenizer: a local directory, or a hub
name in the local cache. Its limits come from the tokenizer, not from `rules/models.toml`; whether it
takes images, from its folder (an image processor's config)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path

from ftlint.config.model import ConfigError
from ftlint.core.images import REFERENCE_IMAGE_COST, ImageCost
from ftlint.core.models import ModelSpec
from ftlint.core.tokens.hf import HF_PREFIX, PROCESSOR_FILES, ModelLoadError, load_tokenizer

# A tokenizer's `model_max_length` is a huge sentinel (1e30) when the model's card set none.
_SANE_MAX_LENGTH = 10_000_000


def looks_local(name: str) -> bool:
    """Whether `--model` names something on disk (or meant to be): an existing directory or a path."""
    return os.path.isdir(name) or name.startswith((".", "/", "~")) or (os.sep in name and os.path.exists(name))


def hub_like(name: str) -> bool:
    """`owner/name`: what the Hugging Face hub calls a model."""
    return name.count("/") == 1 and not name.startswith((".", "/"))


def local_model_spec(name: str, fallback_max_tokens: int, known: ModelSpec | None = None) -> ModelSpec:
    """The spec of a model counted with its own tokenizer; a ConfigError (exit 2) when it is not on disk.

    `known` is the models.toml entry of a hub name ftlint knows (its limit and name are kept).
    """
    path = os.path.expanduser(name)
    try:
        tokenizer = load_tokenizer(path)
    except ModelLoadError as exc:
        raise ConfigError(str(exc)) from None
    length = getattr(tokenizer, "model_max_length", None)
    sane = isinstance(length, int) and 0 < length < _SANE_MAX_LENGTH
    max_tokens = known.max_tokens if known else (length if sane else fallback_max_tokens)
    return ModelSpec(
        name=known.name if known else name,
        encoding=f"{HF_PREFIX}{path}",
        max_tokens=max_tokens,  # type: ignore[arg-type]
        min_examples=known.min_examples if known else 1,
        price_per_1m=None,
        formats=known.formats if known else None,
        source=f"the tokenizer at {path}",
        # Stands for the tokenizer's files in the cache key: a changed tokenizer re-checks every file.
        read=_stamp(path),
        aliases=known.aliases if known else (),
        provider="open-weight",
        image_cost=local_image_cost(path, known),
    )


# Where a processor or model config says how many tokens stand for one image (Gemma 3, PaliGemma).
_PER_IMAGE_KEYS = {"processor_config.json": "image_seq_length", "preprocessor_config.json": "image_seq_length",
                   "config.json": "mm_tokens_per_image"}


def local_image_cost(path: str, known: ModelSpec | None = None) -> ImageCost | None:
    """How the model at `path` counts an image: None when its folder has no processor config (a text-only
    model); else the tokens per image its configs name, else its models.toml entry's rule, else gpt-4o's
    as an estimate."""
    files = {name: _model_file(path, name) for name in _PER_IMAGE_KEYS}
    if not any(files[name] for name in PROCESSOR_FILES):
        return None
    for name, key in _PER_IMAGE_KEYS.items():
        count = _number(files[name], key)
        if count:
            return ImageCost("fixed", per_image=count, source=f"{key} in {files[name]}")
    if known is not None and known.image_cost is not None:
        return known.image_cost
    return dataclasses.replace(REFERENCE_IMAGE_COST, source=f"{path} names no tokens per image: counted by "
                                                            "gpt-4o's rule, an estimate")


def _model_file(path: str, name: str) -> Path | None:
    folder = Path(path)
    if folder.is_dir():
        return folder / name if (folder / name).is_file() else None
    try:  # a hub name: its snapshot in the local cache (the tokenizer loaded, so huggingface_hub is installed)
        from huggingface_hub import try_to_load_from_cache
    except ImportError:
        return None
    found = try_to_load_from_cache(path, name)
    return Path(found) if isinstance(found, str) else None


def _number(file: Path | None, key: str) -> int | None:
    if file is None:
        return None
    try:
        value = json.loads(file.read_text(encoding="utf-8")).get(key)
    except (OSError, ValueError, AttributeError):
        return None  # an unreadable config names nothing
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _stamp(path: str) -> str:
    folder = Path(path)
    if not folder.is_dir():
        return ""  # a hub name: its cache folder holds immutable snapshots
    digest = hashlib.sha256()
    for item in sorted(folder.iterdir()):
        if item.is_file():
            stat = item.stat()
            digest.update(f"{item.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]
