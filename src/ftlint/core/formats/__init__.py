"""The record formats ftlint reads: their typed views, how a record's shape is recognised, and the vote."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pydantic import TypeAdapter

from ftlint.core.formats.alpaca import AlpacaRecord
from ftlint.core.formats.chat import ChatRecord
from ftlint.core.formats.input_output import InputOutputRecord
from ftlint.core.formats.llamafactory_v1 import PreferenceV1Record
from ftlint.core.formats.preference import PreferenceRecord, TrlPreferenceRecord
from ftlint.core.formats.prompt_completion import PromptCompletionRecord, UnpairedPreferenceRecord
from ftlint.core.formats.prompt_only import PromptOnlyRecord
from ftlint.core.formats.rft import RftRecord
from ftlint.core.formats.sharegpt import ShareGptRecord
from ftlint.core.formats.text import TextRecord


@dataclass(frozen=True)
class RecordFormat:
    """A record format: its name, the keys that identify it, and its pydantic typed view."""

    name: str
    title: str
    signature: frozenset[str]
    typed_view: Any
    # Top-level keys whose values are free-form JSON (tool definitions): the only places where a
    # NaN or Infinity literal would pass pydantic's parser, which accepts them there.
    free_form: frozenset[str] = frozenset()
    # Keys that make a record another format's variant although it has this one's signature
    # (LLaMA-Factory's ShareGPT preference records have `chosen` and `rejected` too).
    excludes: frozenset[str] = frozenset()

    @cached_property
    def adapter(self) -> TypeAdapter[Any]:
        return TypeAdapter(self.typed_view)

    @cached_property
    def keys(self) -> frozenset[str]:
        """Every top-level key the typed view declares, required or not."""
        view = self.typed_view
        return frozenset(view.__required_keys__ | view.__optional_keys__)

    def matches(self, record: dict[str, Any]) -> bool:
        return all(key in record for key in self.signature) and not any(key in record for key in self.excludes)


# Order matters: the first format whose signature keys a record has wins, so the more specific
# shapes come before the ones they contain: TRL preference (`chosen`, `rejected`, maybe a `prompt`)
# and unpaired preference (`prompt`, `completion`, `label`) before prompt/completion, which comes
# before prompt-only (a `prompt` alone). Ties in the file's vote also go to the earlier format.
FORMATS: tuple[RecordFormat, ...] = (
    RecordFormat("chat", "chat (messages)", frozenset({"messages"}), ChatRecord, frozenset({"tools", "functions"})),
    RecordFormat(
        "preference",
        "preference (OpenAI DPO)",
        frozenset({"input", "preferred_output", "non_preferred_output"}),
        PreferenceRecord,
        frozenset({"input"}),
    ),
    # The prompt may be implicit. LLaMA-Factory's preference records (`conversations` or
    # `instruction` beside `chosen` and `rejected`) are ShareGPT's and alpaca's variants, not this.
    RecordFormat(
        "preference_trl", "preference (TRL chosen/rejected, explicit or implicit prompt)",
        frozenset({"chosen", "rejected"}), TrlPreferenceRecord, excludes=frozenset({"conversations", "instruction"}),
    ),
    RecordFormat(
        "kto", "unpaired preference (TRL KTO: prompt/completion/label)",
        frozenset({"prompt", "completion", "label"}), UnpairedPreferenceRecord,
    ),
    RecordFormat(
        "prompt_completion", "prompt/completion", frozenset({"prompt", "completion"}), PromptCompletionRecord
    ),
    # After every format with a `prompt`; its other keys are reward-function data, like RFT's.
    RecordFormat(
        "prompt_only", "prompt-only (TRL: GRPO and other online methods)", frozenset({"prompt"}), PromptOnlyRecord,
    ),
    RecordFormat("text", "text", frozenset({"text"}), TextRecord),
    RecordFormat("alpaca", "alpaca (instruction/output)", frozenset({"instruction", "output"}), AlpacaRecord),
    RecordFormat("sharegpt", "ShareGPT (conversations)", frozenset({"conversations"}), ShareGptRecord),
    RecordFormat("input_output", "template-free segments (Axolotl input_output)", frozenset({"segments"}),
                 InputOutputRecord),
    RecordFormat("preference_lf", "preference (LLaMA-Factory v1 chosen_messages/rejected_messages)",
                 frozenset({"chosen_messages", "rejected_messages"}), PreferenceV1Record),
    # Same signature as chat, which comes first: the vote makes a file RFT when its records have no
    # assistant turn, end with the user and carry grader fields (`detect_shape`), or the user says so.
    RecordFormat("rft", "reinforcement (messages + grader fields)", frozenset({"messages"}), RftRecord,
                 frozenset({"tools"})),
)
FORMAT_BY_NAME: dict[str, RecordFormat] = {f.name: f for f in FORMATS}


def record_format(record: dict[str, Any], file_format: str | None) -> str | None:
    """The format a record is checked as: the file's when the record has its keys, else its own shape.

    A record whose keys all belong to the file's format is that format with keys missing, even when
    it has the shape of a smaller one: `{"prompt"}` in a prompt/completion file lacks its completion
    (SC001), it is not a prompt-only record among them.
    """
    if file_format is None:
        return detect_shape(record)
    file_fmt = FORMAT_BY_NAME[file_format]
    if file_fmt.matches(record):
        return file_format
    shape = detect_shape(record)
    if shape is None or record.keys() <= file_fmt.keys:
        return file_format
    return shape


# Keys a supervised chat record may have; anything else beside `messages` is a grader field.
_CHAT_KEYS = frozenset({"messages", "tools", "parallel_tool_calls", "functions"})


def detect_shape(record: dict[str, Any]) -> str | None:
    """The format a single record looks like, or None when its keys match none."""
    for fmt in FORMATS:
        if fmt.matches(record):
            return "rft" if fmt.name == "chat" and _reinforcement(record) else fmt.name
    return None


def _reinforcement(record: dict[str, Any]) -> bool:
    """A reinforcement fine-tuning record: no assistant turn, a user turn last, and grader fields.

    Without grader fields a conversation with no reply stays chat (and CH002 says it has nothing to
    learn from): only the extra keys a grader reads make it clearly a task, not a broken example.
    """
    if _CHAT_KEYS.issuperset(record):
        return False
    messages = record["messages"]
    if messages.__class__ is not list or not messages or messages[-1].__class__ is not dict:
        return False
    return messages[-1].get("role") == "user" and not any(
        message.__class__ is dict and message.get("role") == "assistant" for message in messages
    )


def vote(shapes: Counter[str | None]) -> str | None:
    """The file's format: the most common recognised shape; ties go to the earlier format."""
    known = [(count, -order, name) for order, (name, count) in enumerate(_in_format_order(shapes))]
    return max(known)[2] if known else None


def _in_format_order(shapes: Counter[str | None]) -> list[tuple[str, int]]:
    return [(f.name, shapes[f.name]) for f in FORMATS if shapes.get(f.name)]
