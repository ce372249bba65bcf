"""What the PC rules know of a file: their per-record columns (`_columns`) folded into per-file
facts once, over the feature table, and the base of the PC rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ftlint.core.rule import Target
from ftlint.rules.prompt_completion._columns import END, FORMAT

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable


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

