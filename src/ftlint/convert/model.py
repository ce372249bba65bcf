"""The canonical record every reader produces and every writer consumes.

One small model in the middle keeps conversion at N readers + M writers instead of N*M functions.
It is the union of what the formats can say: a conversation of turns (system, user, assistant,
tool), each turn's content as text or as parts (text and images), an assistant's tool calls, a
tool's result, the tool definitions, and, for preference data, the two answers or a label.
Everything is frozen: a reader builds it once and writers only look.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Image:
    url: str  # an http(s) URL, a data: URL, or a path (LLaMA-Factory's `images` column)
    detail: str | None = None  # OpenAI's image detail level, kept only where a format has it


Part = Text | Image
# A string and a one-part list are different JSON; keeping which one a record used is what makes
# chat -> TRL -> chat give back the same bytes. None is an absent or null content.
Content = str | tuple[Part, ...] | None


@dataclass(frozen=True)
class ToolCall:
    name: str
    # OpenAI stores the arguments as a JSON string, Hugging Face templates and ShareGPT as an object:
    # kept as read, each writer turns it into what its format takes (and rejects what cannot be).
    arguments: str | dict[str, Any]
    id: str | None = None
    type: str = "function"


@dataclass(frozen=True)
class Turn:
    role: str  # "system", "developer", "user", "assistant" or "tool"
    content: Content
    tool_calls: tuple[ToolCall, ...] = ()
    tool_call_id: str | None = None
    name: str | None = None
    weight: int | float | None = None
    # Message keys only OpenAI-shaped messages carry (refusal, reasoning_content, function_call):
    # the chat writers copy them, the others say they dropped them.
    extras: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Example:
    """One record, whatever its format.

    `turns` is the whole conversation for supervised data, and the prompt for preference,
    unpaired-preference and prompt-only data. `chosen`/`rejected` are the two answers of a
    preference pair; `label` marks an unpaired completion (in `turns`' last assistant turns) as
    desirable or not. `text` is a raw text record, which has no turns at all.
    """

    turns: tuple[Turn, ...] = ()
    tools: tuple[dict[str, Any], ...] | None = None  # OpenAI's shape: {"type": "function", "function": {...}}
    chosen: tuple[Turn, ...] | None = None
    rejected: tuple[Turn, ...] | None = None
    label: bool | None = None
    text: str | None = None
    # A string prompt/completion as it was read, before the legacy separator, space and stop came
    # off the turns: TRL's standard (string) outputs write these back untouched.
    verbatim: tuple[str, str] | None = None
    # Top-level keys a format carries beside its own (parallel_tool_calls, functions, grader fields).
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def is_pair(self) -> bool:
        return self.chosen is not None and self.rejected is not None


def text_of(content: Content) -> str | None:
    """The content as one string when it is only text (parts joined), else None."""
    if content is None or isinstance(content, str):
        return content
    if all(isinstance(part, Text) for part in content):
        return "".join(part.text for part in content)  # type: ignore[union-attr]
    return None


def has_image(content: Content) -> bool:
    return isinstance(content, tuple) and any(isinstance(part, Image) for part in content)
