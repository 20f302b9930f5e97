"""The Excel workbook a finance officer can drop into a Cabinet report.

Sheets: Summary, MTFP, MTFP position, One-offs, Gap bridge, MTFP assumptions, High Needs, SEND, Social care, Transport, Assumptions, Manifest.
Money in £m to one decimal; headers frozen; columns sized to their contents.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import xlsxwriter

MONEY_FORMAT = "#,##0.0"
MTFP_SHEETS = (
    ("mtfp_position", "MTFP position", "Do-nothing MTFP position: gap to close, High Needs charge, unfunded gap, exhaustion (£m; p_ = share)"),
    ("mtfp_one_offs", "One-offs", "One-off funding and the year it drops out (£m)"),
    ("mtfp_gap_bridge", "Gap bridge", "Change in the budget gap from year to year, line by line (mean, £m; positive widens the gap)"),
    ("mtfp_assumptions", "MTFP assumptions", "Settlement and funding assumptions by year, with sources"),
)
COUNT_FORMAT = "#,##0"


def _write_frame(book: xlsxwriter.Workbook, name: str, frame: pl.DataFrame, title: str, money: bool) -> None:
    sheet = book.add_worksheet(name)
    bold = book.add_format({"bold": True, "bg_color": "#DDE6F0", "border": 1, "text_wrap": True, "valign": "top"})
    heading = book.add_format({"bold": True, "font_size": 13})
    num = book.add_format({"num_format": MONEY_FORMAT if money else COUNT_FORMAT})
    pct = book.add_format({"num_format": "0.0"})
    sheet.write(0, 0, title, heading)
    header_row = 2
    for c, col in enumerate(frame.columns):
        sheet.write(header_row, c, col, bold)
    widths = [max(10, min(60, len(str(col)) + 2)) for col in frame.columns]
    for r, row in enumerate(frame.iter_rows(), start=header_row + 1):
        for c, value in enumerate(row):
            col = frame.columns[c]
            if isinstance(value, float):
                fmt = pct if ("%" in col or col.startswith("p_")) else num
                sheet.write_number(r, c, value, fmt)
            elif value is None:
                sheet.write_blank(r, c, None)
            else:
                text = str(value)
                sheet.write(r, c, text)
                widths[c] = max(widths[c], min(60, len(text) + 2))
    for c, width in enumerate(widths):
        sheet.set_column(c, c, width)
    sheet.freeze_panes(header_row + 1, 1)


def _wide_by_year(summary: pl.DataFrame, ledger: str, stat: str = "p50") -> pl.DataFrame:
    part = summary.filter(pl.col("ledger") == ledger).select("line", "financial_year", stat)
    if part.is_empty():
        return pl.DataFrame({"line": []})
    return part.pivot(on="financial_year", index="line", values=stat)


def assumptions_table(data_folder: Path) -> pl.DataFrame:
    """Every row of every council data table: table, item, values, source."""
    rows = []
    for path in sorted(Path(data_folder).glob("*.csv")):
        frame = pl.read_csv(path, infer_schema_length=0)
        cols = [c for c in frame.columns if c != "source"]
        for row in frame.iter_rows(named=True):
            item = str(row[cols[0]])
            values = "; ".join(f"{c}={row[c]}" for c in cols[1:] if row[c] not in (None, ""))
            rows.append({"table": path.name, "item": item, "values": values, "source": row.get("source")})
    return pl.DataFrame(rows)


def write_workbook(
    path: Path,
    sheets: dict[str, Any],
    manifest: dict[str, Any],
    data_folder: Path,
) -> Path:
    """Write the workbook. ``sheets`` holds polars frames: summary (or high_needs_spend), ledger_summary, send, social_care (if costed)."""
    book = xlsxwriter.Workbook(str(path))
    try:
        if "summary" in sheets:
            _write_frame(book, "Summary", sheets["summary"], "Headline: High Needs deficit, MTFP gap, balances (£m)", money=True)
        else:  # a folder without some money tables (the manifest says which ledgers were not computed)
            _write_frame(
                book, "Summary", sheets["high_needs_spend"], "Headline: High Needs spend (£m); see the Manifest for ledgers not computed", money=True
            )
        if "notes" in sheets:
            _write_frame(
                book, "Notes", sheets["notes"], "Read first: what the bands are (prediction intervals of the model) and how many paths", money=False
            )
        if "high_needs_bridge" in sheets:
            _write_frame(
                book,
                "High Needs bridge",
                sheets["high_needs_bridge"],
                "Cumulative High Needs deficit from 2023/24 by driver, mean across futures (£m; the lines add up to cumulative_deficit)",
                money=True,
            )
        ledger_summary = sheets["ledger_summary"]
        mtfp = _wide_by_year(ledger_summary, "general_fund")
        if mtfp.height:
            _write_frame(book, "MTFP", mtfp, "General Fund / MTFP by financial year, median across futures (£m)", money=True)
        for key, sheet_name, title in MTFP_SHEETS:
            if key in sheets:
                _write_frame(book, sheet_name, sheets[key], title, money=True)
        _write_frame(book, "High Needs", _wide_by_year(ledger_summary, "high_needs"), "High Needs Block by financial year, median (£m)", money=True)
        _write_frame(
            book,
            "SEND",
            sheets["send"],
            "Children with EHC plans at each 31 March (median and 80% prediction interval p10-p90; see Notes)",
            money=False,
        )
        if "social_care" in sheets:
            _write_frame(book, "Social care", sheets["social_care"], "Social care packages by financial year (median)", money=True)
        _write_frame(
            book, "Transport", _wide_by_year(ledger_summary, "transport"), "Home-to-school transport by financial year, median (£m)", money=True
        )
        _write_frame(
            book,
            "Assumptions",
            assumptions_table(data_folder),
            "Every number with its source (fact: document and line; assumption: range; fit: calibration)",
            money=False,
        )
        flat = pl.DataFrame(
            {"key": list(manifest), "value": [json.dumps(v, default=str) if isinstance(v, (dict, list)) else str(v) for v in manifest.values()]}
        )
        _write_frame(book, "Manifest", flat, "Run manifest", money=False)
    finally:
        book.close()
    return path
