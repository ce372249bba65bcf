"""Whether TRL has a training version of a model's chat template, read from TRL's own files.

TRL (1.16 and later) keeps each chat template it can mask as `X.jinja` beside `X_training.jinja`
(`trl/chat_templates/`) and, for assistant-only loss, swaps the training one in when a tokenizer's
template equals `X.jinja` (`trl.chat_template_utils.get_training_chat_template`). Importing TRL
loads torch (seconds); reading those files does not: the package is found, never imported.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

_SUFFIX = "_training.jinja"


@cache
def _known_templates() -> dict[str, str] | None:
    """TRL's templates that have a training version, by text, with their names; None without TRL."""
    spec = importlib.util.find_spec("trl")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "chat_templates"
    known: dict[str, str] = {}
    for training in sorted(folder.glob(f"*{_SUFFIX}")):
        name = training.name.removesuffix(_SUFFIX)
        stock = folder / f"{name}.jinja"
        if stock.is_file():
            known[stock.read_text(encoding="utf-8")] = name
    return known


def trl_training_template(template: str | dict[str, str] | None) -> str | None:
    """The name of TRL's training version of `template` (`qwen3`, `llama3`, ...), or "" when TRL has none;
    None when TRL is not installed here, so nobody can tell."""
    known = _known_templates()
    if known is None:
        return None
    text = template.get("default", "") if isinstance(template, dict) else (template or "")
    return known.get(text, "")
