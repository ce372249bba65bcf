"""What the ShareGPT rules share: the `from` tags the common readers know, and which side each is on.

Tags the readers know without configuration (read 2026; LLaMA-Factory lets a `dataset_info.json`
rename its tags, Axolotl a dataset's `roles:` mapping):

| tag | LLaMA-Factory (SharegptDatasetConverter) | Axolotl (chat_template, default roles) | side |
|---|---|---|---|
| `human` | user_tag | user | user |
| `user` | - | user | user |
| `observation` | observation_tag (a tool's result) | - | user |
| `tool` | - | tool | user |
| `gpt` | assistant_tag | assistant | model |
| `assistant` | - | assistant | model |
| `function_call` | function_tag (the model's tool call) | - | model |
| `system` | system_tag (first turn only) | system | system |

Left out: `model` (Gemini's name for the model's turn; neither reader maps it), `ipython` (only
Axolotl's `messages.chat` builder and Llama 3 templates) and `function` (OpenAI's deprecated role).
Sources: hiyouga/LLaMA-Factory src/llamafactory/data/converter.py and parser.py (DatasetAttr);
axolotl-ai-cloud/axolotl src/axolotl/prompt_strategies/chat_template.py (ChatTemplatePrompter) and
docs/dataset-formats/conversation.qmd.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ftlint.core.findings import Violation
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule

USER, MODEL, SYSTEM = "user", "model", "system"
TAG_SIDES: dict[str, str] = {
    "human": USER, "user": USER, "observation": USER, "tool": USER,
    "gpt": MODEL, "assistant": MODEL, "function_call": MODEL,
    "system": SYSTEM,
}
KNOWN_TAGS = tuple(TAG_SIDES)
SIDE_NAMES = {USER: "user-side (human, user, observation, tool)", MODEL: "model-side (gpt, assistant, function_call)"}
LLAMAFACTORY_SKIPS = "LLaMA-Factory skips this row with only a log line"


@dataclass(frozen=True, slots=True)
class ShareGptFacts:
    """The tags of a record's turns and their sides (None for a tag no reader knows), worked out once."""

    tags: list[str]
    sides: list[str | None]
    known: bool  # every tag, including `chosen` and `rejected`, is one the readers know
    preference: bool  # the record has `chosen` or `rejected` (LLaMA-Factory's preference variant)

    @classmethod
    def of(cls, view: dict[str, Any]) -> ShareGptFacts:
        tags = [turn["from"] for turn in view["conversations"]]
        sides = [TAG_SIDES.get(tag) for tag in tags]
        replies = [view[key]["from"] for key in ("chosen", "rejected") if key in view]
        known = None not in sides and all(tag in TAG_SIDES for tag in replies)
        return cls(tags, sides, known, "chosen" in view or "rejected" in view)


class ShareGptRule(RecordRule):
    """A record rule over ShareGPT `conversations`; records with schema errors are left to the SC rules."""

    formats = frozenset({"sharegpt"})
    when = "valid"

    def check_record(self, record: Record) -> Iterable[Violation]:
        view: dict[str, Any] = record.view  # type: ignore[assignment]  # `when = "valid"`: never None here
        facts = record.memo.get("sharegpt")
        if facts is None:
            facts = record.memo["sharegpt"] = ShareGptFacts.of(view)
        return self.check_conversation(view, facts)

    def check_conversation(self, view: dict[str, Any], facts: ShareGptFacts) -> Iterable[Violation]:
        raise NotImplementedError
