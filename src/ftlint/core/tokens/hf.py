"""A model's own tokenizer and chat template (Hugging Face), loaded from disk only, once per process.

An encoding named `hf:<path or hub name>` is counted by applying the model's chat template, as a
trainer such as TRL's SFTTrainer does, instead of OpenAI's accounting. transformers is imported
only here, and only when such an encoding is used: a plain `ftlint check` never pays for it.
Nothing is downloaded: the hub is switched off and `local_files_only=True` is passed, so a model
that is neither a local directory nor in the local Hugging Face cache is an error, not a fetch.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

HF_PREFIX = "hf:"
# A model that reads images ships its image processor's settings in one of these (transformers'
# AutoProcessor reads them); a text-only model has neither.
PROCESSOR_FILES = ("processor_config.json", "preprocessor_config.json")
# `{% generation %}` (or `{%- generation -%}`) marks the assistant text a template can mask.
_GENERATION = re.compile(r"{%-?\s*generation\s*-?%}")

# One tokenizer per path per process: the rules run in forked workers, each loads it at most once
# (or inherits the driver's), and nothing heavy travels with a task.
_TOKENIZERS: dict[str, Any] = {}


class ModelLoadError(ValueError):
    """The model's tokenizer cannot be loaded: not on disk, or the `local` extra is missing."""


def is_hf(encoding: str) -> bool:
    return encoding.startswith(HF_PREFIX)


def hf_path(encoding: str) -> str:
    return encoding.removeprefix(HF_PREFIX)


def load_tokenizer(path: str) -> Any:
    """The tokenizer of the model at `path` (a directory, or a hub name in the local cache)."""
    tokenizer = _TOKENIZERS.get(path)
    if tokenizer is not None:
        return tokenizer
    os.environ["HF_HUB_OFFLINE"] = "1"  # belt and braces with local_files_only: never a request
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")  # "PyTorch was not found": not needed here
    try:
        from transformers import AutoTokenizer
    except ImportError:
        raise ModelLoadError("checking against a model's tokenizer needs the `local` extra: "
                             "pip install 'ftlint[local]'") from None
    try:
        tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    except (OSError, ValueError) as exc:
        raise ModelLoadError(not_found(path, exc)) from None
    _TOKENIZERS[path] = tokenizer
    return tokenizer


def not_found(path: str, exc: BaseException | None = None) -> str:
    why = f" ({str(exc).splitlines()[0]})" if exc and os.path.isdir(path) else ""
    return (f"no tokenizer for model `{path}`: it is neither a local directory with a Hugging Face tokenizer "
            f"nor a model in the local Hugging Face cache{why}; ftlint never downloads a model: download it "
            "first (e.g. `hf download NAME`) or give the path of a local copy")


def has_generation_block(tokenizer: Any) -> bool:
    template = tokenizer.chat_template
    texts = template.values() if isinstance(template, dict) else [template or ""]
    return any(_GENERATION.search(text) for text in texts)


def special_strings(tokenizer: Any) -> tuple[str, ...]:
    """The tokenizer's special tokens and special added tokens (role markers such as `<|im_start|>`)."""
    found = set(tokenizer.all_special_tokens)
    found.update(token.content for token in tokenizer.added_tokens_decoder.values() if token.special)
    return tuple(sorted(token for token in found if len(token) > 1))


@dataclass(frozen=True)
class Encoded:
    """An example as the trainer tokenizes it."""

    ids: list[int]
    # Where the trained-on answer starts (the first assistant token); None when there is no answer.
    answer_start: int | None


class TemplateError(ValueError):
    """The model's chat template failed on a record (content the template cannot render, a raise in it)."""


def _render(tokenizer: Any, messages: list[dict[str, Any]], tools: Any, **options: Any) -> Any:
    try:
        return tokenizer.apply_chat_template(messages, tools=tools or None, tokenize=True, return_dict=True,
                                             **options)
    except Exception as exc:  # the template is the model's code (Jinja): any error of it is the record's verdict
        raise TemplateError(f"{type(exc).__name__}: {exc}") from None


def _template(tokenizer: Any, messages: list[dict[str, Any]], tools: Any, **options: Any) -> list[int]:
    return list(_render(tokenizer, messages, tools, **options)["input_ids"])


def encode_example(tokenizer: Any, record_format: str | None, view: dict[str, Any]) -> Encoded | None:
    """The tokens of a chat, prompt/completion or text example with the model's template; None for
    other formats (their trainers tokenize them their own way)."""
    if record_format in ("chat", "rft"):
        messages, tools = view["messages"], view.get("tools")
        ids = _template(tokenizer, messages, tools)
        first = next((i for i, m in enumerate(messages) if m.get("role") == "assistant"), None)
        start = None if first is None else len(_template(tokenizer, messages[:first], tools,
                                                         add_generation_prompt=True))
        return Encoded(ids, start)
    if record_format in ("prompt_completion", "kto"):
        prompt, completion = view["prompt"], view["completion"]
        if isinstance(prompt, list) and isinstance(completion, list):  # conversational: the template
            tools = view.get("tools")
            start = len(_template(tokenizer, prompt, tools, add_generation_prompt=True))
            return Encoded(_template(tokenizer, [*prompt, *completion], tools), start)
        if isinstance(prompt, str) and isinstance(completion, str):
            # TRL tokenizes the prompt, then prompt + completion, and ends the completion with EOS.
            start = len(tokenizer(prompt)["input_ids"])
            return Encoded(list(tokenizer(prompt + completion + (tokenizer.eos_token or ""))["input_ids"]), start)
        return None
    if record_format == "preference":  # OpenAI's DPO records: the prompt, then each answer
        prompt, tools = view["input"]["messages"], view["input"].get("tools")
        return _longer_pair(tokenizer, prompt, (view["preferred_output"], view["non_preferred_output"]), tools)
    if record_format == "preference_trl":
        return _trl_pair(tokenizer, view)
    if record_format == "text" and isinstance(view.get("text"), str):
        return Encoded(list(tokenizer(view["text"] + (tokenizer.eos_token or ""))["input_ids"]), None)
    return None


def _longer_pair(tokenizer: Any, prompt: list[dict[str, Any]], answers: tuple[Any, Any], tools: Any) -> Encoded:
    """A preference pair as DPO sees it: the prompt with each answer through the template; the longer one
    decides whether `max_length` cuts it (TRL cuts both sequences at the same length)."""
    start = len(_template(tokenizer, prompt, tools, add_generation_prompt=True)) if prompt else 0
    longer = max((_template(tokenizer, [*prompt, *answer], tools) for answer in answers), key=len)
    return Encoded(longer, start)


def _trl_pair(tokenizer: Any, view: dict[str, Any]) -> Encoded | None:
    """TRL's `{prompt?, chosen, rejected}`: conversational (an implicit prompt lives inside both answers)
    through the template, or strings tokenized as prompt then answer and its EOS."""
    prompt, chosen, rejected = view.get("prompt"), view.get("chosen"), view.get("rejected")
    if isinstance(chosen, list) and isinstance(rejected, list) and isinstance(prompt, list | None):
        return _longer_pair(tokenizer, prompt or [], (chosen, rejected), view.get("tools"))
    if isinstance(chosen, str) and isinstance(rejected, str) and isinstance(prompt, str | None):
        start = len(tokenizer(prompt)["input_ids"]) if prompt else 0
        eos = tokenizer.eos_token or ""
        longer = max((tokenizer((prompt or "") + answer + eos)["input_ids"] for answer in (chosen, rejected)), key=len)
        return Encoded(list(longer), start)
    return None


def assistant_mask(tokenizer: Any, messages: list[dict[str, Any]], tools: Any) -> tuple[list[int], list[int]]:
    """The ids of a conversation and its assistant mask, from the template's generation blocks."""
    result = _render(tokenizer, messages, tools, return_assistant_tokens_mask=True)
    return list(result["input_ids"]), list(result["assistant_masks"])
