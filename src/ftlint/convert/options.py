"""The options of a conversion.

Prompt/completion conventions default to OpenAI's legacy guide for babbage-002/davinci-002: the
prompt ends with the separator "\\n\\n###\\n\\n" (the first candidate `prepare_data` offers), the
completion starts with one space (the tokenizer puts the space at the start of a word) and ends with
a fixed stop sequence. For the stop, " END" is the guide's own example; `prepare_data`'s first
candidate "\\n" (and "." after it) also occurs inside ordinary answers, so a model trained on them
would be stopped early at inference. Each can be set to "" to switch it off.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

LEGACY_SEPARATOR = "\n\n###\n\n"
LEGACY_STOP = " END"


@dataclass(frozen=True)
class Options:
    # A system message added to records that have none (a record's own one is kept, with a note).
    system: str | None = None
    # Legacy prompt/completion conventions: written by `prompt_completion`, taken off when reading it.
    separator: str = LEGACY_SEPARATOR
    stop: str = LEGACY_STOP
    leading_space: bool = True
    # Output key -> input key or JSON pointer (`/meta/q`), applied before the record is read.
    columns: Mapping[str, str] = field(default_factory=dict)
    # A preference pair written to a one-answer format keeps its preferred answer only when asked:
    # otherwise half of every record would go without a word.
    keep_preferred: bool = False
    # The label given to supervised examples written as unpaired preference (KTO); None rejects them.
    label: bool | None = None


DEFAULT = Options()
