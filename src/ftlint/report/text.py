"""`ftlint stats` as text for a terminal, and as JSON.

File names and class labels come from the data: the text shows their control characters escaped
(see `ftlint.core.textsafe`), and the JSON is ASCII and valid whatever they hold.
"""

from __future__ import annotations

import json
from typing import TextIO

from ftlint.core.textsafe import escape_controls, valid_unicode_everywhere
from ftlint.report.stats import Distribution, Stats


def emit_text(stats: Stats, out: TextIO) -> None:
    line = out.write
    line(f"{escape_controls(', '.join(stats.files))}: {stats.records:,} examples, checked for {stats.model} "
         f"(limit {stats.max_tokens:,} tokens per example)\n\n")
    line(f"{'':22}{'min':>9}{'p5':>9}{'median':>9}{'mean':>11}{'p95':>9}{'max':>9}\n")
    rows = (("messages per example", stats.messages), ("tokens per example", stats.tokens),
            ("assistant tokens", stats.assistant_tokens))
    for title, values in rows[0 if stats.messages.max else 1:]:  # prompt/completion records have no messages
        line(_row(title, values))
    total = sum(stats.tokens_by_role.values()) or 1
    roles = ", ".join(f"{role} {count:,} ({count / total:.0%})" for role, count in stats.tokens_by_role.items()
                      if count)
    line(f"\ntokens by role: {roles or 'none'}\n")
    if stats.turns_by_role:
        line(f"{'turns by role':<22}{'turns':>9}{'mean tokens':>13}{'longest':>9}{'per example (median, max)':>27}\n")
        for role, t in stats.turns_by_role.items():
            line(f"  {role:<20}{t.turns:>9,}{t.mean_tokens:>13,.1f}{t.longest:>9,}"
                 f"{t.per_example.median:>19,}{t.per_example.max:>8,}\n")
    if stats.over_limit:
        line(f"{stats.over_limit:,} examples are over the limit; {stats.truncated_tokens:,} tokens would be cut off\n")
    line(f"billing tokens: {stats.billing_tokens:,} per epoch; default epochs: {stats.epochs}; "
         f"trained tokens: {stats.trained_tokens:,}\n")
    if stats.costs:
        line("estimated training cost for these epochs (prices in rules/models.toml; re-check them):\n")
        for cost in stats.costs:
            marker = "  <- target" if cost.model == stats.model else ""
            line(f"  {cost.model:<28} ${cost.dollars:>12,.2f}  (${cost.price_per_1m:g} per 1M tokens){marker}\n")
    else:
        line(f"estimated training cost: no price per token known for {escape_controls(stats.model)} (trained on "
             "your own hardware, or priced by a provider ftlint has no price of)\n")
    for path, classes in stats.classes.items():
        shown = ", ".join(f"{json.dumps(label, ensure_ascii=False)} {count:,}" for label, count in classes.items())
        line(f"classes in {escape_controls(path)}: {escape_controls(shown)}\n")
    if stats.findings_by_code:
        line("top findings: " + ", ".join(f"{code} {name} x{count}" for code, name, count
                                          in stats.findings_by_code[:10]) + "\n")


def _row(title: str, values: Distribution) -> str:
    return (f"{title:<22}{values.min:>9,}{values.p5:>9,}{values.median:>9,}{values.mean:>11,.1f}"
            f"{values.p95:>9,}{values.max:>9,}\n")


def emit_json(stats: Stats, out: TextIO) -> None:
    out.write(json.dumps(valid_unicode_everywhere(stats.as_dict()), indent=2) + "\n")
