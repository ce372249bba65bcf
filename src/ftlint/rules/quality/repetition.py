"""DQ011 runaway-repetition."""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Iterable
from typing import Annotated

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.core.option_types import Field, Number
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule, RuleOptions, Target
from ftlint.rules.quality._answers import long_answers

_PIECES = re.compile(r"(?<=[.!?。\n])\s*")  # sentences and lines

# The sign of a loop looked for before compressing: a short piece taken at one of these places
# (shares of the answer's length; uneven, so that they do not all fall on the same spot of a loop's
# period, such as its counter) occurs this many times in the answer.
_PROBES = (29, 53, 79)  # percent
_PROBE_CHARS = 8
_PROBE_TIMES = 4
# Above this `max-compressed`, text need not loop to be reported, so every answer is compressed.
_PROBED_UP_TO = 0.2


class RunawayRepetitionOptions(RuleOptions):
    max_compressed: Number = Field(0.15, gt=0, lt=1)
    """An answer is reported when it compresses (zlib) to less than this share of its size."""
    min_chars: Annotated[int, Field(strict=True, ge=50)] = 400
    """Shorter answers are not looked at: short text compresses poorly whatever it says."""


class RunawayRepetition(RecordRule):
    """An answer repeats itself over and over (a generation that looped).

    ## What it does
    Compresses each answer the model is trained to give (assistant messages, completions,
    preference outputs, TRL's chosen and rejected answers, `text` records) with zlib and reports
    one that shrinks to less than `max-compressed` (15 %) of its size: natural text, even code,
    stays well above that, while a phrase repeated until the length limit shrinks to a few percent.
    Answers shorter than `min-chars` (400) are skipped. The message quotes the most repeated
    sentence or line.

    Compressing every answer would cost more than the rest of the check, so an answer is first
    looked at for the sign of a loop: a loop repeats any piece of itself, natural text hardly
    ever an 8-character one. Only an answer in which the piece at about 30 %, 50 % or 80 % of its
    length occurs at least 4 times is compressed (every answer when `max-compressed` is above 20 %).

    This rule is opt-in: select it by its code (`--extend-select DQ011`) or use the `strict`
    profile. Even with that first look it reads every long answer (three searches of each), which
    adds about a tenth to the time of a check of chat data.

    ## Why it matters
    Data distilled from a model keeps its failures: an answer that loops teaches the fine-tuned
    model to loop, and costs tokens for nothing.

    ## Example
    An answer that ends with "I hope this helps. I hope this helps. I hope this helps. ..."

    ## Fix
    Regenerate or cut the answer, or drop the record.

    ## Options
    `max-compressed` (0.15) and `min-chars` (400).
    """

    code = "DQ011"
    name = "runaway-repetition"
    default_severity = Severity.WARNING
    Options = RunawayRepetitionOptions
    opt_in = True
    when = "valid"

    def __init__(self, options: RuleOptions | None = None, *, target: Target) -> None:
        super().__init__(options, target=target)
        self._assistant_turns: dict[tuple[str, ...], tuple[int, ...]] = {}

    def check_record(self, record: Record) -> Iterable[Violation]:
        options: RunawayRepetitionOptions = self.options  # type: ignore[assignment]
        min_chars, shape = options.min_chars, record.shape
        probed = options.max_compressed <= _PROBED_UP_TO
        if shape.__class__ is tuple and record.format == "chat":
            # A plain chat record, whose shape is its roles: where its answers are is known once per
            # shape. This runs for every record: an answer is looked at only as far as its length
            # and the probes, in one pass that builds nothing for the usual answer.
            turns = self._assistant_turns.get(shape)
            if turns is None:
                turns = self._turns_of(shape)
            messages = record.data["messages"]
            candidates = [(("messages", index, "content"), text) for index in turns
                          if len(text := messages[index]["content"]) >= min_chars
                          and (not probed or may_loop(text))]
        else:
            candidates = [(where, text) for where, text in long_answers(record.format, record.data, min_chars)
                          if not probed or may_loop(text)]
        if not candidates:
            return ()
        found = []
        for where, text in candidates:
            data = text.encode("utf-8", "surrogatepass")
            share = len(zlib.compress(data, 6)) / len(data)
            if share >= options.max_compressed:
                continue
            piece, times = _most_repeated(text)
            quoted = f"; `{piece[:60]}{'...' if len(piece) > 60 else ''}` occurs {times} times" if times > 2 else ""
            found.append(Violation(f"answer repeats itself: its {len(text):,} characters compress to {share:.1%} "
                                   f"(natural text stays above {options.max_compressed:.0%}){quoted}",
                                   pointer=pointer(*where)))
        return found

    def _turns_of(self, shape: tuple[str, ...]) -> tuple[int, ...]:
        if len(self._assistant_turns) >= 4096:  # bounded, in case a file has a great many shapes
            self._assistant_turns.clear()
        turns = self._assistant_turns[shape] = tuple(i for i, role in enumerate(shape) if role == "assistant")
        return turns


def may_loop(text: str) -> bool:
    """Whether a piece of `text` at one of the probe places occurs `_PROBE_TIMES` times in it."""
    size, count = len(text), text.count
    for percent in _PROBES:
        start = size * percent // 100
        if count(text[start:start + _PROBE_CHARS]) >= _PROBE_TIMES:
            return True
    return False


def _most_repeated(text: str) -> tuple[str, int]:
    pieces = Counter(piece.strip() for piece in _PIECES.split(text) if len(piece.strip()) >= 8)
    return pieces.most_common(1)[0] if pieces else ("", 0)
