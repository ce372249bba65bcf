"""`ftlint stats --html`: one self-contained page (inline CSS and SVG, no script, nothing fetched).

The page is rendered from `Stats.as_dict()`, the same data `--output-format json` prints, so every
figure it shows is in the JSON too. Jinja2 renders `templates/stats.html.j2` with autoescaping on:
every string from the data (file names, class labels, masked snippets, messages) is escaped, and
control characters are shown escaped first (`\\x1b`) by the `text` filter, as in the text report.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ftlint import __version__
from ftlint.core.textsafe import escape_controls
from ftlint.report import charts
from ftlint.report.stats import Stats
from ftlint.report.text import part_title

_TEMPLATES = Path(__file__).parent / "templates"


def emit_html(stats: Stats, out: TextIO) -> None:
    out.write(render_page(stats.as_dict()))


def render_page(data: dict[str, Any]) -> str:
    """The page of a stats report given as plain data (`Stats.as_dict()`, or the JSON report read back)."""
    template = bool(data["counting"]["template"])
    environment = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=True, undefined=StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    environment.filters.update(n=_number, money=_money, share=_share, text=escape_controls)
    environment.globals.update(histogram=_safe(charts.histogram), bars=_safe(charts.bars),
                               stacked=_safe(charts.stacked), part_title=lambda part: part_title(part, template),
                               parts=lambda counts: [(f"p-{part}", part_title(part, template), count)
                                                     for part, count in counts.items()],
                               labels=lambda classes: [(json.dumps(label, ensure_ascii=False), count)
                                                       for label, count in classes.items()])
    return environment.get_template("stats.html.j2").render(s=data, version=__version__)


def _safe(draw: Any) -> Any:
    """A chart function whose SVG the template inserts as it is (the function escapes its own labels)."""
    return lambda *args: Markup(draw(*args))


def _number(value: float) -> str:
    return f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"


def _money(value: float | None) -> str:
    return "—" if value is None else f"${value:,.2f}"


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "0%"
