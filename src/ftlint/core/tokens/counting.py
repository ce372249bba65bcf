"""How many tokens an example costs, by OpenAI's accounting, with an exact and a cheap measure.

One formula, two measures: `exact` counts each string's tokens (with GitHub's bpe-openai tokenizer
where it is installed, else tiktoken; the counts are the same); `upper_bound` uses its UTF-8 byte length,
which can never be smaller than its token count (every token of a byte-level BPE covers at least
one byte). Rules ask for the bound first and tokenize only when the bound is over the limit.

Chat accounting (OpenAI's cookbook): every message costs 3 tokens plus its role, content and name
(1 more for a name), and the reply is primed with 3 more. Tool calls are counted as their function
name and argument text, tool definitions as their JSON, and images by the model's rule (`ImageCost`; gpt-4o's
when none is given) for their detail and size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ftlint.core.images import REFERENCE_IMAGE_COST, ImageCost, read_image_ref
from ftlint.core.jsondoc import dump_json
from ftlint.core.tokens.encodings import get_encoding
from ftlint.core.tokens.fast_count import fast_counter
from ftlint.core.tokens.hf import TemplateError, encode_example, hf_path, is_hf, load_tokenizer

TOKENS_PER_MESSAGE = 3
TOKENS_PER_NAME = 1
REPLY_PRIMING = 3

Measure = Callable[[str], int]

# Strings repeat across records (one system prompt in every example): count each once per process.
# Short ones cost less to tokenize than to look up; the memo is emptied when full, so that a string
# that starts repeating late still gets in.
_MEMO_MIN_CHARS = 64
_MEMO_MAX_ENTRIES = 4096


def utf8_length(text: str) -> int:
    """Bytes of `text` in UTF-8: an upper bound of its token count in any byte-level BPE."""
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


class ExactMeasure:
    """Token counts from an encoding, memoising long strings."""

    def __init__(self, encoding_name: str) -> None:
        self._encoding_name = encoding_name
        if is_hf(encoding_name):
            self._count = _hf_counter(encoding_name)
        else:
            self._count = fast_counter(encoding_name) or _tiktoken_counter(encoding_name)
        self._memo: dict[str, int] = {}

    def fresh(self, text: str) -> int:
        """Tokens of a string not worth remembering: most user and assistant turns occur once, and
        hashing them for the memo costs more than it saves."""
        try:
            return self._count(text)
        except UnicodeEncodeError:  # an unpaired surrogate: tiktoken's own fallback replaces it
            return len(get_encoding(self._encoding_name).encode_ordinary(text))

    def __call__(self, text: str) -> int:
        if len(text) < _MEMO_MIN_CHARS:
            return self.fresh(text)
        memo = self._memo
        count = memo.get(text)
        if count is None:
            count = self.fresh(text)
            if len(memo) >= _MEMO_MAX_ENTRIES:
                memo.clear()
            memo[text] = count
        return count


def _tiktoken_counter(encoding_name: str) -> Callable[[str], int]:
    core = get_encoding(encoding_name)._core_bpe  # tiktoken's Rust encoder: one Python frame less a string

    def count(text: str) -> int:
        return len(core.encode_ordinary(text))

    return count


def _hf_counter(encoding_name: str) -> Callable[[str], int]:
    tokenizer = load_tokenizer(hf_path(encoding_name))

    def count(text: str) -> int:
        return len(tokenizer.encode(text, add_special_tokens=False))

    return count


_EXACT: dict[str, ExactMeasure] = {}


def exact_measure(encoding_name: str) -> ExactMeasure:
    measure = _EXACT.get(encoding_name)
    if measure is None:
        measure = _EXACT[encoding_name] = ExactMeasure(encoding_name)
    return measure


def count_example(encoding_name: str, record_format: str | None, view: dict[str, Any], *,
                  images: ImageCost = REFERENCE_IMAGE_COST) -> int:
    """Tokens of one training example: by the model's own chat template for a model's tokenizer
    (`hf:...`, as the trainer sees it), else by `count_record`'s accounting."""
    if is_hf(encoding_name):
        try:
            encoded = encode_example(load_tokenizer(hf_path(encoding_name)), record_format, view)
        except TemplateError:
            encoded = None  # counted the usual way; TK004 reports the template's failure on a long example
        if encoded is not None:
            return len(encoded.ids)
    return count_record(record_format, view, exact_measure(encoding_name), images=images)


def count_record(record_format: str | None, view: dict[str, Any], measure: Measure, *,
                 images: ImageCost = REFERENCE_IMAGE_COST) -> int:
    """Tokens of one training example in `record_format` (a validated typed view).

    A preference pair costs its prompt and the longer of its two answers. The TRL formats' fields
    (strings, message lists, content-part lists) count as one conversation: prompt then answer;
    a prompt-only record is its prompt (its other keys are reward data, never tokenized).
    """
    if record_format in ("chat", "rft"):
        return count_messages(view["messages"], measure, images=images) + count_tools(view, measure)
    if record_format == "preference":
        prompt = count_messages(view["input"]["messages"], measure, images=images) + count_tools(view["input"], measure)
        outputs = (count_messages(view[key], measure, images=images)
                   for key in ("preferred_output", "non_preferred_output"))
        return prompt + max(outputs)
    if record_format in ("prompt_completion", "kto"):
        return count_turns((view["prompt"], view["completion"]), measure, images=images)
    if record_format == "prompt_only":
        return count_turns((view["prompt"],), measure, images=images)
    if record_format == "preference_trl":
        prompt = view.get("prompt", "")  # implicit: inside both answers
        return max(count_turns((prompt, view[key]), measure, images=images) for key in ("chosen", "rejected"))
    if record_format == "preference_lf":
        # LLaMA-Factory v1: each side is the whole conversation, prompt included; parts keep their
        # text under `value`. The pair costs the longer side.
        return max(count_messages(_v1_messages(view[key]), measure) for key in ("chosen_messages", "rejected_messages"))
    total = sum(measure(text) for text in plain_texts(view))
    if record_format == "alpaca":  # earlier exchanges, as [question, answer] pairs
        total += sum(measure(text) for pair in view.get("history") or () for text in pair)
    elif record_format == "sharegpt":  # LLaMA-Factory's pair: the conversation and the longer final turn
        answers = [view[key] for key in ("chosen", "rejected") if view.get(key)]
        total += max((measure(turn["from"]) + measure(turn["value"]) for turn in answers), default=0)
    return total


def _v1_messages(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"role": m["role"], "content": "".join(part["value"] for part in m["content"])} for m in messages]


def count_turns(fields: Iterable[Any], measure: Measure, *, images: ImageCost = REFERENCE_IMAGE_COST) -> int:
    """Tokens of a prompt and its answer, each a string, a list of messages or a list of content parts;
    the messages of all the fields are one conversation (one reply priming)."""
    total = 0
    messages: list[dict[str, Any]] = []
    for value in fields:
        if isinstance(value, str):
            total += measure(value)
        elif is_messages(value):
            messages.extend(value)
        elif isinstance(value, list):
            total += count_parts(value, measure, images=images)
    return total + (count_messages(messages, measure, images=images) if messages else 0)


def is_messages(value: Any) -> bool:
    """Whether a validated prompt or completion list holds messages (not content parts)."""
    return isinstance(value, list) and bool(value) and "role" in value[0]


def count_parts(parts: list[dict[str, Any]], measure: Measure, *, images: ImageCost = REFERENCE_IMAGE_COST) -> int:
    """Tokens of a list of content parts outside a message (Together's multimodal prompt/completion)."""
    holder = {"content": parts}
    return sum(measure(text) for text in message_texts(holder)) + message_image_tokens(holder, images)


def count_messages(messages: Iterable[dict[str, Any]], measure: Measure, *,
                   images: ImageCost = REFERENCE_IMAGE_COST) -> int:
    total = REPLY_PRIMING
    for message in messages:
        total += TOKENS_PER_MESSAGE + measure(message.get("role") or "")
        for text in message_texts(message):
            total += measure(text)
        total += message_image_tokens(message, images)
        if message.get("name"):
            total += TOKENS_PER_NAME + measure(message["name"])
    return total


def message_texts(message: dict[str, Any]) -> Iterable[str]:
    """The strings of a message that are trained on: content text, text parts, tool call names and arguments."""
    yield from content_texts(message.get("content"))
    yield from tool_call_texts(message)


def content_texts(content: Any) -> Iterable[str]:
    """A message's content: its text, or the text of its text parts."""
    if isinstance(content, str):
        yield content
    elif isinstance(content, list):
        for part in content:
            text = part.get("text") if isinstance(part, dict) else None
            if isinstance(text, str):
                yield text


def tool_call_texts(message: dict[str, Any]) -> Iterable[str]:
    """The names and arguments of a message's tool calls."""
    for call in message.get("tool_calls") or ():
        function = call.get("function") or {}
        yield function.get("name") or ""
        arguments = function.get("arguments") or ""
        yield arguments if isinstance(arguments, str) else dump_json(arguments).decode()


def message_image_tokens(message: dict[str, Any], images: ImageCost = REFERENCE_IMAGE_COST) -> int:
    """Tokens of the images in a message, by the model's rule for their detail and (when known) size."""
    content = message.get("content")
    if not isinstance(content, list):
        return 0
    total = 0
    for part in content:
        image = part.get("image_url") if isinstance(part, dict) and part.get("type") == "image_url" else None
        if isinstance(image, dict) and isinstance(image.get("url"), str):
            total += images.tokens(image.get("detail") or "auto", read_image_ref(image["url"]).size)
    return total


def count_tools(view: dict[str, Any], measure: Measure) -> int:
    tools = view.get("tools") or view.get("functions")
    return measure(dump_json(tools).decode()) if tools else 0


def plain_texts(view: dict[str, Any]) -> Iterable[str]:
    for value in view.values():
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    yield from (v for v in item.values() if isinstance(v, str))
                elif isinstance(item, str):
                    yield item
