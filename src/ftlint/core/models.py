"""The models a dataset can be prepared for (`rules/models.toml`), and how a model name resolves."""

from __future__ import annotations

import datetime
import os
import tomllib
from dataclasses import dataclass, replace
from functools import cache

from ftlint.core.data import rules_data_dir
from ftlint.core.images import REFERENCE_IMAGE_COST, ImageCost

# Lets the tests (and anyone checking "what will ftlint say on that day") fix today's date.
TODAY_VARIABLE = "FTLINT_TODAY"


class UnknownModelError(ValueError):
    pass


@dataclass(frozen=True)
class StrictTurns:
    """A chat template that requires user and assistant turns to alternate after one optional leading
    system message, and raises otherwise: what it raises, and where that was read."""

    raises: str
    source: str
    refuses_system: str | None = None  # what it raises on any system message, for a template without one


@dataclass(frozen=True)
class ModelSpec:
    """A model's limits. `name` is empty for the stand-in a profile uses when no model is named."""

    name: str
    encoding: str
    max_tokens: int
    min_examples: int
    price_per_1m: float | None
    formats: tuple[str, ...] | None  # None: every format ftlint reads
    source: str
    read: str
    aliases: tuple[str, ...] = ()
    provider: str | None = None  # `openai`, `open-weight`, or None for a profile's stand-in
    retired: datetime.date | None = None
    jobs_until: datetime.date | None = None
    # How the model counts an image; None: it does not train on images (or, for a profile's stand-in,
    # no model is named: see `image_cost_for_counting`).
    image_cost: ImageCost | None = None
    # What the model's own chat template raises on roles out of turn (a late system message, two turns
    # from one role, an assistant first); None: its template takes any order.
    strict_turns: StrictTurns | None = None
    # Names under which the vendor's own API trains the model (`open-mistral-7b`): named so, the API's
    # validator decides, not the Hugging Face chat template (`resolve_model` drops `strict_turns`).
    api_aliases: tuple[str, ...] = ()

    def trains_on(self, record_format: str) -> bool:
        return self.formats is None or record_format in self.formats


def image_cost_for_counting(model: ModelSpec | None) -> ImageCost:
    """The rule to count images by: the model's own, else gpt-4o's (REFERENCE_IMAGE_COST) when no model
    is named or the named one takes no images (IM009 reports those; their tokens are still an estimate)."""
    return model.image_cost if model is not None and model.image_cost is not None else REFERENCE_IMAGE_COST


def provider_title(provider: str | None) -> str:
    """A provider as messages name it."""
    return {"openai": "OpenAI", "open-weight": "open-weight", None: "its provider's"}.get(provider, provider or "")


def today() -> datetime.date:
    """Today, or the date in FTLINT_TODAY (YYYY-MM-DD)."""
    given = os.environ.get(TODAY_VARIABLE)
    return datetime.date.fromisoformat(given) if given else datetime.date.today()


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
            formats=tuple(row["formats"]) if "formats" in row else None,
            source=row["source"],
            read=row["read"],
            aliases=tuple(row.get("aliases", ())),
            provider=row.get("provider"),
            retired=row.get("retired"),
            jobs_until=row.get("jobs-until"),
            image_cost=_image_cost(name, row),
            strict_turns=_strict_turns(name, row),
            api_aliases=tuple(row.get("api-aliases", ())),
        )
        for name, row in table.items()
    }


def _image_cost(name: str, row: dict[str, object]) -> ImageCost | None:
    table = row.get("image-tokens")
    if table is None:
        return None
    if not isinstance(table, dict) or not isinstance(row.get("image-source"), str):
        raise ValueError(f"models.toml: {name}: `image-tokens` is a table and needs an `image-source`")
    try:
        return ImageCost.from_table(table, str(row["image-source"]))
    except ValueError as exc:
        raise ValueError(f"models.toml: {name}: {exc}") from None


def _strict_turns(name: str, row: dict[str, object]) -> StrictTurns | None:
    raises, source = row.get("template-turns"), row.get("template-source")
    if raises is None:
        return None
    if not isinstance(raises, str) or not isinstance(source, str):
        raise ValueError(f"models.toml: {name}: `template-turns` is the template's message; it needs a "
                         "`template-source`")
    refuses = row.get("template-refuses-system")
    if refuses is not None and not isinstance(refuses, str):
        raise ValueError(f"models.toml: {name}: `template-refuses-system` is the template's message")
    return StrictTurns(raises, source, refuses)


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
        if base in spec.aliases or base.lower() in (alias.lower() for alias in spec.aliases):
            return spec
        if base.lower() in (alias.lower() for alias in spec.api_aliases):
            return replace(spec, strict_turns=None)
    choices = ", ".join(sorted(models))
    raise UnknownModelError(f"unknown model `{name}`; known models: {choices}")


def usable_models(provider: str, on: datetime.date) -> list[str]:
    """The provider's models that are neither retired nor past their last day for new jobs."""
    return sorted(
        spec.name for spec in known_models().values()
        if spec.provider == provider and not (spec.retired and spec.retired <= on)
        and not (spec.jobs_until and spec.jobs_until < on)
    )
