"""The charts of the stats page, as inline SVG: a histogram with the model's limit, horizontal bars, and
one stacked bar. Plain SVG scales with its box, prints sharp and needs no script or library at check
time; the few shapes drawn here did not justify a plotting library's weight (matplotlib's import alone
takes longer than checking a small file).

Every label passes through `_e` (control characters shown escaped, then HTML-escaped): class labels
and file names come from the data.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from ftlint.core.textsafe import escape_controls

WIDTH = 560  # the drawing's own units; it is scaled to its box


def _e(text: str) -> str:
    return html.escape(escape_controls(text))


def histogram(ident: str, bins: Sequence[Sequence[int]], limit: int) -> str:
    """Examples per token-count bin, with the limit drawn as a line where it falls on the axis, or named
    at the axis' end when every example is far below it. Bins over the limit are drawn as such."""
    if not bins:
        return f"<p id={ident} class=muted>No examples to draw.</p>"
    height, left, bottom, top = 170, 44, 22, 14
    low, high = bins[0][0], bins[-1][1] + 1
    reach = high if limit >= high * 1.5 else max(high, limit + 1)  # a far limit would squash the bars
    span = max(reach - low, 1)
    plot = WIDTH - left - 10
    peak = max(count for _, _, count in bins) or 1

    def x(value: float) -> float:
        return left + plot * (value - low) / span

    shapes = []
    for start, end, count in bins:
        bar = (height - top - bottom) * count / peak
        over = " over" if start > limit else ""
        shapes.append(f"<rect class='bar{over}' x={x(start):.1f} y={height - bottom - bar:.1f} "
                      f"width={max(x(end + 1) - x(start) - 1, 1):.1f} height={bar:.1f}>"
                      f"<title>{start:,}-{end:,} tokens: {count:,} examples</title></rect>")
    axis = (f"<line class=axis-line x1={left} y1={height - bottom} x2={WIDTH - 10} y2={height - bottom} />"
            f"<text class=axis x={left} y={height - 6}>{low:,}</text>"
            f"<text class=axis x={WIDTH - 10} y={height - 6} text-anchor=end>{reach - 1:,} tokens</text>"
            f"<text class=axis x={left - 4} y={top + 4} text-anchor=end>{peak:,}</text>")
    if limit < reach:
        at = x(limit)
        mark = (f"<line class=limit x1={at:.1f} y1={top - 6} x2={at:.1f} y2={height - bottom} />"
                f"<text class='axis limit-label' x={at - 4:.1f} y={top} text-anchor=end>limit {limit:,}</text>")
    else:
        mark = (f"<text class='axis limit-label' x={WIDTH - 10} y={top} text-anchor=end>limit {limit:,} "
                "(off the axis) →</text>")
    return (f"<svg id={ident} class=chart viewBox='0 0 {WIDTH} {height}' role=img "
            f"aria-label='tokens per example'>{''.join(shapes)}{axis}{mark}</svg>")


def bars(ident: str, items: Sequence[tuple[str, int]], unit: str) -> str:
    """One labelled horizontal bar per item."""
    if not items:
        return f"<p id={ident} class=muted>Nothing to show.</p>"
    row, label_width = 22, 170
    peak = max(count for _, count in items) or 1
    shapes = []
    for index, (label, count) in enumerate(items):
        y = index * row
        length = max(1.0, (WIDTH - label_width - 80) * count / peak) if count else 0
        shapes.append(f"<text class=axis x={label_width - 6} y={y + 15} text-anchor=end>{_e(label)}</text>"
                      f"<rect class=bar x={label_width} y={y + 3} width={length:.1f} height={row - 6}>"
                      f"<title>{_e(label)}: {count:,} {unit}</title></rect>"
                      f"<text class=axis x={label_width + length + 6:.1f} y={y + 15}>{count:,}</text>")
    return (f"<svg id={ident} class=chart viewBox='0 0 {WIDTH} {len(items) * row}' role=img "
            f"aria-label='{html.escape(unit)}'>{''.join(shapes)}</svg>")


def stacked(ident: str, items: Sequence[tuple[str, str, int]]) -> str:
    """One bar split into the items' shares: (css class, label, count)."""
    total = sum(count for _, _, count in items)
    if not total:
        return f"<p id={ident} class=muted>No tokens.</p>"
    shapes, at = [], 0.0
    for css, label, count in items:
        if not count:
            continue
        width = WIDTH * count / total
        shapes.append(f"<rect class='part {css}' x={at:.2f} y=0 width={width:.2f} height=18>"
                      f"<title>{_e(label)}: {count:,} tokens ({count / total:.1%})</title></rect>")
        at += width
    return (f"<svg id={ident} class='chart stacked' viewBox='0 0 {WIDTH} 18' preserveAspectRatio=none role=img "
            f"aria-label='tokens by part'>{''.join(shapes)}</svg>")
