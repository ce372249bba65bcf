"""A preference record as a pair: its prompt, the chosen and the rejected answer, in every format read.

OpenAI DPO (`input` / `preferred_output` / `non_preferred_output`), TRL (`prompt`? / `chosen` /
`rejected`, strings or messages; an implicit prompt is the part both answers share, as TRL's
`extract_prompt` splits them), LLaMA-Factory's ShareGPT variant (`conversations` + `chosen` /
`rejected` turns) and its v1 records (`chosen_messages` / `rejected_messages`, the shared leading
messages being the prompt). PF007-PF009 and `ftlint stats` read pairs through `record_pair` only.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ftlint.core.records import Record

Where = tuple[str | int, ...]
PAIR_FORMATS = frozenset({"preference", "preference_trl", "sharegpt", "preference_lf"})


class Pair(NamedTuple):  # a tuple: made for every preference record, and a dataclass costs more to make
    prompt: Any  # plain JSON data: compared by hash only
    chosen: str  # the chosen answer's text, surrounding spaces stripped
    rejected: str
    chosen_at: Where  # where the chosen answer is (its first text)


_UNSET = object()
_FIRST_PREFERRED: Where = ("preferred_output", 0, "content")


def record_pair(record: Record) -> Pair | None:
    """The record's pair, None when it holds none (memoised: several columns ask)."""
    pair = record.memo.get("pair", _UNSET)
    if pair is _UNSET:
        pair = record.memo["pair"] = _pair(record) if record.view is not None else None
    return pair  # type: ignore[return-value]


def _pair(record: Record) -> Pair | None:
    view: dict[str, Any] = record.view  # type: ignore[assignment]
    if record.format == "preference":
        better, worse = view["preferred_output"], view["non_preferred_output"]
        if len(better) == 1 and len(worse) == 1:  # the common shape first: one message of text on each side
            chosen, rejected = better[0].get("content"), worse[0].get("content")
            if chosen.__class__ is str and rejected.__class__ is str:
                return Pair(view["input"], chosen.strip(), rejected.strip(), _FIRST_PREFERRED)
        return _make(view["input"], *_texts("preferred_output", view["preferred_output"]),
                     _texts("non_preferred_output", view["non_preferred_output"])[0])
    if record.format == "preference_trl":
        chosen, rejected = view["chosen"], view["rejected"]
        prompt = view.get("prompt")
        if prompt is not None and chosen.__class__ is str and rejected.__class__ is str:
            return Pair(prompt, chosen.strip(), rejected.strip(), ("chosen",))
        shared = 0
        if prompt is None:  # implicit: the answers repeat the prompt and differ after it
            shared = _shared(chosen, rejected) if chosen.__class__ is rejected.__class__ else 0
            prompt = chosen[:shared]
        return _make(prompt, *_texts("chosen", chosen, shared), _texts("rejected", rejected, shared)[0])
    if record.format == "sharegpt":
        if not isinstance(view.get("chosen"), dict) or not isinstance(view.get("rejected"), dict):
            return None  # a plain conversation, not LLaMA-Factory's preference variant
        prompt = [view.get("system"), view["conversations"], view.get("tools")]
        return _make(prompt, view["chosen"]["value"], ("chosen", "value"), view["rejected"]["value"])
    if record.format == "preference_lf":
        chosen, rejected = view["chosen_messages"], view["rejected_messages"]
        shared = _shared(chosen, rejected)
        return _make(chosen[:shared], *_texts("chosen_messages", chosen, shared),
                     _texts("rejected_messages", rejected, shared)[0])
    return None


def _make(prompt: Any, chosen: str, chosen_at: Where | None, rejected: str) -> Pair | None:
    if chosen_at is None:
        return None  # no answer text to compare (a tool call alone)
    return Pair(prompt, chosen.strip(), rejected.strip(), chosen_at)


def _shared(chosen: Any, rejected: Any) -> int:
    """How many leading characters (strings) or messages (lists) the two answers share."""
    count = 0
    for mine, theirs in zip(chosen, rejected, strict=False):
        if mine != theirs:
            break
        count += 1
    return count


def _texts(key: str, value: Any, skip: int = 0) -> tuple[str, Where | None]:
    """The answer text of a field (a string, or the messages after the first `skip`), and where its
    first text is (None when it has none)."""
    if isinstance(value, str):
        return value[skip:], (key,)
    texts: list[str] = []
    first: Where | None = None
    for index in range(skip, len(value)):
        message = value[index]
        if message.get("role") not in (None, "assistant"):
            continue
        for where, text in _message_texts(message):
            texts.append(text)
            first = first or (key, index, *where)
    return "\n".join(texts), first


def _message_texts(message: dict[str, Any]) -> list[tuple[Where, str]]:
    """A message's texts: its string content, or the text parts of a list (`text`, or v1's `value`)."""
    content = message.get("content")
    if isinstance(content, str):
        return [(("content",), content)]
    found = []
    for part, item in enumerate(content if isinstance(content, list) else ()):
        if isinstance(item, dict) and item.get("type") == "text":
            name = "text" if isinstance(item.get("text"), str) else "value"
            if isinstance(item.get(name), str):
                found.append((("content", part, name), item[name]))
    return found
