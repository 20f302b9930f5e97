"""Interactive charts for ``report.html``, declared with Vega-Altair.

Why Vega-Altair: a chart is a declarative JSON specification (data, marks, encodings), so the
report carries its own data and renders the same on every machine; tooltips and zoom come with
it; the Vega / Vega-Lite / vega-embed scripts ship inside ``vl-convert-python`` as one bundle
that is inlined, so the report opens offline with no CDN; and the same specification exports to
PNG or SVG through vl-convert when a static picture is wanted. Legends sit below the plot (they
never cover data) and long titles are split into a title and a subtitle (never cut off).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Sequence
from importlib import metadata
from typing import Any

import altair as alt
import polars as pl

from sefton_sim.compile_cache import user_cache_folder

WIDTH_PX = 640
HEIGHT_PX = 260
BAND_COLOUR = "#1f5f8b"
FACT_COLOUR = "black"

Chart = alt.Chart | alt.LayerChart | alt.FacetChart | alt.VConcatChart | alt.HConcatChart


def _rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts (dates as ISO text)."""
    out = []
    for row in frame.iter_rows(named=True):
        out.append({k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in row.items()})
    return out


def _title(title: str, subtitle: str | None = None) -> alt.TitleParams:
    return alt.TitleParams(text=title, subtitle=subtitle or "", anchor="start", fontSize=14, subtitleFontSize=11)


def _x(x: str, temporal: bool, title: str) -> alt.X:
    return alt.X(f"{x}:{'T' if temporal else 'O'}", title=title, axis=alt.Axis(labelAngle=0))


def fan(
    frame: pl.DataFrame,
    x: str,
    title: str,
    y_title: str,
    subtitle: str | None = None,
    temporal: bool = True,
    colour: str = BAND_COLOUR,
    points: pl.DataFrame | None = None,
    lines: pl.DataFrame | None = None,
) -> Chart:
    """A fan: p10-p90 band and median line of ``frame`` (columns ``x, p10, p50, p90``); optional
    published points (``x, value, label``) as black dots and reference lines (``x, value, label``) dashed."""
    data = alt.Data(values=_rows(frame.select(x, "p10", "p50", "p90")))
    base = alt.Chart(data).encode(x=_x(x, temporal, ""))
    band = base.mark_area(opacity=0.3, color=colour).encode(
        y=alt.Y("p10:Q", title=y_title), y2="p90:Q", tooltip=[f"{x}:{'T' if temporal else 'O'}", "p10:Q", "p50:Q", "p90:Q"]
    )
    median = base.mark_line(color=colour, strokeWidth=2, point=alt.OverlayMarkDef(color=colour) if not temporal else False).encode(
        y="p50:Q", tooltip=["p50:Q"]
    )
    layers: list[Any] = [band, median]
    if lines is not None and lines.height:
        layers.append(
            alt.Chart(alt.Data(values=_rows(lines)))
            .mark_line(strokeDash=[6, 4], strokeWidth=1.5)
            .encode(
                x=_x(x, temporal, ""),
                y="value:Q",
                color=alt.Color("label:N", title=None, legend=alt.Legend(orient="bottom", labelLimit=400)),
                tooltip=["label:N", "value:Q"],
            )
        )
    if points is not None and points.height:
        layers.append(
            alt.Chart(alt.Data(values=_rows(points)))
            .mark_point(filled=True, size=45, color=FACT_COLOUR)
            .encode(
                x=_x(x, temporal, ""),
                y="value:Q",
                shape=alt.Shape("label:N", title=None, legend=alt.Legend(orient="bottom", labelLimit=400)),
                tooltip=["label:N", "value:Q", "source:N"],
            )
        )
    return alt.layer(*layers).properties(width=WIDTH_PX, height=HEIGHT_PX, title=_title(title, subtitle))


def lines(frame: pl.DataFrame, x: str, y: str, colour: str, title: str, y_title: str, subtitle: str | None = None, temporal: bool = True) -> Chart:
    """One line per ``colour`` value; legend below the plot."""
    return (
        alt.Chart(alt.Data(values=_rows(frame.select(x, y, colour))))
        .mark_line(point=not temporal)
        .encode(
            x=_x(x, temporal, ""),
            y=alt.Y(f"{y}:Q", title=y_title),
            color=alt.Color(f"{colour}:N", title=None, legend=alt.Legend(orient="bottom", columns=3, labelLimit=300)),
            tooltip=[f"{colour}:N", f"{x}:{'T' if temporal else 'O'}", f"{y}:Q"],
        )
        .properties(width=WIDTH_PX, height=HEIGHT_PX, title=_title(title, subtitle))
    )


def stacked_bars(frame: pl.DataFrame, x: str, y: str, colour: str, title: str, y_title: str, subtitle: str | None = None) -> Chart:
    """Stacked bars by ``colour`` per ``x`` (financial years); legend below."""
    return (
        alt.Chart(alt.Data(values=_rows(frame.select(x, y, colour))))
        .mark_bar()
        .encode(
            x=_x(x, False, ""),
            y=alt.Y(f"{y}:Q", title=y_title, stack="zero"),
            color=alt.Color(f"{colour}:N", title=None, legend=alt.Legend(orient="bottom", columns=3, labelLimit=300)),
            tooltip=[f"{colour}:N", f"{x}:O", alt.Tooltip(f"{y}:Q", format=",.1f")],
        )
        .properties(width=WIDTH_PX, height=HEIGHT_PX, title=_title(title, subtitle))
    )


def grouped_bars(frame: pl.DataFrame, y: str, x: str, colour: str, title: str, x_title: str, subtitle: str | None = None) -> Chart:
    """Horizontal bars, one group per ``y`` value, one bar per ``colour`` value; legend below."""
    return (
        alt.Chart(alt.Data(values=_rows(frame.select(y, x, colour))))
        .mark_bar()
        .encode(
            y=alt.Y(f"{y}:N", title=None, sort=None, axis=alt.Axis(labelLimit=360)),
            yOffset=alt.YOffset(f"{colour}:N"),
            x=alt.X(f"{x}:Q", title=x_title),
            color=alt.Color(f"{colour}:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=[f"{y}:N", f"{colour}:N", alt.Tooltip(f"{x}:Q", format=",.1f")],
        )
        .properties(width=WIDTH_PX - 200, title=_title(title, subtitle))
    )


def occupancy_panels(frame: pl.DataFrame, title: str, subtitle: str | None = None) -> Chart:
    """Per setting: children (p10-p90 band, median) against places open (step line), one panel each."""
    data = alt.Data(values=_rows(frame.select("setting_label", "date", "places", "children_p10", "children_p50", "children_p90")))
    base = alt.Chart().encode(x=alt.X("date:T", title=""))
    band = base.mark_area(opacity=0.3, color=BAND_COLOUR).encode(y=alt.Y("children_p10:Q", title="children"), y2="children_p90:Q")
    median = base.mark_line(color=BAND_COLOUR).encode(y="children_p50:Q", tooltip=["date:T", "children_p50:Q", "places:Q"])
    places = base.mark_line(color="#b03a2e", strokeDash=[6, 3], interpolate="step-after").encode(y="places:Q", tooltip=["date:T", "places:Q"])
    return (
        alt.layer(band, median, places, data=data)
        .properties(width=WIDTH_PX, height=180)
        .facet(row=alt.Row("setting_label:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start", labelOrient="top")))
        .resolve_scale(y="independent")
        .properties(title=_title(title, subtitle))
    )


def heatmap(
    frame: pl.DataFrame,
    x: str,
    y: str,
    value: str,
    title: str,
    value_title: str,
    subtitle: str | None = None,
    row: str | None = None,
    y_order: Sequence[str] | None = None,
    row_order: Sequence[str] | None = None,
) -> Chart:
    """A grid coloured by ``value`` (e.g. share of paths full by year and need), rows in ``y_order``, panels in ``row_order``."""
    chart = (
        alt.Chart(alt.Data(values=_rows(frame)))
        .mark_rect()
        .encode(
            x=_x(x, False, ""),
            y=alt.Y(f"{y}:N", title=None, sort=list(y_order) if y_order else "ascending", axis=alt.Axis(labelLimit=320)),
            color=alt.Color(f"{value}:Q", title=value_title, scale=alt.Scale(scheme="orangered", domain=[0, 1]), legend=alt.Legend(orient="bottom")),
            tooltip=[f"{y}:N", f"{x}:O", alt.Tooltip(f"{value}:Q", format=".2f")] + ([f"{row}:N"] if row else []),
        )
        .properties(width=WIDTH_PX // 2, height=110)
    )
    if row:
        header = alt.Header(labelAngle=0, labelAlign="left", labelOrient="top")
        row_sort = list(row_order) if row_order else "ascending"
        return chart.facet(row=alt.Row(f"{row}:N", title=None, header=header, sort=row_sort)).properties(title=_title(title, subtitle))
    return chart.properties(title=_title(title, subtitle))


def differences(frame: pl.DataFrame, title: str, subtitle: str | None = None) -> Chart:
    """Per outcome (one panel each, own scale): the median difference by date (dot) and its p10-p90 range (bar)."""
    data = alt.Data(values=_rows(frame.select("outcome", "at", "median", "p10", "p90")))
    base = alt.Chart().encode(x=alt.X("at:O", title=None, sort=None, axis=alt.Axis(labelAngle=0)))
    bars = base.mark_rule(strokeWidth=6, opacity=0.35, color=BAND_COLOUR).encode(y=alt.Y("p10:Q", title="B - A"), y2="p90:Q")
    dots = base.mark_point(filled=True, size=60, color=BAND_COLOUR).encode(y="median:Q", tooltip=["outcome:N", "at:O", "median:Q", "p10:Q", "p90:Q"])
    zero = alt.Chart().mark_rule(color="grey", strokeDash=[3, 3]).encode(y=alt.datum(0))
    return (
        alt.layer(bars, dots, zero, data=data)
        .properties(width=WIDTH_PX // 2 - 20, height=140)
        .facet(facet=alt.Facet("outcome:N", title=None, sort=None), columns=2)
        .resolve_scale(y="independent")
        .properties(title=_title(title, subtitle))
    )


def against_facts(frame: pl.DataFrame, title: str, subtitle: str | None = None) -> Chart:
    """Per series (one panel each, own scale): the forecast's p10-p90 (bar) and median (blue dot) against the fact (black)."""
    data = alt.Data(values=_rows(frame.select("series", "period_end", "fact", "p10", "median", "p90")))
    base = alt.Chart().encode(x=alt.X("period_end:T", title=None))
    bars = base.mark_rule(strokeWidth=6, opacity=0.35, color=BAND_COLOUR).encode(y=alt.Y("p10:Q", title=None), y2="p90:Q")
    median = base.mark_point(filled=True, size=50, color=BAND_COLOUR).encode(
        y="median:Q", tooltip=["series:N", "period_end:T", "median:Q", "p10:Q", "p90:Q"]
    )
    fact = base.mark_point(shape="diamond", filled=True, size=60, color=FACT_COLOUR).encode(
        y="fact:Q", tooltip=["series:N", "period_end:T", "fact:Q"]
    )
    return (
        alt.layer(bars, median, fact, data=data)
        .properties(width=WIDTH_PX // 2 - 20, height=150)
        .facet(facet=alt.Facet("series:N", title=None), columns=2)
        .resolve_scale(y="independent", x="independent")
        .properties(title=_title(title, subtitle))
    )


def spec_json(chart: Chart) -> dict[str, Any]:
    """The Vega-Lite specification of ``chart`` (data inline)."""
    return chart.to_dict()


def script_bundle() -> str:
    """The Vega, Vega-Lite and vega-embed scripts as one inline bundle (from vl-convert; no network).

    vl-convert builds the bundle in about 20 s; it is kept in the user cache folder
    (``compile_cache.user_cache_folder()/report``), keyed by the vl-convert and Vega-Lite versions,
    and checked against its SHA-256 before use, so later reports take it from there.
    """
    import vl_convert as vlc
    from altair.utils._importers import vl_version_for_vl_convert

    version = vl_version_for_vl_convert()
    name = f"vega-bundle-vlc{metadata.version('vl-convert-python')}-vl{version}".replace("/", "_")
    cache = user_cache_folder() / "report"
    path, digest_path = cache / f"{name}.js", cache / f"{name}.sha256"
    try:
        text = path.read_text(encoding="utf-8")
        if hashlib.sha256(text.encode("utf-8")).hexdigest() == digest_path.read_text(encoding="ascii").strip():
            return text
    except OSError:
        pass
    text = str(vlc.javascript_bundle(vl_version=version))  # type: ignore[call-arg]
    try:
        cache.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp-{os.getpid()}")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        digest_path.write_text(hashlib.sha256(text.encode("utf-8")).hexdigest() + "\n", encoding="ascii")
    except OSError:
        pass  # a cache that cannot be written: the bundle is built again next time
    return text


def year_points(rows: Sequence[tuple[str, float, str, str]]) -> pl.DataFrame:
    """Reference points (x, value, label, source) as a frame for :func:`fan`."""
    return pl.DataFrame(rows, schema=["x", "value", "label", "source"], orient="row")
