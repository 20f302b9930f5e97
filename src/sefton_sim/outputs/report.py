"""``report.html``: the one self-contained page a planner or finance officer reads first.

The page is assembled from the output folder's own tables (never from memory), one section per
topic (``report_sections.py``). A section whose table is absent is left out with one line saying
which table it needs, so a table added later gets its section by adding one function to the
list of its output kind. Charts are Vega-Lite specifications rendered by the inlined Vega
bundle (``report_charts.py``); tables, data and styles are inlined too, so the file opens
offline from ``file://`` and prints (print styles: no page-breaks inside a section or chart).
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from pathlib import Path

import sefton_sim
from sefton_sim.outputs import report_charts as rc
from sefton_sim.outputs import report_sections as rs
from sefton_sim.outputs.report_parts import FolderTables, Section

REPORT_FILE = "report.html"
__all__ = ["REPORT_FILE", "FolderTables", "Section", "render", "write_report"]


STYLE = """
:root { --ink:#1b1b1b; --muted:#555; --rule:#d0d7de; --accent:#1f5f8b; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink); margin: 0; line-height: 1.45; }
header { background: #0b3c5d; color: white; padding: 1rem 2rem; }
header h1 { margin: 0 0 .25rem 0; font-size: 1.5rem; }
header p { margin: 0; opacity: .9; }
nav { padding: .5rem 2rem; border-bottom: 1px solid var(--rule); font-size: .9rem; }
nav { display: flex; flex-wrap: wrap; gap: .2rem .9rem; }
nav a { color: var(--accent); text-decoration: none; white-space: nowrap; }
main { max-width: 1100px; margin: 0 auto; padding: 0 2rem 3rem 2rem; }
section { border-bottom: 1px solid var(--rule); padding: 1rem 0 1.5rem 0; }
h2 { font-size: 1.2rem; margin: .5rem 0; color: #0b3c5d; }
p.reading { font-size: 1.02rem; background: #f3f7fa; border-left: 4px solid var(--accent); padding: .6rem .9rem; }
p.note, p.omitted { color: var(--muted); font-size: .9rem; }
p.omitted { font-style: italic; }
table { border-collapse: collapse; margin: .6rem 0; font-size: .85rem; }
th, td { border: 1px solid var(--rule); padding: .25rem .5rem; vertical-align: top; }
th { background: #e8eef4; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.wide td { max-width: 28rem; overflow-wrap: anywhere; }
td.long { min-width: 18rem; font-size: .8rem; }
.chart, div.table { margin: .8rem 0; overflow-x: auto; }
figure.png img { max-width: 100%; }
dl.headline { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: .6rem; }
dl.headline div { border: 1px solid var(--rule); border-radius: 6px; padding: .5rem .7rem; }
dl.headline dt { font-size: .8rem; color: var(--muted); }
dl.headline dd { margin: 0; font-size: 1.25rem; font-weight: 600; }
dl.headline dd span.band { display: block; font-size: .8rem; font-weight: 400; color: var(--muted); }
@media print {
  header { background: none; color: black; padding: 0; }
  nav, .vega-actions { display: none; }
  main { max-width: none; padding: 0; }
  section, .chart, table, dl.headline div { break-inside: avoid; page-break-inside: avoid; }
  a { color: black; text-decoration: none; }
  @page { size: A4 landscape; margin: 12mm; }
}
"""

RENDER_SCRIPT = """
(function () {
  var specs = document.querySelectorAll('script[type="application/json"][data-chart]');
  window.__charts_total = specs.length; window.__charts_done = 0; window.__charts_failed = 0;
  specs.forEach(function (node) {
    var spec = JSON.parse(node.textContent);
    vegaEmbed('#' + node.getAttribute('data-chart'), spec, {renderer: 'svg', actions: false})
      .then(function () { window.__charts_done += 1; })
      .catch(function (err) { window.__charts_failed += 1; console.error(err); });
  });
})();
"""


def _chart_block(chart: rc.Chart, n: int) -> str:
    spec = json.dumps(rc.spec_json(chart)).replace("</", "<\\/")
    return f'<div class="chart" id="chart-{n}"></div><script type="application/json" data-chart="chart-{n}">{spec}</script>'


def render(title: str, subtitle: str, sections: Sequence[Section]) -> str:
    """The whole page as one string: styles, the Vega bundle, every section and its charts inlined."""
    parts: list[str] = []
    nav: list[str] = []
    n = 0
    for section in sections:
        nav.append(f'<a href="#{section.key}">{html.escape(section.title)}</a>')
        body = [f'<section id="{section.key}" data-section="{section.key}"><h2>{html.escape(section.title)}</h2>']
        if section.omitted_because is not None:
            body.append(f'<p class="omitted">Not shown: {html.escape(section.omitted_because)}</p>')
        for block in section.blocks:
            if isinstance(block, str):
                body.append(block)
            else:
                body.append(_chart_block(block, n))
                n += 1
        body.append("</section>")
        parts.append("".join(body))
    bundle = rc.script_bundle() if n else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style>"
        + (f'<script type="text/javascript">{bundle}</script>' if bundle else "")
        + "</head><body>"
        f"<header><h1>{html.escape(title)}</h1><p>{html.escape(subtitle)}</p></header>"
        f"<nav>{''.join(nav)}</nav><main>{''.join(parts)}</main>"
        + (f"<script>{RENDER_SCRIPT}</script>" if n else "")
        + f'<footer style="padding:1rem 2rem;color:#555;font-size:.8rem">sefton-sim {html.escape(sefton_sim.__version__)}</footer>'
        "</body></html>\n"
    )


def write_report(folder: Path, kind: str) -> Path:
    """Write ``report.html`` into ``folder`` (an output folder being written) from its own tables, for output ``kind``."""
    tables = FolderTables(folder)
    functions, title, subtitle = rs.sections_for(kind, tables)
    sections = [fn(tables) for fn in functions]
    path = Path(folder) / REPORT_FILE
    path.write_text(render(title, subtitle, sections), encoding="utf-8")
    return path
