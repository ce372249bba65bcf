"""The `ftlint stats --html` page, rendered in a real headless Chromium: its figures are the JSON's, train
and validation sit side by side at a laptop's width, the limit is drawn, findings link to their rules,
the target's cost is marked, it prints, and it fetches nothing.

The page has no script of its own. To measure its layout, the test renders a copy with a script added
that writes the boxes it measures into the DOM, which Chromium's `--dump-dom` then prints.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from ftlint.report.html import render_page
from tests.conftest import FIXTURES, run_cli

REALDATA = FIXTURES / "realdata"
TRAIN = REALDATA / "azure__stock_toolcall_training.jsonl"
VALID = REALDATA / "azure__stock_toolcall_validation.jsonl"
TICKETS = FIXTURES / "datasets" / "invalid" / "support_tickets_imbalanced.jsonl"

_MEASURE = """<script>
const box = (el) => { const r = el.getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width, h: r.height}; };
const out = {
  viewport: innerWidth, scroll: document.documentElement.scrollWidth,
  cards: [...document.querySelectorAll('article.file')].map((el) => ({role: el.dataset.role, ...box(el)})),
  histograms: [...document.querySelectorAll('svg[id^=histogram]')].map(box),
  tiles: [...document.querySelectorAll('#summary .tile')].map(box),
};
const pre = document.createElement('pre'); pre.id = 'measured'; pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
</script>"""


def _chromium() -> list[str]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Chromium is needed for this test; .ci/run installs Debian's package"
    return [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
            "--window-size=1280,2400", "--hide-scrollbars"]


def _render(tmp_path: Path, *args: str) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """The page's text, its JSON twin, and the layout Chromium measured."""
    page = tmp_path / "report.html"
    run = run_cli("stats", "--html", str(page), "--output-format", "json", *args)
    assert run.code == 0, run.stderr
    measured = tmp_path / "measured.html"
    measured.write_text(page.read_text(encoding="utf-8").replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    dom = subprocess.run([*_chromium(), "--dump-dom", measured.as_uri()], capture_output=True, text=True,
                         timeout=120).stdout
    layout = json.loads(unescape(dom.split('<pre id="measured">', 1)[1].split("</pre>", 1)[0]))
    return dom, json.loads(run.stdout), layout


def _between(dom: str, start: str, end: str) -> str:
    return dom.split(start, 1)[1].split(end, 1)[0]


def test_the_page_shows_the_jsons_figures_side_by_side_at_laptop_width(tmp_path: Path) -> None:
    dom, stats, layout = _render(tmp_path, "--model", "gpt-4o-mini", str(TRAIN), str(VALID))
    # The page is made of the JSON's data alone: rendered again from the JSON report, it is the same page.
    assert render_page(stats) == (tmp_path / "report.html").read_text(encoding="utf-8")
    # The summary band: each tile's figure is the JSON's.
    band = _between(dom, 'id="summary"', "</section>")
    values = [unescape(v) for v in re.findall(r'<span class="value">([^<]*)</span>', band)]
    target = next(cost for cost in stats["costs"] if cost["target"])
    assert values == [f"{stats['records']:,}", f"{stats['total_tokens']:,}", f"{stats['billing_tokens']:,}",
                      str(stats["epochs"]), f"{stats['trained_tokens']:,}", f"${target['dollars']:,.2f}",
                      f"{stats['finding_counts']['error']:,}", f"{stats['finding_counts']['warning']:,}"]
    assert f"+ {stats['validation']['records']:,} validation" in band
    assert band.count('class="chip ') == 2  # each file's verdict
    # Training and validation side by side, using the laptop's width, nothing cut off at the right.
    train, valid = layout["cards"]
    assert (train["role"], valid["role"]) == ("training", "validation")
    assert abs(train["y"] - valid["y"]) < 1 and valid["x"] > train["x"] + train["w"] - 1
    assert train["w"] + valid["w"] > 0.85 * layout["viewport"]
    assert layout["scroll"] <= layout["viewport"]
    assert len({round(tile["y"]) for tile in layout["tiles"]}) == 1  # the band is one row at 1280 px
    assert all(chart["w"] > 400 for chart in layout["histograms"])
    # Each file's tokens by part add up to its total, and the page lists them.
    for index, file in enumerate(stats["files"], start=1):
        card = _between(dom, f'id="file-{index}"', "</article>")
        assert f"{file['total_tokens']:,}" in card and "tool definitions" in card
        assert card.count('class="part ') == sum(1 for count in file["tokens_by_part"].values() if count)
        assert "limit 65,536 (off the axis)" in card  # far beyond the longest example: named, not drawn
    # Cost per model with the target marked, and other epochs for it.
    costs = _between(dom, 'id="costs"', "</table>")
    assert costs.count('class="target"') == 1 and ">target<" in costs and target["model"] in costs
    epochs = _between(dom, 'id="epochs"', "</table>")
    assert epochs.count("<tr") == len(stats["epochs_what_if"]) + 1
    assert f"${stats['epochs_what_if'][0]['dollars']:,.2f}" in epochs


def test_findings_link_their_rules_and_show_groups(tmp_path: Path) -> None:
    records = [{"messages": [{"role": "user", "content": "Mail bob.smith@northwind-mail.com the invoice"},
                             {"role": "assistant", "content": "Sent."}]}] * 3
    records += [{"messages": [{"role": "user", "content": "word " * 20_000}, {"role": "assistant", "content": "ok"}]}]
    records += [{"messages": [{"role": "user", "content": f"q{i}"}, {"role": "assistant", "content": "a"}]}
                for i in range(6)]
    data = tmp_path / "data.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    dom, stats, _ = _render(tmp_path, "--model", "gpt-3.5-turbo-0125", str(data))
    table = _between(dom, 'id="findings"', "</table>")
    for rule in stats["findings"]:
        row = _between(table, f'id="rule-{rule["code"]}"', "</tr>")
        assert f'href="{rule["url"]}"' in row and f">{rule['count']:,}<" in row
        assert all(place in row for place in rule["places"])
    groups = _between(dom, 'id="groups-DQ001"', "</section>")
    assert "3 records" in groups and "bob.smith@northwind-mail.com" not in dom and "b***@n***.com" in groups
    # The histogram draws the limit (16,385 for gpt-3.5-turbo-0125) as a line: one example is past it.
    card = _between(dom, 'id="file-1"', "</article>")
    assert 'class="limit"' in card and "limit 16,385" in card and "class=\"bar over\"" in card


def test_class_balance_and_a_page_that_prints_and_fetches_nothing(tmp_path: Path) -> None:
    dom, stats, _ = _render(tmp_path, "--profile", "openai-legacy", str(TICKETS))
    classes = _between(dom, 'id="classes-1"', "</svg>")
    assert classes.count("<rect") == len(stats["files"][0]["classes"]) == 4
    assert "<script" not in (tmp_path / "report.html").read_text(encoding="utf-8")
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    # Nothing is fetched: no scripts, stylesheets, images, fonts or frames; links to the rules' pages only.
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b|\bsrc=|url\(|@import", page)
    assert set(re.findall(r'href="([^"]+)"', page)) <= {rule["url"] for rule in stats["findings"]}
    pdf = tmp_path / "report.pdf"
    subprocess.run([*_chromium(), f"--print-to-pdf={pdf}", "--no-pdf-header-footer",
                    (tmp_path / "report.html").as_uri()], capture_output=True, timeout=120, check=True)
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert data.startswith(b"%PDF") and 1 <= pages <= 4


@pytest.mark.parametrize("width", [1024, 1440])
def test_no_horizontal_scrolling_at_other_laptop_widths(tmp_path: Path, width: int) -> None:
    page = tmp_path / "report.html"
    assert run_cli("stats", "--html", str(page), str(TRAIN), str(VALID)).code == 0
    measured = tmp_path / "measured.html"
    measured.write_text(page.read_text(encoding="utf-8").replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    flags = [flag if not flag.startswith("--window-size") else f"--window-size={width},1800" for flag in _chromium()]
    dom = subprocess.run([*flags, "--dump-dom", measured.as_uri()], capture_output=True, text=True, timeout=120).stdout
    layout = json.loads(unescape(dom.split('<pre id="measured">', 1)[1].split("</pre>", 1)[0]))
    assert layout["scroll"] <= layout["viewport"] == width
