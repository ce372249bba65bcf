"""IM008 media-placeholder-count."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.core.option_types import Text
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule, RuleOptions, Target

Texts = list[tuple[str, str]]  # (pointer, text) of each text LLaMA-Factory counts placeholders in


class MediaPlaceholderCountOptions(RuleOptions):
    image_column: Text = "images"
    """The record key of the image list (`columns.images` in LLaMA-Factory's dataset_info.json)."""
    video_column: Text = "videos"
    """The record key of the video list."""
    audio_column: Text = "audios"
    """The record key of the audio list."""
    image_placeholder: Text = "<image>"
    """The image placeholder (LLaMA-Factory's `IMAGE_PLACEHOLDER` environment variable)."""
    video_placeholder: Text = "<video>"
    """The video placeholder (`VIDEO_PLACEHOLDER`)."""
    audio_placeholder: Text = "<audio>"
    """The audio placeholder (`AUDIO_PLACEHOLDER`)."""


class MediaPlaceholderCount(RecordRule):
    """The `<image>`, `<video>` or `<audio>` placeholders in a record's messages do not match its media lists.

    ## What it does
    For LLaMA-Factory's multimodal records, counts the `<image>` placeholders in the messages and
    compares the count with the length of the record's `images` list; the same for `<video>` and
    `videos`, and `<audio>` and `audios`. As LLaMA-Factory does, it counts in the conversation's
    turns (not the system prompt or tools), reads a single path as a list of one and a missing or
    null list as none; a preference record is checked with each of its replies. Reads `messages`
    (LLaMA-Factory's OpenAI-style data), ShareGPT `conversations` and Alpaca records.

    This rule is opt-in: other trainers give `<image>` no meaning; the `llamafactory` profile
    turns it on.

    ## Why it matters
    LLaMA-Factory's multimodal plugins (`src/llamafactory/data/mm_plugin.py`, `_validate_messages`)
    raise for the first such record, which stops the whole run, not just the row: "ValueError:
    The number of images does not match the number of <image> tokens in [...]".

    ## Example
    `{"messages": [{"role": "user", "content": "<image>Who are they?"}, ...], "images": ["1.jpg", "2.jpg"]}`.

    ## Fix
    Put one placeholder in the text where each image belongs, or list as many images as there
    are placeholders.

    ## Options
    `image-column`, `video-column`, `audio-column` (`images`, `videos`, `audios`): the record keys
    of the media lists. `image-placeholder`, `video-placeholder`, `audio-placeholder` (`<image>`,
    `<video>`, `<audio>`).
    """

    code = "IM008"
    name = "media-placeholder-count"
    default_severity = Severity.ERROR
    formats = frozenset({"chat", "sharegpt", "alpaca"})
    when = "valid"
    Options = MediaPlaceholderCountOptions
    opt_in = True

    def __init__(self, options: RuleOptions | None = None, *, target: Target) -> None:
        super().__init__(options, target=target)
        o: Any = self.options
        self._media = ((o.image_column, o.image_placeholder, "images"), (o.video_column, o.video_placeholder, "videos"),
                       (o.audio_column, o.audio_placeholder, "audios"))
        self._marks = tuple(placeholder.encode() for _, placeholder, _ in self._media)

    def check_record(self, record: Record) -> Iterable[Violation]:
        data, raw = record.data, record.line.raw
        if (not any(column in data for column, _, _ in self._media) and b"\\u" not in raw
                and not any(mark in raw for mark in self._marks)):
            return ()  # no media list and no placeholder anywhere (a `\u`-escaped `<` would need the walk)
        prompt, replies = _texts(data, record.format)
        found = []
        for column, placeholder, noun in self._media:
            media = _media_count(data.get(column))
            counts = [(label, prompt + texts, _count(prompt + texts, placeholder)) for label, texts in replies]
            if len({count for _, _, count in counts}) == 1:  # the same either way: one finding, not one a reply
                counts = [("", counts[0][1], counts[0][2])]
            for label, texts, count in counts:
                if count == media:
                    continue
                where = pointer(column) if column in data else _first(texts, placeholder)
                found.append(Violation(
                    f"{_placeholders(count, placeholder)} in the messages{label}, but {_entries(media)} in "
                    f"`{column}`; LLaMA-Factory stops the run: \"The number of {noun} does not match the number of "
                    f"{placeholder} tokens\"", pointer=where))
        return found


def _texts(data: dict[str, Any], record_format: str | None) -> tuple[Texts, list[tuple[str, Texts]]]:
    """The texts of the prompt turns, and of each reply variant (one, or `chosen` and `rejected`)."""
    if record_format == "alpaca":
        texts = [(pointer(key), data[key]) for key in ("instruction", "input", "output")
                 if isinstance(data.get(key), str)]
        for number, pair in enumerate(data.get("history") or ()):
            texts += [(pointer("history", number, side), text) for side, text in enumerate(pair)
                      if isinstance(text, str)]
        return texts, [("", [])]
    key, role, text = ("messages", "role", "content") if record_format == "chat" else ("conversations", "from", "value")
    prompt = [item for number, turn in enumerate(data.get(key) or ()) if turn.get(role) != "system"
              for item in _turn_texts(turn.get(text), (key, number, text))]
    replies = [(f" with the `{side}` reply", list(_turn_texts(data[side].get(text), (side, text))))
               for side in ("chosen", "rejected") if isinstance(data.get(side), dict)]
    return prompt, replies or [("", [])]


def _turn_texts(content: Any, where: tuple[str | int, ...]) -> Iterator[tuple[str, str]]:
    if isinstance(content, str):
        yield pointer(*where), content
    elif isinstance(content, list):
        for number, part in enumerate(content):
            if isinstance(part, dict) and isinstance(part.get("text"), str):
                yield pointer(*where, number, "text"), part["text"]


def _media_count(value: Any) -> int:
    if value is None:
        return 0
    return len(value) if isinstance(value, list) else 1


def _count(texts: Texts, placeholder: str) -> int:
    return sum(text.count(placeholder) for _, text in texts)


def _first(texts: Texts, placeholder: str) -> str:
    return next((where for where, text in texts if placeholder in text), "")


def _placeholders(count: int, placeholder: str) -> str:
    return f"{count} `{placeholder}` placeholder{'' if count == 1 else 's'}"


def _entries(count: int) -> str:
    return f"{count} {'entry' if count == 1 else 'entries'}"
