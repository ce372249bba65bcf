"""The per-record columns of the PC rules, computed in the workers.

For each record: the ends of its prompt and completion (for common separators, stop sequences and
prefixes), bit marks of the candidate separators and stops it holds with how much of each end
repeats inside its text (so a separator found only later, over the whole file, can still be
looked for inside every prompt), letter case counts, and a hash of the prompt. Records whose prompt
or completion is a list (messages or content parts) get no columns: the PC rules skip them.
"""

from __future__ import annotations

import xxhash

from ftlint.core.records import Record
from ftlint.core.rule import Feature

FORMAT = "prompt_completion"
END = 64  # characters kept from each end of a text: separators, stops and prefixes are short
# Candidates in the order OpenAI's legacy `prepare_data` tried them; the first that no text contains wins.
SEPARATORS = ("\n\n###\n\n", "\n\n===\n\n", "\n\n---\n\n", "\n\n===>\n\n", "\n\n--->\n\n", "\n\n### =>\n\n")
STOPS = ("\n", " END", "***", "+++", "&&&", "$$$", "@@@", "%%%", " [END]")
# pc_marks bit layout: separators in the prompt, stops in the completion, then the two repeat lengths.
STOP_SHIFT, PROMPT_REPEAT_SHIFT, COMPLETION_REPEAT_SHIFT = 8, 20, 28
_UPPER = bytes(range(65, 91))
_LOWER = bytes(range(97, 123))
_NOT_UPPER = bytes(b for b in range(256) if b not in _UPPER)
_NOT_LOWER = bytes(b for b in range(256) if b not in _LOWER)


def repeated_tail(text: str) -> int:
    """The longest k <= END such that the last k characters also occur earlier in `text`.

    If the last k characters occur earlier, so do the last k-1: the answer is found by bisection.
    """
    low, high = 0, min(END, len(text) - 1)
    while low < high:
        middle = (low + high + 1) // 2
        if text.find(text[-middle:], 0, len(text) - 1) != -1:
            low = middle
        else:
            high = middle - 1
    return max(low, 0)


def string_pair(record: Record) -> tuple[str, str] | None:
    """The prompt and completion of a record whose both are strings: the only ones the legacy
    conventions apply to (TRL's conversational and Together's multimodal lists are templated)."""
    view = record.view
    if record.format != FORMAT or view is None:
        return None
    prompt, completion = view.get("prompt"), view.get("completion")
    return (prompt, completion) if isinstance(prompt, str) and isinstance(completion, str) else None


def pc_ends(record: Record) -> str | None:
    """Prompt head, prompt tail, completion head and completion tail, joined by NUL (absent from text)."""
    texts = string_pair(record)
    if texts is None:
        return None
    prompt, completion = texts
    return "\0".join((prompt[:END], prompt[-END:], completion[:END], completion[-END:]))


def pc_marks(record: Record) -> int | None:
    """Bits: which separators occur in the prompt, which stops in the completion, repeated tail lengths."""
    texts = string_pair(record)
    if texts is None:
        return None
    prompt, completion = texts
    bits = sum(1 << i for i, s in enumerate(SEPARATORS) if s in prompt)
    bits |= sum(1 << (STOP_SHIFT + i) for i, s in enumerate(STOPS) if s in completion)
    return bits | repeated_tail(prompt) << PROMPT_REPEAT_SHIFT | repeated_tail(completion) << COMPLETION_REPEAT_SHIFT


def pc_case(record: Record) -> int | None:
    """ASCII upper and lower letter counts of prompt and completion, 15 bits each."""
    texts = string_pair(record)
    if texts is None:
        return None
    counts = []
    for text in texts:
        data = text.encode("utf-8")
        counts.append(min(len(data.translate(None, _NOT_UPPER)), 0x7FFF))
        counts.append(min(len(data.translate(None, _NOT_LOWER)), 0x7FFF))
    return counts[0] | counts[1] << 15 | counts[2] << 30 | counts[3] << 45


def pc_prompt_hash(record: Record) -> int | None:
    texts = string_pair(record)
    return None if texts is None else xxhash.xxh3_64_intdigest(texts[0].encode("utf-8", "surrogatepass"))


# Each is None for a record of another format (`string_pair`): the engine need not ask.
FEATURES = (
    Feature("pc_ends", "Utf8", pc_ends, frozenset({FORMAT})),
    Feature("pc_marks", "Int64", pc_marks, frozenset({FORMAT})),
    Feature("pc_case", "Int64", pc_case, frozenset({FORMAT})),
    Feature("pc_prompt_hash", "UInt64", pc_prompt_hash, frozenset({FORMAT})),
)
