"""IM009 model-takes-no-images."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.core.models import known_models, provider_title, today, usable_models
from ftlint.core.option_types import Text
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule, RuleOptions, Target
from ftlint.core.tokens.hf import PROCESSOR_FILES, is_hf
from ftlint.rules.images._base import ImageRule, image_parts, may_hold_image


class ModelTakesNoImagesOptions(RuleOptions):
    image_column: Text = "images"
    """The record key of a list of images (LLaMA-Factory's `columns.images`), beside `image_url` parts."""


class ModelTakesNoImages(RecordRule):
    """The named model does not train on images, and the example holds one.

    ## What it does
    When a model is named (`--model`) that takes no images, reports each example holding an image
    (an `image_url` content part, or entries in LLaMA-Factory's `images` list), at its first image.
    A model takes images when its `rules/models.toml` entry has an `image-tokens` rule (OpenAI:
    gpt-4o-2024-08-06 and gpt-4.1-2025-04-14; open-weight: gemma-3), or, for a model's own folder
    (`--model PATH`), when that folder has an image processor (`processor_config.json` or
    `preprocessor_config.json`). With no model named it says nothing.

    ## Why it matters
    OpenAI's vision fine-tuning takes only its vision models: a job on gpt-4o-mini or gpt-4.1-mini
    with images fails. A text-only open-weight model has no image encoder: the trainer either
    stops on the example or trains on the text around a picture the model never sees.

    ## Example
    A chart-question dataset with `image_url` parts checked with `--model gpt-4.1-mini`.

    ## Fix
    Name a model that takes images (`--model gpt-4o-2024-08-06`), or remove the images.

    ## Options
    `image-column` (`images`): the record key of a list of images.
    """

    code = "IM009"
    name = "model-takes-no-images"
    default_severity = Severity.ERROR
    formats = ImageRule.formats | {"sharegpt", "alpaca"}  # the last two: images in LLaMA-Factory's list only
    when = "valid"
    Options = ModelTakesNoImagesOptions
    # A shaped record is a record of messages alone: no image part, no image list, nothing to report.
    pure_on_shape = True

    @classmethod
    def active(cls, target: Target) -> bool:
        # No model named: nothing says images are wrong (the counting falls back on gpt-4o's rule).
        return target.model_named and target.model.image_cost is None

    def check_record(self, record: Record) -> Iterable[Violation]:
        parts = image_parts(record) if record.format in ImageRule.formats and may_hold_image(record) else []
        column: str = self.options.image_column  # type: ignore[attr-defined]
        listed = record.data.get(column)
        # LLaMA-Factory reads a single path as a list of one.
        entries = len(listed) if isinstance(listed, list) else int(isinstance(listed, str) and bool(listed))
        count = len(parts) + entries
        if not count:
            return ()
        where = parts[0].part_pointer if parts else pointer(column, 0) if isinstance(listed, list) else pointer(column)
        holds = "an image" if count == 1 else f"{count} images"
        return (Violation(f"the example holds {holds}, but {self._verdict}", pointer=where),)

    @cached_property
    def _verdict(self) -> str:
        model = self.target.model
        if is_hf(model.encoding):
            return (f"{model.name} does not train on images: its folder has no {' or '.join(PROCESSOR_FILES)} "
                    "(a text-only model); name a vision model with --model, or remove the images")
        takers = [name for name in usable_models(model.provider or "", today())
                  if known_models()[name].image_cost is not None]
        if not takers:
            return f"{model.name} does not train on images; remove the images"
        names = " and ".join([", ".join(takers[:-1]), takers[-1]] if len(takers) > 1 else takers)
        whose = "OpenAI's vision fine-tuning takes" if model.provider == "openai" else \
            f"of the {provider_title(model.provider)} models ftlint knows, these take images:"
        return f"{model.name} does not train on images; {whose} {names} (name one with --model), or remove the images"
