"""The per-record token counts of `ftlint stats`, computed in the workers with the target's tokenizer.

Every record is counted exactly, once, and every token of its total is put in one part: the texts of
each role, tool calls, tool definitions, images and the accounting's overhead (OpenAI's 3 per message,
role and speaker names, the reply's priming; with a model's own chat template, whatever the template
adds). The parts add up to the total. A preference pair costs its prompt and its longer answer, so
its parts are those of the prompt and of that answer. The counts travel as one small list of
integers per record (`COUNTS`), one feature call instead of one per number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from ftlint.core.images import read_image_ref
from ftlint.core.jsondoc import dump_json
from ftlint.core.records import Record
from ftlint.core.rule import Feature
from ftlint.core.tokens.counting import (
    REPLY_PRIMING,
    TOKENS_PER_MESSAGE,
    TOKENS_PER_NAME,
    ExactMeasure,
    content_texts,
    count_example,
    exact_measure,
    is_messages,
    plain_texts,
    tool_call_texts,
)
from ftlint.core.tokens.hf import is_hf

# How one image is counted for the target: (detail, size or None) -> tokens; None when the target
# model takes no images (they are counted as images, with no tokens).
ImageCounter = Callable[[str, "tuple[int, int] | None"], int]

ROLES = ("system", "user", "assistant", "tool")
# Where each token of an example goes. `text` holds the fields of records without roles (plain text,
# Alpaca's fields); `overhead` what the accounting or the chat template adds around the texts.
PARTS = (*ROLES, "text", "tool_calls", "tool_definitions", "images", "overhead")
_GROUP = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant", "tool": "tool",
          "function": "tool"}
# What each position of a record's counts holds: its tokens, its parts, its messages, its turns
# (messages) by role, the tokens of those turns and the longest turn of each role (a turn counted
# whole: text, tool calls, images and its overhead), its images and how many have no size to read.
COUNTS = ("tokens", *PARTS, "messages", *(f"turns_{role}" for role in ROLES),
          *(f"turn_tokens_{role}" for role in ROLES), *(f"longest_{role}" for role in ROLES),
          "image_count", "images_unsized")
COLUMN = "st_counts"
_PART = {name: index for index, name in enumerate(PARTS)}
_ROLE_INDEX = {role: _PART[role] for role in ROLES}
_OVERHEAD = _PART["overhead"]
_REPEATING = frozenset(("system", "developer"))  # texts that repeat from record to record: memoised


class _Tally:
    """The counts of one conversation (or one side of a pair), built message by message."""

    def __init__(self, measure: ExactMeasure, images: ImageCounter | None, role_tokens: dict[str, int]) -> None:
        self.measure, self.images, self.role_tokens = measure, images, role_tokens
        self.parts = [0] * len(PARTS)
        self.turns = dict.fromkeys(ROLES, 0)
        self.turn_tokens = dict.fromkeys(ROLES, 0)
        self.longest = dict.fromkeys(ROLES, 0)
        self.messages = self.image_count = self.unsized = 0

    @property
    def total(self) -> int:
        return sum(self.parts)

    def message(self, message: dict[str, Any]) -> None:
        measure, parts = self.measure, self.parts
        role = message.get("role") or ""
        role_tokens = self.role_tokens.get(role)
        if role_tokens is None:
            role_tokens = self.role_tokens[role] = measure(role)
        group = _GROUP.get(role, "user")
        overhead = TOKENS_PER_MESSAGE + role_tokens
        content = message.get("content")
        if content.__class__ is str and len(message) == 2:  # the common message: a role and its text
            # Every record's every message comes here: the few additions it needs, and nothing more.
            text = measure(content) if role in _REPEATING else measure.fresh(content)
            whole = text + overhead
            parts[_ROLE_INDEX[group]] += text
            parts[_OVERHEAD] += overhead
            self.messages += 1
            self.turns[group] += 1
            self.turn_tokens[group] += whole
            if whole > self.longest[group]:
                self.longest[group] = whole
            return
        text = sum(measure(piece) for piece in content_texts(content))
        calls = sum(measure(piece) for piece in tool_call_texts(message))
        pictures = self._images(content)
        if message.get("name"):
            overhead += TOKENS_PER_NAME + measure(message["name"])
        parts[_PART[group]] += text
        parts[_PART["tool_calls"]] += calls
        parts[_PART["images"]] += pictures
        parts[_PART["overhead"]] += overhead
        whole = text + calls + pictures + overhead
        self.messages += 1
        self.turns[group] += 1
        self.turn_tokens[group] += whole
        self.longest[group] = max(self.longest[group], whole)

    def conversation(self, messages: Iterable[dict[str, Any]], tools: Any = None) -> None:
        """Messages that are one conversation: the reply is primed once."""
        for message in messages:
            self.message(message)
        self.parts[_PART["overhead"]] += REPLY_PRIMING
        if tools:
            self.parts[_PART["tool_definitions"]] += self.measure(dump_json(tools).decode())

    def field(self, value: Any, role: str) -> None:
        """A prompt or an answer given as a string or as content parts (its messages are added apart)."""
        if isinstance(value, str):
            tokens = self.measure(value) if role == "user" else self.measure.fresh(value)
            pictures = 0
        elif isinstance(value, list):
            tokens = sum(self.measure(piece) for piece in content_texts(value))
            pictures = self._images(value)
        else:
            return
        self.parts[_PART[role]] += tokens
        self.parts[_PART["images"]] += pictures
        self.turns[role] += 1
        self.turn_tokens[role] += tokens + pictures
        self.longest[role] = max(self.longest[role], tokens + pictures)

    def turns_of(self, fields: Iterable[tuple[Any, str]]) -> None:
        """A prompt and its answer, each a string, content parts or messages; the messages of all the
        fields are one conversation (as `count_turns` counts them)."""
        messages: list[dict[str, Any]] = []
        for value, role in fields:
            if is_messages(value):
                messages.extend(value)
            else:
                self.field(value, role)
        if messages:
            self.conversation(messages)

    def alpaca(self, view: dict[str, Any]) -> None:
        """Alpaca's fields by role: the instruction, its input and earlier exchanges are the user's."""
        self.field(view.get("system"), "system")
        for pair in view.get("history") or ():  # [question, answer]
            for index, text in enumerate(pair):
                self.field(text, "assistant" if index % 2 else "user")
        self.field(view.get("instruction"), "user")
        self.field(view.get("input") or None, "user")
        self.field(view.get("output"), "assistant")

    def sharegpt(self, view: dict[str, Any]) -> None:
        """ShareGPT's turns by speaker; the speaker's tag is overhead. A pair (LLaMA-Factory's `chosen`
        and `rejected` turns) costs its longer answer."""
        self.field(view.get("system"), "system")
        if isinstance(view.get("tools"), str):
            self.parts[_PART["tool_definitions"]] += self.measure(view["tools"])
        for turn in view["conversations"]:
            self._sharegpt_turn(turn)
        answers = [turn for turn in (view.get("chosen"), view.get("rejected")) if turn]
        if answers:
            self._sharegpt_turn(max(answers, key=lambda t: self.measure(t["from"]) + self.measure(t["value"])))

    def _sharegpt_turn(self, turn: dict[str, Any]) -> None:
        speaker = turn["from"]
        self.parts[_PART["overhead"]] += self.measure(speaker)
        self.messages += 1
        if speaker != "function_call":
            self.field(turn["value"], _SPEAKERS.get(speaker, "user"))
            return
        tokens = self.measure(turn["value"])  # an assistant's tool call, in LLaMA-Factory's `tools` dialect
        self.parts[_PART["tool_calls"]] += tokens
        self.turns["assistant"] += 1
        self.turn_tokens["assistant"] += tokens
        self.longest["assistant"] = max(self.longest["assistant"], tokens)

    def _images(self, content: Any) -> int:
        if not isinstance(content, list):
            return 0
        tokens = 0
        for part in content:
            image = part.get("image_url") if isinstance(part, dict) and part.get("type") == "image_url" else None
            if not (isinstance(image, dict) and isinstance(image.get("url"), str)):
                continue
            size = read_image_ref(image["url"]).size
            self.image_count += 1
            self.unsized += size is None
            if self.images is not None:
                tokens += self.images(image.get("detail") or "auto", size)
        return tokens

    def counts(self, total: int | None = None) -> tuple[int, ...]:
        """The record's counts in the order of `COUNTS`. A `total` from elsewhere (a model's chat
        template) leaves its difference from the texts' counts in `overhead`, so the parts still add up."""
        parts = list(self.parts)
        if total is not None:
            parts[_PART["overhead"]] += total - sum(parts)
        return (sum(parts), *parts, self.messages, *self.turns.values(), *self.turn_tokens.values(),
                *self.longest.values(), self.image_count, self.unsized)


def breakdown(encoding: str, images: ImageCounter | None, record: Record) -> tuple[int, ...] | None:
    """The record's counts, in the order of `COUNTS`; None for a record without a typed view (its
    problems are findings, its size is not an example's)."""
    view, record_format = record.view, record.format
    if view is None or record_format is None:
        return None
    measure = exact_measure(encoding)
    roles = _ROLE_TOKENS.setdefault(encoding, {})

    def tally() -> _Tally:
        return _Tally(measure, images, roles)

    if record_format in ("chat", "rft"):
        counted = tally()
        counted.conversation(view["messages"], view.get("tools") or view.get("functions"))
    elif record_format == "preference":
        counted = tally()
        prompt_view = view["input"]
        counted.conversation(prompt_view["messages"], prompt_view.get("tools") or prompt_view.get("functions"))
        answers = []
        for key in ("preferred_output", "non_preferred_output"):
            answers.append(tally())
            answers[-1].conversation(view[key])
        counted = _joined(counted, max(answers, key=lambda answer: answer.total))
    elif record_format == "preference_trl":
        prompt = view.get("prompt")  # absent: implicit, inside both answers
        sides = []
        for key in ("chosen", "rejected"):
            sides.append(tally())
            sides[-1].turns_of(((prompt, "user"), (view[key], "assistant")))
        counted = max(sides, key=lambda side: side.total)
    elif record_format == "preference_lf":
        sides = []
        for key in ("chosen_messages", "rejected_messages"):
            sides.append(tally())
            sides[-1].conversation({"role": m["role"], "content": "".join(part["value"] for part in m["content"])}
                                   for m in view[key])
        counted = max(sides, key=lambda side: side.total)
    elif record_format == "alpaca":
        counted = tally()
        counted.alpaca(view)
    elif record_format == "sharegpt":
        counted = tally()
        counted.sharegpt(view)
    elif record_format in _PROMPT_ANSWER:
        counted = tally()
        answer_key = _PROMPT_ANSWER[record_format]
        counted.turns_of(((view.get("prompt"), "user"), (view.get(answer_key) if answer_key else None, "assistant")))
    else:  # records without roles: each string field is text
        counted = tally()
        counted.parts[_PART["text"]] = sum(measure(text) for text in plain_texts(view))
    if is_hf(encoding):  # the model's chat template decides the total; the parts are their texts' counts
        return counted.counts(count_example(encoding, record_format, view))
    return counted.counts()


def _joined(first: _Tally, second: _Tally) -> _Tally:
    """A prompt's tally with its answer's (a pair's prompt and its longer answer)."""
    first.parts = [a + b for a, b in zip(first.parts, second.parts, strict=True)]
    for role in ROLES:
        first.turns[role] += second.turns[role]
        first.turn_tokens[role] += second.turn_tokens[role]
        first.longest[role] = max(first.longest[role], second.longest[role])
    first.messages += second.messages
    first.image_count += second.image_count
    first.unsized += second.unsized
    return first


# The formats made of a prompt and an answer field (a string, messages or content parts), and the
# answer's key: none for prompt-only records.
_SPEAKERS = {"human": "user", "user": "user", "gpt": "assistant", "assistant": "assistant", "model": "assistant",
             "bot": "assistant", "system": "system", "observation": "tool", "tool": "tool", "function": "tool"}
_PROMPT_ANSWER = {"prompt_completion": "completion", "kto": "completion", "prompt_only": None}
_ROLE_TOKENS: dict[str, dict[str, int]] = {}  # a handful of role names per encoding, counted once


def token_features(encoding: str, images: ImageCounter | None) -> tuple[Feature, ...]:
    """The stats column for a target: its encoding, and how it counts an image (a partial of a module
    function, so it reaches the workers)."""
    return (Feature(COLUMN, "List[Int64]", partial(breakdown, encoding, images)),)
