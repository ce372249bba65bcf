"""Axolotl's template-free records: `{"segments": [{"label": bool, "text": str}, ...]}`.

The segments are joined as they are, with no template; `label` says whether a segment is trained on
(axolotl src/axolotl/prompt_strategies/input_output.py; docs/dataset-formats/template_free.qmd).
"""

from __future__ import annotations

from pydantic import with_config
from typing_extensions import TypedDict

from ftlint.core.formats._base import STRICT


@with_config(STRICT)
class Segment(TypedDict):
    label: bool  # a missing one is a KeyError in Axolotl; a string "false" would be trained on
    text: str


@with_config(STRICT)
class InputOutputRecord(TypedDict):
    segments: list[Segment]
