"""The Excel workbook a finance officer can drop into a Cabinet report.

Sheets: Cover (scenario, run, what the bands mean), Summary (headline p10 / p50 / p90 by year with
native Excel charts), MTFP, High Needs, SEND, Social care, Transport, DSG plan, Assumptions (the
values the scenario used, with sources), Manifest. Every number is stored as a number in its own
cell; lines are labelled in the council's words with the ledger code in a hidden column; 0/1
indicator lines are kept out of the money sheets (their chances are on the Summary). Every sheet
prints landscape on A4, fitted to one page wide, with its header rows repeated.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import polars as pl
import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from sefton_sim.outputs.labels import is_flag, line_label
from sefton_sim.outputs.report_parts import FolderTables

MONEY_FORMAT = "#,##0.0"
COUNT_FORMAT = "#,##0"
PERCENT_FORMAT = "0%"
A4 = 9
HEADER_ROW = 2

BANDS_TEXT = (
    "Each number comes from many simulated futures of the same scenario. p50 is the median: half of the futures are "
    "above it, half below. p10 and p90 bound the middle 80%: one future in ten is below p10 and one in ten above p90. "
    "The bands show the spread that follows from the stated uncertain assumptions; they are not a guarantee."
)


class _Formats:
    def __init__(self, book: Workbook) -> None:
        self.header = book.add_format({"bold": True, "bg_color": "#DDE6F0", "border": 1, "text_wrap": True, "valign": "top"})
        self.title = book.add_format({"bold": True, "font_size": 13})
        self.money = book.add_format({"num_format": MONEY_FORMAT})
        self.count = book.add_format({"num_format": COUNT_FORMAT})
        self.percent = book.add_format({"num_format": PERCENT_FORMAT})
        self.plain = book.add_format({"num_format": "General"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top", "font_size": 9})
        self.bold = book.add_format({"bold": True, "valign": "top"})


def _print_setup(sheet: Worksheet, header_rows: int = HEADER_ROW) -> None:
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0, header_rows)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    sheet.set_footer("&L&A&RPage &P of &N")


def _write_frame(
    book: Workbook,
    fm: _Formats,
    name: str,
    frame: pl.DataFrame,
    title: str,
    number_format: str = "money",
    hidden: tuple[str, ...] = (),
    wrap: tuple[str, ...] = (),
    widths: dict[str, int] | None = None,
) -> Worksheet:
    """One sheet: title, header row, rows; floats as numbers in ``number_format`` (percent columns end in ' %' stored 0-1)."""
    sheet = book.add_worksheet(name)
    sheet.write(0, 0, title, fm.title)
    for c, col in enumerate(frame.columns):
        sheet.write(HEADER_ROW, c, col, fm.header)
    col_widths = [max(10, min(50, len(str(col)) + 2)) for col in frame.columns]
    for r, row in enumerate(frame.iter_rows(), start=HEADER_ROW + 1):
        for c, value in enumerate(row):
            col = frame.columns[c]
            if isinstance(value, bool):
                sheet.write_boolean(r, c, value)
            elif isinstance(value, (int, float)):
                fmt = fm.percent if col.endswith("%") else {"money": fm.money, "count": fm.count, "plain": fm.plain}[number_format]
                sheet.write_number(r, c, float(value), fmt)
            elif value is None:
                sheet.write_blank(r, c, None)
            else:
                text = str(value)
                sheet.write_string(r, c, text, fm.wrap if col in wrap else None)
                col_widths[c] = max(col_widths[c], min(50, len(text) + 2))
    for c, col in enumerate(frame.columns):
        width = (widths or {}).get(col, col_widths[c])
        options = {"hidden": True} if col in hidden else None
        sheet.set_column(c, c, width, fm.wrap if col in wrap else None, options)
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    _print_setup(sheet)
    return sheet


def ledger_sheet_frame(summary: pl.DataFrame, ledger: str, stat: str = "p50") -> pl.DataFrame:
    """One ledger's lines (no 0/1 indicator lines) by financial year: label, hidden code, one column per year (£m)."""
    part = summary.filter((pl.col("ledger") == ledger) & ~pl.col("line").map_elements(is_flag, return_dtype=pl.Boolean))
    if part.is_empty():
        return pl.DataFrame({"line": [], "code": []})
    wide = part.select("line", "financial_year", stat).pivot(on="financial_year", index="line", values=stat)
    labels = [line_label(ledger, code) for code in wide["line"].to_list()]
    return wide.rename({"line": "code"}).insert_column(0, pl.Series("line", labels))


def _stat(summary: pl.DataFrame, ledger: str, line: str, prefix: str) -> pl.DataFrame:
    part = summary.filter((pl.col("ledger") == ledger) & (pl.col("line") == line))
    return part.select("financial_year", *[pl.col(p).alias(f"{prefix} {p} £m") for p in ("p10", "p50", "p90")])


def summary_frame(tables: FolderTables) -> pl.DataFrame | None:
    """Headline by financial year, each band in its own cell: High Needs deficit, MTFP gap, balances (p10 / p50 / p90), floor and chances."""
    summary = tables.get("ledgers_summary")
    if summary is None or summary.filter(pl.col("line") == "gap").is_empty():
        return None
    frame = _stat(summary, "high_needs", "cumulative_deficit", "HN deficit").join(
        _stat(summary, "general_fund", "gap", "MTFP gap"), on="financial_year"
    )
    frame = frame.join(_stat(summary, "general_fund", "general_balances_closing", "Balances"), on="financial_year")
    floor = summary.filter((pl.col("ledger") == "general_fund") & (pl.col("line") == "general_balances_floor")).select(
        "financial_year", pl.col("p50").alias("Floor p50 £m")
    )
    frame = frame.join(floor, on="financial_year", how="left")
    probabilities = tables.get("probabilities")
    if probabilities is not None:
        frame = frame.join(
            probabilities.select(
                "financial_year",
                pl.col("p_balances_below_floor").alias("Chance balances below floor %"),
                pl.col("p_balances_exhausted").alias("Chance balances exhausted %"),
            ),
            on="financial_year",
            how="left",
        )
    return frame.rename({"financial_year": "Financial year"})


def _fan_chart(book: Workbook, sheet: Worksheet, name: str, frame: pl.DataFrame, prefix: str, title: str, at: str, extra: str | None = None) -> None:
    """A native line chart of p10 / p50 / p90 of ``prefix`` by year (and one more column ``extra``) from the Summary rows."""
    chart = book.add_chart({"type": "line"})
    rows = frame.height
    first, last = HEADER_ROW + 1, HEADER_ROW + rows
    for stat, style in (("p10", {"dash_type": "dash", "width": 1.25}), ("p50", {"width": 2.5}), ("p90", {"dash_type": "dash", "width": 1.25})):
        col = frame.columns.index(f"{prefix} {stat} £m")
        chart.add_series(
            {
                "name": [name, HEADER_ROW, col],
                "categories": [name, first, 0, last, 0],
                "values": [name, first, col, last, col],
                "line": {"color": "#1f5f8b", **style},
            }
        )
    if extra is not None and extra in frame.columns:
        col = frame.columns.index(extra)
        chart.add_series(
            {
                "name": [name, HEADER_ROW, col],
                "categories": [name, first, 0, last, 0],
                "values": [name, first, col, last, col],
                "line": {"color": "#b03a2e", "dash_type": "square_dot"},
            }
        )
    chart.set_title({"name": title, "name_font": {"size": 11}})
    chart.set_y_axis({"name": "£m", "num_format": "#,##0", "major_gridlines": {"visible": True, "line": {"color": "#dddddd"}}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 520, "height": 300})
    sheet.insert_chart(at, chart)


def _cover(book: Workbook, fm: _Formats, manifest: dict[str, Any], path: Path, sheet_names: list[str]) -> None:
    sheet = book.add_worksheet("Cover")
    scenario = manifest.get("scenario_resolved", {})
    files = manifest.get("scenario_files", [])
    rows: list[tuple[str, Any]] = [
        ("Scenario", manifest.get("scenario_name", "")),
        ("What it asks", scenario.get("description", "")),
        ("Run date", dt.datetime.now().strftime("%d %B %Y %H:%M")),
        ("Output folder", str(path.parent.resolve())),
        ("Scenario file", files[-1] if files else ""),
        ("Council data folder", str(scenario.get("data_folder", ""))),
        ("Futures simulated (paths)", manifest.get("paths")),
        ("Seed", manifest.get("seed")),
        ("Financial years", manifest.get("horizon_years")),
        ("Engine", manifest.get("engine", "")),
        ("sefton-sim version", manifest.get("package_version", "")),
        ("Git commit", manifest.get("git_commit") or "not a repository"),
        ("What the bands mean", BANDS_TEXT),
        ("Money", "£ million, cash (each year's prices); numbers are stored as numbers."),
        ("Sheets", ", ".join(sheet_names)),
    ]
    sheet.write(0, 0, f"{manifest.get('scenario_name', '')}: SEND, social care and the money they drive", fm.title)
    for r, (key, value) in enumerate(rows, start=2):
        sheet.write_string(r, 0, key, fm.bold)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            sheet.write_number(r, 1, value, fm.plain)
        else:
            sheet.write_string(r, 1, "" if value is None else str(value), fm.wrap)
    sheet.set_column(0, 0, 26)
    sheet.set_column(1, 1, 110, fm.wrap)
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 1)


def _assumptions(tables: FolderTables, data_folder: Path) -> pl.DataFrame:
    used = tables.get("assumptions_used")
    if used is None:  # an older folder: the data values
        return assumptions_table(data_folder)
    return used.select(
        pl.col("table").alias("Table"),
        pl.col("item").alias("Item"),
        pl.col("value_used").alias("Value used"),
        pl.col("value_used_text").alias("Value used (text)"),
        pl.col("unit").alias("Unit"),
        pl.col("set_by").alias("Set by"),
        pl.col("source").alias("Source"),
    )


def assumptions_table(data_folder: Path) -> pl.DataFrame:
    """Every row of every council data table: table, item, values, source (the data's values)."""
    rows = []
    for path in sorted(Path(data_folder).glob("*.csv")):
        frame = pl.read_csv(path, infer_schema_length=0)
        cols = [c for c in frame.columns if c != "source"]
        for row in frame.iter_rows(named=True):
            item = str(row[cols[0]])
            values = "; ".join(f"{c}={row[c]}" for c in cols[1:] if row[c] not in (None, ""))
            rows.append({"table": path.name, "item": item, "values": values, "source": row.get("source")})
    return pl.DataFrame(rows)


def send_sheet_frame(tables: FolderTables) -> pl.DataFrame:
    """Children with EHC plans at each 31 March by setting: p10 / p50 / p90."""
    summary = tables.get("send_summary")
    if summary is None:
        return pl.DataFrame()
    from sefton_sim.model import states as st

    march = summary.filter(pl.col("date").cast(pl.Date).dt.month() == 4).filter(
        pl.col("measure").is_in(["ehcp_total", "ehcp_by_setting", "unmet_in_borough_demand_cumulative"])
    )
    label = (
        pl.when(pl.col("measure") == "ehcp_total")
        .then(pl.lit("All children with EHC plans"))
        .when(pl.col("measure") == "unmet_in_borough_demand_cumulative")
        .then(pl.lit("Placed in INMSS because local places were full (cumulative)"))
        .otherwise(pl.col("setting").replace_strict(st.SETTING_LABELS, default=pl.col("setting")))
    )
    return march.select(
        label.alias("Children"),
        (pl.col("measure") + ":" + pl.col("setting").fill_null("")).alias("code"),
        pl.col("date").cast(pl.Date).dt.offset_by("-1d").cast(pl.String).alias("At"),
        "p10",
        "p50",
        "p90",
    ).sort(["code", "At"])


def write_frame_sheet(book: Workbook, name: str, frame: pl.DataFrame, title: str) -> Worksheet:
    """One table sheet (numbers as numbers, a wrapped ``Note`` column, print set-up) in ``book``."""
    return _write_frame(book, _Formats(book), name, frame, title, number_format="plain", wrap=("Note",), widths={"Note": 60})


def write_workbook(
    path: Path, folder: Path, manifest: dict[str, Any], data_folder: Path, extra_sheets: dict[str, tuple[pl.DataFrame, str]] | None = None
) -> Path:
    """Write the workbook from the output folder's tables (``extra_sheets``: name -> (frame, title), e.g. the DSG plan)."""
    tables = FolderTables(folder)
    book = xlsxwriter.Workbook(str(path))
    try:
        fm = _Formats(book)
        names = ["Cover", "Summary", "MTFP", "High Needs", "SEND", "Social care", "Transport", *(extra_sheets or {}), "Assumptions", "Manifest"]
        _cover(book, fm, manifest, path, names)
        headline = summary_frame(tables)
        if headline is not None:
            sheet = _write_frame(book, fm, "Summary", headline, "Headline by financial year (£m; chances as % of futures)")
            row = HEADER_ROW + headline.height + 3
            _fan_chart(book, sheet, "Summary", headline, "HN deficit", "Cumulative High Needs deficit at 31 March (p10, median, p90)", f"A{row}")
            _fan_chart(book, sheet, "Summary", headline, "MTFP gap", "MTFP gap (p10, median, p90)", f"H{row}")
            _fan_chart(
                book, sheet, "Summary", headline, "Balances", "General balances at 31 March, with the floor", f"A{row + 17}", extra="Floor p50 £m"
            )
        else:
            spend = tables.get("high_needs_spend_headline")
            frame = spend if spend is not None else pl.DataFrame({"note": ["no money tables in this run"]})
            _write_frame(book, fm, "Summary", frame, "Headline: High Needs spend (£m); see the Manifest for ledgers not computed")
        ledgers = tables.get("ledgers_summary")
        if ledgers is not None:
            mtfp = ledger_sheet_frame(ledgers, "general_fund")
            if mtfp.height:
                _write_frame(book, fm, "MTFP", mtfp, "General Fund / MTFP by financial year, median across futures (£m)", hidden=("code",))
            _write_frame(
                book, fm, "High Needs", ledger_sheet_frame(ledgers, "high_needs"), "High Needs Block by financial year, median (£m)", hidden=("code",)
            )
        _write_frame(
            book,
            fm,
            "SEND",
            send_sheet_frame(tables),
            "Children with EHC plans at each 31 March (p10 / p50 / p90)",
            number_format="count",
            hidden=("code",),
        )
        if ledgers is not None:
            care = ledger_sheet_frame(ledgers, "social_care")
            if care.height:
                _write_frame(book, fm, "Social care", care, "Social care packages by financial year, median (£m)", hidden=("code",))
            _write_frame(
                book,
                fm,
                "Transport",
                ledger_sheet_frame(ledgers, "transport"),
                "Home-to-school transport by financial year, median (£m)",
                hidden=("code",),
            )
        for name, (frame, title) in (extra_sheets or {}).items():
            _write_frame(book, fm, name, frame, title, number_format="plain", wrap=("Note",), widths={"Note": 60})
        _write_frame(
            book,
            fm,
            "Assumptions",
            _assumptions(tables, data_folder),
            "Every value the scenario used, with its source (fact: document and line; assumption: range; scenario: the file that sets it)",
            number_format="plain",
            wrap=("Source", "Value used (text)"),
            widths={"Source": 90, "Value used (text)": 30, "Item": 34},
        )
        flat = pl.DataFrame(
            {
                "key": list(manifest),
                "value": [json.dumps(v, default=str)[:2000] if isinstance(v, (dict, list)) else str(v) for v in manifest.values()],
            }
        )
        _write_frame(book, fm, "Manifest", flat, "Run manifest", number_format="plain", wrap=("value",), widths={"value": 120})
    finally:
        book.close()
    return path
