"""`ftlint stats` as text for a terminal, and as JSON.

File names and class labels come from the data: the text shows their control characters escaped
(see `ftlint.core.textsafe`), and the JSON is ASCII and valid whatever they hold.
"""

from __future__ import annotations

import json
from typing import TextIO

from ftlint.core.textsafe import escape_controls, valid_unicode_everywhere
from ftlint.report.stats import Distribution, Preference, Stats

PART_TITLES = {"system": "system", "user": "user", "assistant": "assistant", "tool": "tool results",
               "text": "text", "tool_calls": "tool calls", "tool_definitions": "tool definitions",
               "images": "images", "overhead": "overhead"}


def part_title(part: str, template: bool) -> str:
    """A part's name; `overhead` says what it holds: a chat template's additions when a model's own
    template counted, else the accounting's per-message tokens."""
    if part == "overhead":
        return "chat template" if template else "per-message overhead"
    return PART_TITLES[part]


def emit_text(stats: Stats, out: TextIO) -> None:
    line = out.write
    training = [f for f in stats.files if f.role == "training"]
    validation = f" (+ {stats.validation.records:,} validation)" if stats.validation else ""
    line(f"{escape_controls(', '.join(f.path for f in training))}: {stats.records:,} examples{validation}, "
         f"checked for {escape_controls(stats.model)} (limit {stats.max_tokens:,} tokens per example)\n"
         f"counted with {escape_controls(stats.counting.tokenizer)}\n\n")
    line(f"{'':22}{'min':>9}{'p5':>9}{'median':>9}{'mean':>11}{'p95':>9}{'max':>9}\n")
    rows = (("messages per example", stats.messages), ("tokens per example", stats.tokens),
            ("assistant tokens", stats.assistant_tokens))
    for title, values in rows[0 if stats.messages.max else 1:]:  # prompt/completion records have no messages
        line(_row(title, values))
    total = stats.total_tokens or 1
    parts = ", ".join(f"{part_title(part, stats.counting.template)} {count:,} ({count / total:.0%})"
                      for part, count in stats.tokens_by_part.items() if count)
    line(f"\ntokens by part: {parts or 'none'}; {stats.total_tokens:,} in all\n")
    if stats.turns_by_role:
        line(f"{'turns by role':<22}{'turns':>9}{'mean tokens':>13}{'longest':>9}{'per example (median, max)':>27}\n")
        for role, t in stats.turns_by_role.items():
            line(f"  {role:<20}{t.turns:>9,}{t.mean_tokens:>13,.1f}{t.longest:>9,}"
                 f"{t.per_example.median:>19,}{t.per_example.max:>8,}\n")
    if stats.over_limit:
        line(f"{stats.over_limit:,} examples are over the limit; {stats.truncated_tokens:,} tokens would be cut off\n")
    line(f"billing tokens: {stats.billing_tokens:,} per epoch; default epochs: {stats.epochs}; "
         f"trained tokens: {stats.trained_tokens:,}\n")
    _costs(stats, out)
    for note in stats.notes:
        line(f"note: {escape_controls(note)}\n")
    if len(stats.files) > 1:
        for f in stats.files:
            counts = f.findings
            line(f"  {escape_controls(f.path)} ({f.role}): {f.records:,} examples, {f.total_tokens:,} tokens; "
                 f"{_plural(counts['error'], 'error')}, {_plural(counts['warning'], 'warning')}\n")
    for f in stats.files:
        if f.classes:
            shown = ", ".join(f"{json.dumps(label, ensure_ascii=False)} {count:,}"
                              for label, count in f.classes.items())
            line(f"classes in {escape_controls(f.path)}: {escape_controls(shown)}\n")
    for f in stats.files:
        if f.preference:
            line(f"preference pairs in {escape_controls(f.path)}: {preference_summary(f.preference)}\n")
    if stats.findings:
        line("top findings: " + ", ".join(f"{s.code} {s.name} x{s.count}" for s in stats.findings[:10]) + "\n")


def preference_summary(p: Preference) -> str:
    """A file's preference figures in one line (PF007-PF009 judge the same figures)."""
    ratio = "no rejected text" if p.median_length_ratio is None else f"{p.median_length_ratio:.2f}x"
    return (f"{p.pairs:,}; chosen longer in {p.chosen_longer:,} ({p.chosen_longer_share:.0%}), median length ratio "
            f"chosen/rejected {ratio} ({p.length_unit}); {p.refusal_chosen:,} prefer a refusal over an answer; "
            f"{p.reversed:,} reversed")


def _costs(stats: Stats, out: TextIO) -> None:
    line = out.write
    if not stats.costs:
        line(f"estimated training cost: no price per token known for {escape_controls(stats.model)} (trained on "
             "your own hardware, or priced by a provider ftlint has no price of)\n")
        return
    line("estimated training cost for these epochs (prices in rules/models.toml; re-check them):\n")
    for cost in stats.costs:
        marker = "  <- target" if cost.target else ""
        line(f"  {cost.model:<28} ${cost.dollars:>12,.2f}  (${cost.price_per_1m:g} per 1M tokens){marker}\n")
    target = stats.target_cost
    if target:
        other = ", ".join(f"{e.epochs} ${e.dollars:,.2f}" for e in stats.epochs_what_if if e.dollars is not None)
        line(f"  {target.model} for other epochs: {other}\n")


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def _row(title: str, values: Distribution) -> str:
    return (f"{title:<22}{values.min:>9,}{values.p5:>9,}{values.median:>9,}{values.mean:>11,.1f}"
            f"{values.p95:>9,}{values.max:>9,}\n")


def emit_json(stats: Stats, out: TextIO) -> None:
    out.write(json.dumps(valid_unicode_everywhere(stats.as_dict()), indent=2) + "\n")
