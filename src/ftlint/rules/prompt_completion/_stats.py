"""What the PC rules know of a file: small per-record features, folded into per-file facts once.

The features are the ends of each prompt and completion (for common separators, stop sequences
and prefixes), how much of each end repeats inside the text (so a separator found only later, over
the whole file, can still be looked for inside every prompt), which candidate separators occur,
and letter case counts. A worker never needs another record; the folding happens over the table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import xxhash

from ftlint.core.records import Record
from ftlint.core.rule import Feature, Target

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable

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


def _texts(record: Record) -> tuple[str, str] | None:
    view = record.view
    if record.format != FORMAT or view is None:
        return None
    prompt, completion = view.get("prompt"), view.get("completion")
    return (prompt, completion) if isinstance(prompt, str) and isinstance(completion, str) else None


def pc_ends(record: Record) -> str | None:
    """Prompt head, prompt tail, completion head and completion tail, joined by NUL (absent from text)."""
    texts = _texts(record)
    if texts is None:
        return None
    prompt, completion = texts
    return "\0".join((prompt[:END], prompt[-END:], completion[:END], completion[-END:]))


def pc_marks(record: Record) -> int | None:
    """Bits: which separators occur in the prompt, which stops in the completion, repeated tail lengths."""
    texts = _texts(record)
    if texts is None:
        return None
    prompt, completion = texts
    bits = sum(1 << i for i, s in enumerate(SEPARATORS) if s in prompt)
    bits |= sum(1 << (STOP_SHIFT + i) for i, s in enumerate(STOPS) if s in completion)
    return bits | repeated_tail(prompt) << PROMPT_REPEAT_SHIFT | repeated_tail(completion) << COMPLETION_REPEAT_SHIFT


def pc_case(record: Record) -> int | None:
    """ASCII upper and lower letter counts of prompt and completion, 15 bits each."""
    texts = _texts(record)
    if texts is None:
        return None
    counts = []
    for text in texts:
        data = text.encode("utf-8")
        counts.append(min(len(data.translate(None, _NOT_UPPER)), 0x7FFF))
        counts.append(min(len(data.translate(None, _NOT_LOWER)), 0x7FFF))
    return counts[0] | counts[1] << 15 | counts[2] << 30 | counts[3] << 45


def pc_prompt_hash(record: Record) -> int | None:
    texts = _texts(record)
    return None if texts is None else xxhash.xxh3_64_intdigest(texts[0].encode("utf-8", "surrogatepass"))


FEATURES = (
    Feature("pc_ends", "Utf8", pc_ends),
    Feature("pc_marks", "Int64", pc_marks),
    Feature("pc_case", "Int64", pc_case),
    Feature("pc_prompt_hash", "UInt64", pc_prompt_hash),
)


@dataclass
class PcFile:
    """The prompt/completion records of one file, folded."""

    path: str
    lines: list[int] = field(default_factory=list)
    ends: list[tuple[str, str, str, str]] = field(default_factory=list)
    marks: list[int] = field(default_factory=list)
    prompt_hashes: set[int] = field(default_factory=set)
    upper: list[int] = field(default_factory=lambda: [0, 0])  # prompt, completion
    lower: list[int] = field(default_factory=lambda: [0, 0])

    def prefix(self, field_index: int) -> str:
        return common_prefix([e[field_index] for e in self.ends])

    def suffix(self, field_index: int) -> str:
        return common_suffix([e[field_index] for e in self.ends])

    def present(self, shift: int) -> int:
        """Candidates (separators at shift 0, stops at STOP_SHIFT) that occur in some record."""
        found = 0
        for bits in self.marks:
            found |= bits >> shift & 0xFFF
        return found if shift else found & 0xFF

    def repeat(self, row: int, shift: int) -> int:
        return self.marks[row] >> shift & 0x7F

    def inner_copies(self, end_index: int, shift: int) -> tuple[str, list[int]]:
        """The ending every text shares (`end_index` 1: prompts, 3: completions), and the lines of the
        texts that also contain it before their end. Endings of END characters or more are not looked for."""
        ending = self.suffix(end_index)
        if not ending or len(ending) >= END or len(self.lines) < 2:
            return ending, []
        return ending, [line for row, line in enumerate(self.lines) if self.repeat(row, shift) >= len(ending)]


def pc_files(table: FeatureTable) -> list[PcFile]:
    """Per-file facts, folded once per table and shared by every PC rule."""
    cached = table.memo.get("pc_files")
    if cached is None:
        cached = table.memo["pc_files"] = _fold(table)
    return cached


def _fold(table: FeatureTable) -> list[PcFile]:
    files: dict[int, PcFile] = {}
    for file, line, ends, marks, case, prompt_hash in table.iter_rows(
        "file", "line", "pc_ends", "pc_marks", "pc_case", "pc_prompt_hash"
    ):
        if ends is None:
            continue
        state = files.get(file)
        if state is None:
            state = files[file] = PcFile(table.paths[file])
        state.lines.append(line)
        state.ends.append(tuple(ends.split("\0")))  # type: ignore[arg-type]
        state.marks.append(marks)
        state.prompt_hashes.add(prompt_hash)
        for index in (0, 1):
            state.upper[index] += case >> (30 * index) & 0x7FFF
            state.lower[index] += case >> (30 * index + 15) & 0x7FFF
    return [files[index] for index in sorted(files)]


def common_prefix(texts: list[str]) -> str:
    if not texts:
        return ""
    low, high = min(texts), max(texts)  # the common prefix of all is that of the extremes
    size = 0
    while size < len(low) and low[size] == high[size]:
        size += 1
    return low[:size]


def common_suffix(texts: list[str]) -> str:
    return common_prefix([t[::-1] for t in texts])[::-1]


def first_absent(candidates: tuple[str, ...], present: int) -> str:
    """The first candidate whose bit is not set in `present`; the last one as a fallback."""
    return next((c for i, c in enumerate(candidates) if not present >> i & 1), candidates[-1])


def shown(text: str) -> str:
    """A short text as it would be written in JSON, so whitespace is visible."""
    import json

    return json.dumps(text, ensure_ascii=False)


class PcRule:
    """Mixin: runs only when the target trains on prompt/completion records (the legacy profile)."""

    formats = frozenset({FORMAT})

    @classmethod
    def active(cls, target: Target) -> bool:
        return FORMAT in target.formats

