"""`ftlint stats --html`: one self-contained page (inline CSS and SVG, no script, no network).

Text from the data (file names, class labels) is shown with its control characters escaped, as in
the text report, then HTML-escaped: a name that is not UTF-8 shows its odd bytes as `\\xff`.
"""

from __future__ import annotations

import html
import json
from typing import TextIO

from ftlint.core.textsafe import escape_controls
from ftlint.report.stats import Stats

_STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 980px; color: #1d2430; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
table { border-collapse: collapse; }
td, th { padding: .25rem .7rem; border-bottom: 1px solid #dde2ea; text-align: right; }
th:first-child, td:first-child, #findings td:nth-child(2), #findings th:nth-child(2) { text-align: left; }
.bar { fill: #3b6fd8; } .bar.over { fill: #d8503b; } .axis { fill: #5a6473; font-size: 11px; }
.muted { color: #5a6473; }
"""


def _e(text: str) -> str:
    return html.escape(escape_controls(text))


def emit_html(stats: Stats, out: TextIO) -> None:
    e = _e
    parts = [f"<!doctype html><html lang=en><meta charset=utf-8><title>ftlint stats: {e(', '.join(stats.files))}"
             f"</title><style>{_STYLE}</style><body>",
             f"<h1>ftlint stats</h1><p class=muted>{e(', '.join(stats.files))}: {stats.records:,} examples, "
             f"checked for {e(stats.model)} (limit {stats.max_tokens:,} tokens per example)</p>",
             _summary_table(stats),
             "<h2>Tokens per example</h2>",
             _bars("token-histogram", [(f"{lo:,}" if lo == hi else f"{lo:,}-{hi:,}", count, lo > stats.max_tokens)
                                       for lo, hi, count in stats.histogram], "examples"),
             "<h2>Tokens by role</h2>",
             _bars("role-chart", [(role, count, False) for role, count in stats.tokens_by_role.items()], "tokens"),
             _turns_table(stats)]
    for path, classes in stats.classes.items():
        parts.append(f"<h2>Class balance in {e(path)}</h2>")
        parts.append(_bars("class-chart", [(json.dumps(label, ensure_ascii=False), count, False)
                                           for label, count in classes.items()], "examples"))
    parts.append("<h2>Findings</h2>")
    if stats.findings_by_code:
        rows = "".join(f"<tr><td>{e(code)}</td><td>{e(name)}</td><td>{count:,}</td></tr>"
                       for code, name, count in stats.findings_by_code)
        parts.append(f"<table id=findings><tr><th>code</th><th>rule</th><th>count</th></tr>{rows}</table>")
    else:
        parts.append("<p id=findings>No findings.</p>")
    parts.append("</body></html>\n")
    out.write("".join(parts))


def _summary_table(stats: Stats) -> str:
    rows = [("messages per example", stats.messages), ("tokens per example", stats.tokens),
            ("assistant tokens", stats.assistant_tokens)][0 if stats.messages.max else 1:]
    body = "".join(f"<tr><td>{title}</td><td>{d.min:,}</td><td>{d.p5:,}</td><td>{d.median:,}</td>"
                   f"<td>{d.mean:,.1f}</td><td>{d.p95:,}</td><td>{d.max:,}</td></tr>" for title, d in rows)
    costs = "".join(f"<tr><td>{html.escape(c.model)}</td><td>${c.dollars:,.2f}</td></tr>" for c in stats.costs)
    return (f"<table id=summary><tr><th></th><th>min</th><th>p5</th><th>median</th><th>mean</th><th>p95</th>"
            f"<th>max</th></tr>{body}</table>"
            f"<p>{stats.over_limit:,} examples over the limit ({stats.truncated_tokens:,} tokens cut off). "
            f"Billing tokens {stats.billing_tokens:,} per epoch, default epochs {stats.epochs}, "
            f"trained tokens {stats.trained_tokens:,}.</p>"
            + (f"<table id=costs><tr><th>model</th><th>estimated cost</th></tr>{costs}</table>" if costs else ""))


def _turns_table(stats: Stats) -> str:
    if not stats.turns_by_role:
        return ""
    rows = "".join(f"<tr><td>{html.escape(role)}</td><td>{t.turns:,}</td><td>{t.mean_tokens:,.1f}</td>"
                   f"<td>{t.longest:,}</td><td>{t.per_example.median:,}</td><td>{t.per_example.max:,}</td></tr>"
                   for role, t in stats.turns_by_role.items())
    return ("<h2>Turns by role</h2><table id=turns><tr><th>role</th><th>turns</th><th>mean tokens</th>"
            f"<th>longest</th><th>median per example</th><th>most per example</th></tr>{rows}</table>")


def _bars(ident: str, items: list[tuple[str, int, bool]], unit: str) -> str:
    """A horizontal bar chart in SVG: one labelled bar per item."""
    if not items:
        return f"<p id={ident}>Nothing to show.</p>"
    height, label_width, width = 22, 150, 760
    peak = max(count for _, count, _ in items) or 1
    rows = []
    for index, (label, count, over) in enumerate(items):
        y = index * height
        length = max(1.0, (width - label_width - 90) * count / peak) if count else 0
        rows.append(f"<text class=axis x={label_width - 6} y={y + 15} text-anchor=end>{_e(label)}</text>"
                    f"<rect class='bar{' over' if over else ''}' x={label_width} y={y + 3} width={length:.1f} "
                    f"height={height - 6}><title>{_e(label)}: {count:,} {unit}</title></rect>"
                    f"<text class=axis x={label_width + length + 6:.1f} y={y + 15}>{count:,}</text>")
    return (f"<svg id={ident} width={width} height={len(items) * height} "
            f"role=img aria-label='{html.escape(unit)} chart'>{''.join(rows)}</svg>")
