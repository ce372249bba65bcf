"""The models a dataset can be prepared for (`rules/models.toml`), and how a model name resolves."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache

from ftlint.core.data import rules_data_dir


class UnknownModelError(ValueError):
    pass


@dataclass(frozen=True)
class ModelSpec:
    name: str
    encoding: str
    max_tokens: int
    min_examples: int
    price_per_1m: float | None
    formats: tuple[str, ...]
    source: str
    read: str
    aliases: tuple[str, ...] = ()


@cache
def known_models() -> dict[str, ModelSpec]:
    """Every model in `rules/models.toml`, by its full name."""
    with (rules_data_dir() / "models.toml").open("rb") as handle:
        table = tomllib.load(handle)["models"]
    return {
        name: ModelSpec(
            name=name,
            encoding=row["encoding"],
            max_tokens=row["max-tokens"],
            min_examples=row["min-examples"],
            price_per_1m=row.get("price-per-1m"),
            formats=tuple(row["formats"]),
            source=row["source"],
            read=row["read"],
            aliases=tuple(row.get("aliases", ())),
        )
        for name, row in table.items()
    }


def resolve_model(name: str) -> ModelSpec:
    """Find a model by name, alias, or fine-tuned name (`ft:BASE:org:suffix:id` resolves to BASE).

    tiktoken's own prefix table maps `ft:gpt-4.1...` to cl100k_base because `ft:gpt-4` matches
    first; resolving the base model here avoids that.
    """
    base = name.split(":")[1] if name.startswith("ft:") and name.count(":") >= 1 else name
    models = known_models()
    if base in models:
        return models[base]
    for spec in models.values():
        if base in spec.aliases:
            return spec
    choices = ", ".join(sorted(models))
    raise UnknownModelError(f"unknown model `{name}`; known models: {choices}")
