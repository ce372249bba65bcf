"""Prompt/completion records: OpenAI legacy (babbage-002/davinci-002), TRL, Together, and KTO's labelled kind.

Each of `prompt` and `completion` is one of:

- a string (OpenAI legacy, TRL's *standard* prompt-completion, Together's *instruction* format);
- a list of messages (TRL's *conversational* prompt-completion: the prompt's turns, then the
  assistant's; TRL `docs/source/dataset_formats.md`, "Prompt-completion");
- a list of content parts, `text` and `image_url` (Together's multimodal instruction format:
  `{"prompt": [{"type": "text", ...}, {"type": "image_url", "image_url": {"url": "data:..."}}],
  "completion": [{"type": "text", ...}]}`; docs.together.ai/docs/fine-tuning/vision, "Instruction
  format", and together-py `src/together/lib/utils/files.py`, whose `check_file` checks each
  instruction column with `_check_message_content`: a string or a list of `text`/`image_url` parts,
  images only in the prompt).

Only string prompts and completions follow the legacy conventions (separator, leading space, stop
sequence) that the PC rules check; the lists are templated by the trainer.
"""

from __future__ import annotations

from pydantic import with_config
from typing_extensions import TypedDict

from ftlint.core.formats._base import STRICT
from ftlint.core.formats.chat import ContentPart, Message

# The order matters for error messages only: a list that fits neither is reported as the kind its
# items come closest to (see `validate._reduce_unions`).
Turns = str | list[Message] | list[ContentPart]


@with_config(STRICT)
class PromptCompletionRecord(TypedDict):
    prompt: Turns
    completion: Turns


@with_config(STRICT)
class UnpairedPreferenceRecord(TypedDict):
    """TRL's unpaired preference (KTO, BCO): one completion and whether it is a desirable one."""

    prompt: str | list[Message]
    completion: str | list[Message]
    label: bool
