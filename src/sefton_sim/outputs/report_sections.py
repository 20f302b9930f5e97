"""The sections of ``report.html``: one function per topic, each reading the folder's tables.

A function returns a :class:`~sefton_sim.outputs.report.Section`; when its table is absent it
returns ``Section.omitted`` naming the table, so a table another part adds later (assessment
waits, the unfunded gap, the drivers bridge) gets a section by writing one function here and
adding it to the list of its output kind in :func:`sections_for`.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from functools import partial

import polars as pl

from sefton_sim.model import states as st
from sefton_sim.outputs import report_charts as rc
from sefton_sim.outputs.report_parts import FolderTables, Section, SectionFunction, image_html, table_html

NEED_LABELS = {
    "asd": "Autism (ASD)",
    "slcn": "Speech, language and communication (SLCN)",
    "semh": "Social, emotional and mental health (SEMH)",
    "cl": "Cognition and learning (C&L)",
    "pso": "Physical, sensory and other",
}
AGE_BAND_LABELS = {
    "early_years": "Early years (0-4)",
    "primary": "Primary (5-10)",
    "secondary": "Secondary (11-15)",
    "post16": "Post-16 (16-18)",
    "post19": "Post-19 (19-25)",
}
LINE_LABELS = {
    "cumulative_deficit": "Cumulative High Needs deficit at 31 March",
    "in_year_deficit": "High Needs in-year deficit",
    "gap": "MTFP gap (spending less funding)",
    "general_balances_closing": "General balances at 31 March",
    "general_balances_floor": "Floor: 6.5% of net revenue budget",
    "csc_packages_in_house_fostering": "In-house fostering",
    "csc_packages_ifa_fostering": "Independent fostering agency",
    "csc_packages_residential": "Residential",
    "csc_packages_supported_accommodation": "Supported accommodation",
    "csc_packages_parents_kinship_other": "With parents / kinship / other",
    "asc_packages_net": "Adult social care packages (net of client contributions)",
    "send_mainstream": "SEND pupils in mainstream",
    "send_sen_unit": "SEND pupils in SEN units",
    "send_special": "SEND pupils in special schools",
    "send_inmss": "SEND pupils in INMSS",
    "send_college": "SEND students at college",
    "send_ap_other": "SEND pupils in AP / other",
    "mainstream_base": "Mainstream (non-SEND) transport",
}
CATEGORY_LABELS = {
    "in_house_fostering": "In-house fostering",
    "ifa_fostering": "Independent fostering agency",
    "residential": "Residential",
    "supported_accommodation": "Supported accommodation",
    "parents_kinship_other": "With parents / kinship / other",
    "nursing": "Nursing",
    "home_care": "Home care",
    "supported_living": "Supported living",
    "direct_payments": "Direct payments",
}


def _missing(key: str, title: str, *tables: str) -> Section:
    return Section.omitted(key, title, f"this output folder has no {' or '.join(t + ' table' for t in tables)}.")


def _fy_of_march(date: object) -> str:
    """The financial year ending on a 31 March date ('2024-03-31' -> '2023/24')."""
    year = int(str(date)[:4])
    return f"{year - 1}/{str(year)[2:]}"


def _ledger(tables: FolderTables, ledger: str, line: str) -> pl.DataFrame | None:
    summary = tables.get("ledgers_summary")
    if summary is None:
        return None
    part = summary.filter((pl.col("ledger") == ledger) & (pl.col("line") == line))
    return part if part.height else None


def _published(tables: FolderTables, series: str) -> pl.DataFrame:
    figures = tables.get("published_figures")
    if figures is None:
        return pl.DataFrame(schema={"series": pl.String, "date": pl.String, "value": pl.Float64, "source": pl.String})
    return figures.filter(pl.col("series") == series)


def _published_by_year(tables: FolderTables, series: str, label: str) -> pl.DataFrame:
    """Published points of ``series`` by the financial year their 31 March closes, labelled for a chart."""
    return _published(tables, series).select(
        pl.col("date").map_elements(_fy_of_march, return_dtype=pl.String).alias("financial_year"),
        "value",
        pl.lit(label).alias("label"),
        "source",
    )


def _gbp(value: float) -> str:
    """£m to one decimal, a deficit shown as −£x.xm."""
    return f"£{value:,.1f}m" if value >= 0 else f"−£{-value:,.1f}m"


def _card(key: str, label: str, value: float, band: str, unit: str = "") -> str:
    shown = _gbp(value) if unit == "£m" else (f"{value:,.0f}%" if unit == "%" else f"{value:,.0f}")
    return (
        f'<div><dt>{html.escape(label)}</dt><dd data-headline="{key}" data-value="{value:.6g}">{shown}'
        f'<span class="band">{html.escape(band)}</span></dd></div>'
    )


def headline_section(tables: FolderTables) -> Section:
    """Headline numbers with their p10-p90 bands and a plain-English reading."""
    send = tables.get("send_headline")
    if send is None:
        return _missing("headline", "Headline numbers", "send_headline")
    money = tables.get("money_headline")
    last = send.row(send.height - 1, named=True)
    first = send.row(0, named=True)
    cards = [
        _card(
            "ehcps_end",
            f"Children with EHC plans, {last['position']}",
            last["EHCPs p50"],
            f"p10-p90: {last['EHCPs p10']:,.0f} to {last['EHCPs p90']:,.0f}",
        ),
        _card("inmss_end", f"Children in INMSS, {last['position']}", last["INMSS p50"], f"{first['INMSS p50']:,.0f} at the base date (median)"),
        _card(
            "unmet_end",
            f"Placed in INMSS because local places were full, to {last['position']}",
            last["unmet in-borough (cumulative) p50"],
            "cumulative since the base date (median)",
        ),
    ]
    reading = [
        f"Children with EHC plans rise from {first['EHCPs p50']:,.0f} at the base date to about {last['EHCPs p50']:,.0f} by {last['position']} "
        f"(80% of simulated futures between {last['EHCPs p10']:,.0f} and {last['EHCPs p90']:,.0f}). "
        f"Children in independent or non-maintained special schools go from {first['INMSS p50']:,.0f} to about {last['INMSS p50']:,.0f}, "
        f"{last['unmet in-borough (cumulative) p50']:,.0f} of them because in-borough places for their age and need were full."
    ]
    if money is not None and money.height:
        end = money.row(money.height - 1, named=True)
        nxt = money.row(min(1, money.height - 1), named=True)
        cards += [
            _card(
                "hn_deficit_end",
                f"Cumulative High Needs deficit, end of {end['financial year']}",
                end["HN deficit on DSG p50 £m"],
                f"p10-p90: £{end['HN deficit on DSG p10 £m']:,.1f}m to £{end['HN deficit on DSG p90 £m']:,.1f}m",
                "£m",
            ),
            _card(
                "mtfp_gap_next",
                f"MTFP gap to close {nxt['financial year']} (do nothing)",
                nxt["MTFP gap to close p50 £m"],
                f"p10-p90: £{nxt['MTFP gap to close p10 £m']:,.1f}m to £{nxt['MTFP gap to close p90 £m']:,.1f}m",
                "£m",
            ),
            _card("balances_end", f"General balances, end of {end['financial year']}", end["balances p50 £m"], "median across futures", "£m"),
            _card(
                "p_floor_next", f"Chance balances end {nxt['financial year']} below the floor", nxt["P(balances < floor) %"], "share of futures", "%"
            ),
        ]
        reading.append(
            f"The High Needs deficit carried on the balance sheet reaches about £{end['HN deficit on DSG p50 £m']:,.0f}m by the end of {end['financial year']} "
            f"(80% between £{end['HN deficit on DSG p10 £m']:,.0f}m and £{end['HN deficit on DSG p90 £m']:,.0f}m). "
            f"The General Fund gap to close in {nxt['financial year']} is about £{nxt['MTFP gap to close p50 £m']:,.1f}m and general balances end "
            f"{end['financial year']} at about {_gbp(end['balances p50 £m'])}; in {nxt['financial year']} balances fall below the 6.5% floor in "
            f"{nxt['P(balances < floor) %']:,.0f}% of futures."
        )
    bands = (
        "Bands: p10-p90 means 80% of the simulated futures lie in the range (p10: one in ten futures is lower; p90: one in ten is higher). "
        "They are model ranges from the stated assumptions, not a guarantee."
    )
    blocks: list[str | rc.Chart] = [
        f'<dl class="headline">{"".join(cards)}</dl>',
        f'<p class="reading">{html.escape(" ".join(reading))}</p>',
        f'<p class="note">{bands}</p>',
    ]
    return Section("headline", "Headline numbers", blocks)


def ehcp_section(tables: FolderTables) -> Section:
    """Children with EHC plans: history (published) and the projection, total and by setting."""
    summary = tables.get("send_summary")
    if summary is None:
        return _missing("ehcps", "Children with EHC plans", "send_summary")
    total = summary.filter(pl.col("measure") == "ehcp_total").select(pl.col("date").cast(pl.Date).alias("x"), "p10", "p50", "p90")
    published = _published(tables, "ehcp_stock").select(
        pl.col("date").alias("x"), "value", pl.lit("published figure (DfE census / council reports)").alias("label"), "source"
    )
    by_setting = (
        summary.filter(pl.col("measure") == "ehcp_by_setting")
        .with_columns(pl.col("setting").replace_strict(st.SETTING_LABELS, default=pl.col("setting")).alias("setting_label"))
        .select(pl.col("date").cast(pl.Date), "setting_label", "p50")
    )
    chart = rc.fan(
        total, "x", "Children with EHC plans", "children", "Projection: median line and p10-p90 band; dots: published figures", points=published
    )
    setting_chart = rc.lines(by_setting, "date", "p50", "setting_label", "EHC plans by setting (median)", "children")
    note = f'<p class="note">{published.height} published figures are drawn; their sources are in the tooltip and in the assumptions table.</p>'
    return Section("ehcps", "Children with EHC plans", [chart, note, setting_chart])


def _first_full(frame: pl.DataFrame, group: Sequence[str], share: float = 0.5) -> pl.DataFrame:
    """First month in which at least ``share`` of paths have the group full."""
    full = frame.filter(pl.col("share_of_paths_full") >= share)
    return full.group_by(group, maintain_order=True).agg(pl.col("date").min().alias("first_full"))


def _when(first: object, base: object) -> str:
    if first is None:
        return "not within the horizon"
    return "already full at the base date" if first == base else str(first)


def occupancy_section(tables: FolderTables) -> Section:
    """In-borough places against children by setting over time; when each setting and need group first runs full."""
    occ = tables.get("occupancy_by_setting")
    if occ is None:
        return _missing("occupancy", "In-borough places: occupancy against capacity", "occupancy_by_setting")
    occ = occ.with_columns(pl.col("date").cast(pl.Date))
    chart = rc.occupancy_panels(
        occ, "Children in in-borough specialist places against places open", "Band: p10-p90 children; line: median; dashed: places open"
    )
    rows = []
    for setting in occ["setting"].unique(maintain_order=True).to_list():
        part = occ.filter(pl.col("setting") == setting)
        end = part.row(part.height - 1, named=True)
        full = part.filter(pl.col("share_of_paths_full") >= 0.5)
        rows.append(
            {
                "setting": end["setting_label"],
                "places at the end": int(end["places"]),
                "children at the end (median)": end["children_p50"],
                "every place taken (half of futures or more) from": _when(full["date"].min() if full.height else None, part["date"].min()),
            }
        )
    blocks: list[str | rc.Chart] = [chart, table_html(pl.DataFrame(rows))]
    cells = tables.get("specialist_by_band_need")
    if cells is not None:
        cells = cells.with_columns(pl.col("date").cast(pl.Date))
        first = _first_full(cells.filter(pl.col("places") > 0), ["age_band", "need"])
        base = cells.filter(pl.col("date") == cells["date"].min()).select("age_band", "need", pl.col("places").alias("places at the base date"))
        last = cells.filter(pl.col("date") == cells["date"].max()).select(
            "age_band", "need", pl.col("places").alias("places at the end"), pl.col("inmss_children_p50").alias("INMSS at the end (median)")
        )
        start_inmss = cells.filter(pl.col("date") == cells["date"].min()).select("age_band", "need", pl.col("inmss_children_p50").alias("inmss0"))
        grid = (
            base.join(last, on=["age_band", "need"])
            .join(start_inmss, on=["age_band", "need"])
            .join(first, on=["age_band", "need"], how="left")
            .with_columns(
                (pl.col("INMSS at the end (median)") - pl.col("inmss0")).alias("INMSS growth (median)"),
                pl.when(pl.col("first_full") == cells["date"].min())
                .then(pl.lit("already full at the base date"))
                .otherwise(pl.col("first_full").cast(pl.String))
                .fill_null("not full within the horizon")
                .alias("in-borough places full from"),
                pl.col("age_band").replace_strict(AGE_BAND_LABELS, default=pl.col("age_band")).alias("age band"),
                pl.col("need").replace_strict(NEED_LABELS, default=pl.col("need")).alias("need group"),
            )
            .filter(pl.col("places at the end") > 0)
            .select("age band", "need group", pl.col("places at the end").cast(pl.Int64), "in-borough places full from", "INMSS growth (median)")
        )
        blocks.append(
            "<p>Places in a setting are set aside by age band and need, so a setting can have free places in total while the places for one "
            "need are full. The table shows, for each age band and need with in-borough specialist places (SEN units and special schools "
            "together), the first month in which every place is taken in at least half of the simulated futures, and the growth in INMSS "
            "placements for that group that follows.</p>"
        )
        blocks.append(table_html(grid, css="wide"))
        yearly = cells.filter(pl.col("date").dt.month() == 3).with_columns(
            pl.col("date").dt.year().cast(pl.String).alias("March"),
            pl.col("need").replace_strict(NEED_LABELS, default=pl.col("need")).alias("need group"),
            pl.col("age_band").replace_strict(AGE_BAND_LABELS, default=pl.col("age_band")).alias("age band"),
        )
        blocks.append(
            rc.heatmap(
                yearly.filter(pl.col("places") > 0).select("March", "need group", "age band", "share_of_paths_full"),
                "March",
                "need group",
                "share_of_paths_full",
                "Share of futures in which in-borough specialist places are full, each March",
                "share of futures full",
                row="age band",
                y_order=list(NEED_LABELS.values()),
                row_order=list(AGE_BAND_LABELS.values()),
            )
        )
    else:
        blocks.append('<p class="omitted">Not shown: by age band and need (this output folder has no specialist_by_band_need table).</p>')
    return Section("occupancy", "In-borough places: occupancy against capacity", blocks)


def overflow_section(tables: FolderTables) -> Section:
    """Overflow to INMSS: cumulative children placed out because local places were full, and INMSS by age band and need."""
    summary = tables.get("send_summary")
    cells = tables.get("specialist_by_band_need")
    if summary is None and cells is None:
        return _missing("overflow", "Overflow to independent and non-maintained special schools (INMSS)", "send_summary", "specialist_by_band_need")
    blocks: list[str | rc.Chart] = []
    if summary is not None:
        unmet = summary.filter(pl.col("measure") == "unmet_in_borough_demand_cumulative").select(
            pl.col("date").cast(pl.Date).alias("x"), "p10", "p50", "p90"
        )
        if unmet.height:
            blocks.append(
                rc.fan(
                    unmet,
                    "x",
                    "Children placed in INMSS because in-borough places were full",
                    "children since the base date",
                    "Cumulative; p10-p90 band and median",
                )
            )
    if cells is not None:
        by_need = (
            cells.with_columns(pl.col("date").cast(pl.Date), pl.col("need").replace_strict(NEED_LABELS, default=pl.col("need")).alias("need group"))
            .group_by("date", "need group")
            .agg(pl.col("inmss_children_p50").sum())
            .sort("date")
        )
        blocks.append(rc.lines(by_need, "date", "inmss_children_p50", "need group", "Children in INMSS by need", "children (sum of medians)"))
        by_band = (
            cells.with_columns(
                pl.col("date").cast(pl.Date), pl.col("age_band").replace_strict(AGE_BAND_LABELS, default=pl.col("age_band")).alias("age band")
            )
            .group_by("date", "age band")
            .agg(pl.col("inmss_children_p50").sum())
            .sort("date")
        )
        blocks.append(rc.lines(by_band, "date", "inmss_children_p50", "age band", "Children in INMSS by age band", "children (sum of medians)"))
    blocks.append(
        '<p class="note">The engine records which in-borough setting a child was refused by only as a total; overflow by the setting refused '
        "is not a table of the run. Medians of groups do not add up exactly to the median of the total.</p>"
    )
    return Section("overflow", "Overflow to independent and non-maintained special schools (INMSS)", blocks)


def assessments_section(tables: FolderTables) -> Section:
    """Assessments in progress (the queue), the implied wait, the share within 20 weeks and casework officers."""
    assessments = tables.get("assessments")
    summary = tables.get("send_summary")
    if assessments is None and summary is None:
        return _missing("assessments", "EHC needs assessments", "assessments")
    source = assessments if assessments is not None else summary
    assert source is not None

    def measure(name: str) -> pl.DataFrame:
        return source.filter(pl.col("measure") == name).select(pl.col("date").cast(pl.Date).alias("x"), "p10", "p50", "p90")

    blocks: list[str | rc.Chart] = [
        rc.fan(measure("assessments_in_progress"), "x", "EHC needs assessments in progress", "assessments", "p10-p90 band and median")
    ]
    if assessments is None:
        blocks.append('<p class="omitted">Not shown: waits and the 20-week share (this output folder has no assessments table).</p>')
        return Section("assessments", "EHC needs assessments", blocks)
    wait = measure("implied_wait_weeks")
    duty = pl.DataFrame({"x": wait["x"], "value": [20.0] * wait.height, "label": ["20-week statutory duty"] * wait.height})
    blocks.append(
        rc.fan(
            wait,
            "x",
            "Implied wait for an EHC needs assessment",
            "weeks",
            "queue / completions a month (Little's law); dashed: the 20-week duty",
            lines=duty,
        )
    )
    share = measure("share_within_20_weeks").with_columns(pl.col("p10", "p50", "p90") * 100.0)
    blocks.append(
        rc.fan(
            share,
            "x",
            "Plans issued within 20 weeks (implied)",
            "%",
            "p10-p90 band and median; Sefton reported 'consistently above 40%' (national 50%)",
        )
    )
    officers = measure("casework_officers_in_post")
    if officers.height:
        blocks.append(
            rc.fan(officers, "x", "SEN casework officers in post", "officers", "the casework response rule recruits when the wait passes the trigger")
        )
    march = source.filter(pl.col("date").cast(pl.Date).dt.month() == 3).filter(
        pl.col("measure").is_in(["assessments_in_progress", "implied_wait_weeks", "share_within_20_weeks", "casework_officers_in_post"])
    )
    if march.height:
        wide = march.select(pl.col("date").cast(pl.Date).alias("March"), "measure", "p50").pivot(on="measure", index="March", values="p50")
        blocks.append(table_html(wide, digits=2))
    return Section("assessments", "EHC needs assessments", blocks)


def high_needs_section(tables: FolderTables) -> Section:
    """High Needs in-year and cumulative deficit with the published history."""
    cumulative = _ledger(tables, "high_needs", "cumulative_deficit")
    in_year = _ledger(tables, "high_needs", "in_year_deficit")
    if cumulative is None or in_year is None:
        return _missing("high-needs", "High Needs Block deficit", "ledgers_summary (High Needs lines)")
    history = _published_by_year(tables, "high_needs_deficit_gbp_m", "published deficit at 31 March")
    chart = rc.fan(
        cumulative.select("financial_year", "p10", "p50", "p90"),
        "financial_year",
        "Cumulative High Needs deficit at 31 March",
        "£m",
        "Projection: p10-p90 band and median; dots: published deficits (e.g. £5.43m at March 2020, £38m at March 2024)",
        temporal=False,
        colour="#8b1f1f",
        points=history,
    )
    in_year_chart = rc.fan(
        in_year.select("financial_year", "p10", "p50", "p90"),
        "financial_year",
        "High Needs in-year deficit",
        "£m",
        "p10-p90 band and median",
        temporal=False,
        colour="#8b1f1f",
    )
    table = cumulative.select(
        "financial_year", pl.col("p10").alias("cumulative p10 £m"), pl.col("p50").alias("cumulative p50 £m"), pl.col("p90").alias("cumulative p90 £m")
    ).join(in_year.select("financial_year", pl.col("p50").alias("in-year p50 £m")), on="financial_year")
    sources = "".join(f"<li>£{r['value']:,.2f}m at {r['financial_year']} end: {html.escape(r['source'])}</li>" for r in history.iter_rows(named=True))
    return Section(
        "high-needs",
        "High Needs Block deficit",
        [chart, in_year_chart, table_html(table, money_columns=table.columns), f"<ul class='note'>{sources}</ul>"],
    )


def mtfp_section(tables: FolderTables) -> Section:
    """The General Fund gap by year, against the council's published three-year gap."""
    gap = _ledger(tables, "general_fund", "budget_gap_before_action")
    if gap is None:
        gap = _ledger(tables, "general_fund", "gap")
    if gap is None:
        return _missing("mtfp", "Medium Term Financial Plan gap", "ledgers_summary (General Fund lines)")
    blocks: list[str | rc.Chart] = [
        rc.fan(
            gap.select("financial_year", "p10", "p50", "p90"),
            "financial_year",
            "MTFP gap to close by financial year (do-nothing position)",
            "£m",
            "Spending less funding plus any High Needs charge, before new savings; p10-p90 band and median",
            temporal=False,
            colour="#5b3f8b",
        )
    ]
    three = gap.head(3)
    published = _published(tables, "mtfp_three_year_gross_gap_gbp_m")
    text = f"Over {three['financial_year'][0]} to {three['financial_year'][-1]} the median gaps add up to £{three['p50'].sum():,.1f}m"
    if published.height:
        row = published.row(0, named=True)
        text += f"; the council reported a three-year gross gap of about £{row['value']:,.0f}m before council tax increases ({html.escape(row['source'])})"
    overspend = _published(tables, "general_fund_forecast_overspend_gbp_m")
    if overspend.height:
        row = overspend.row(0, named=True)
        text += f". The council's 2024/25 forecast overspend was £{row['value']:,.2f}m ({html.escape(row['source'])}); the model's 2024/25 median gap is £{gap['p50'][0]:,.1f}m"
    blocks.append(f"<p>{text}.</p>")
    blocks.append(table_html(gap.select("financial_year", "p10", "p50", "p90"), money_columns=["p10", "p50", "p90"]))
    position = tables.get("mtfp_position")
    if position is None:
        blocks.append('<p class="omitted">Not shown: the unfunded gap after balances (this output folder has no mtfp_position table).</p>')
    else:
        keep = [
            c
            for c in (
                "financial_year",
                "budget_gap_before_action_p50_gbp_m",
                "high_needs_charge_p50_gbp_m",
                "drawn_from_balances_p50_gbp_m",
                "unfunded_gap_p50_gbp_m",
                "unfunded_gap_p90_gbp_m",
                "p_balances_exhausted_by_this_year",
            )
            if c in position.columns
        ]
        blocks.append(
            "<p>What balances cannot cover is the <strong>unfunded gap</strong>: the council would have to act (or issue a section 114 notice).</p>"
        )
        blocks.append(table_html(position.select(keep), money_columns=[c for c in keep if c.endswith("_gbp_m")], digits=2))
    one_offs = tables.get("mtfp_one_offs")
    if one_offs is not None and one_offs.height:
        blocks.append("<p>One-off funding that drops out (it widens the gap the year after it is counted):</p>")
        blocks.append(
            table_html(
                one_offs.drop([c for c in ("scenario",) if c in one_offs.columns]), money_columns=["amount_gbp_m", "adds_to_gap_gbp_m"], digits=3
            )
        )
    return Section("mtfp", "Medium Term Financial Plan gap", blocks)


def balances_section(tables: FolderTables) -> Section:
    """General balances against the floor and the £23m target, with the year they run out."""
    balances = _ledger(tables, "general_fund", "general_balances_closing")
    floor = _ledger(tables, "general_fund", "general_balances_floor")
    if balances is None:
        return _missing("balances", "General balances", "ledgers_summary (general balances)")
    refs = []
    if floor is not None:
        refs += [
            {"financial_year": r["financial_year"], "value": r["p50"], "label": "floor: 6.5% of net revenue budget (median)"}
            for r in floor.iter_rows(named=True)
        ]
    target = _published(tables, "general_balances_target_gbp_m")
    if target.height:
        value = target["value"][0]
        refs += [{"financial_year": y, "value": value, "label": f"target £{value:,.0f}m"} for y in balances["financial_year"].to_list()]
    refs += [{"financial_year": y, "value": 0.0, "label": "exhausted (zero)"} for y in balances["financial_year"].to_list()]
    opening = _published_by_year(tables, "general_balances_gbp_m", "published balance")
    chart = rc.fan(
        balances.select("financial_year", "p10", "p50", "p90"),
        "financial_year",
        "General balances at 31 March",
        "£m",
        "p10-p90 band and median; dashed: floor, target and zero",
        temporal=False,
        colour="#1f6b3f",
        lines=pl.DataFrame(refs) if refs else None,
        points=opening,
    )
    blocks: list[str | rc.Chart] = [chart]
    probabilities = tables.get("probabilities")
    if probabilities is not None:
        column = "p_balances_exhausted_by_this_year" if "p_balances_exhausted_by_this_year" in probabilities.columns else "p_balances_exhausted"
        exhausted = probabilities.filter(pl.col(column) >= 0.5)
        when = exhausted["financial_year"][0] if exhausted.height else None
        blocks.append(
            f"<p>Balances are exhausted in at least half of the futures from <strong>{when}</strong>.</p>"
            if when
            else "<p>Balances are not exhausted in half of the futures within the horizon.</p>"
        )
    return Section("balances", "General balances", blocks)


def probabilities_section(tables: FolderTables) -> Section:
    """Chances by year: balances below floor, exhausted, below target, a budget gap."""
    probabilities = tables.get("probabilities")
    if probabilities is None:
        return _missing("probabilities", "Chances by year", "probabilities")
    labels = {
        "p_balances_below_floor": "balances below the floor",
        "p_balances_exhausted": "balances exhausted",
        "p_balances_below_target": "balances below the target",
        "p_budget_gap_positive": "a budget gap (spending above funding)",
    }
    cols = [c for c in labels if c in probabilities.columns]
    long = probabilities.unpivot(index="financial_year", on=cols, variable_name="event", value_name="chance").with_columns(
        pl.col("event").replace_strict(labels, default=pl.col("event")), (pl.col("chance") * 100).alias("chance %")
    )
    wide = probabilities.select("financial_year", *[(pl.col(c) * 100).alias(f"{labels[c]} %") for c in cols])
    return Section(
        "probabilities",
        "Chances by year",
        [
            rc.lines(long, "financial_year", "chance %", "event", "Chance of each event by financial year", "% of futures", temporal=False),
            table_html(wide),
        ],
    )


def _median_of_one_category(counts: pl.LazyFrame, measure: str, category: str) -> pl.LazyFrame:
    """Median across paths of one social care measure and category by month."""
    return (
        counts.filter((pl.col("measure") == measure) & (pl.col("category") == category))
        .group_by("date", maintain_order=True)
        .agg(pl.col("value").median().alias("p50"))
        .select(pl.lit(measure).alias("measure"), pl.lit(category).alias("category"), "date", "p50")
    )


def _social_care_medians(tables: FolderTables) -> pl.DataFrame | None:
    """Median across paths of each social care measure by category and month, labelled for the charts.

    The counts table holds every path and month: it is read one measure and category at a time.
    """
    keys = tables.aggregate("social_care_counts", lambda counts: counts.group_by("measure", "category", maintain_order=True).agg())
    if keys is None:
        return None
    parts = []
    for measure, category in keys.iter_rows():
        part = tables.aggregate("social_care_counts", partial(_median_of_one_category, measure=measure, category=category))
        if part is None:
            return None
        parts.append(part)
    if not parts:
        return pl.DataFrame(schema={"measure": pl.String, "category": pl.String, "date": pl.Date, "p50": pl.Float64, "type": pl.String})
    return (
        pl.concat(parts)
        .with_columns(pl.col("date").cast(pl.Date), pl.col("category").replace_strict(CATEGORY_LABELS, default=pl.col("category")).alias("type"))
        .sort("date", maintain_order=True)
    )


def social_care_section(tables: FolderTables) -> Section:
    """Social care: children looked after by placement type and adult clients by service, with cost."""
    summary = tables.get("ledgers_summary")
    medians = _social_care_medians(tables)
    if summary is None or medians is None:
        return _missing("social-care", "Social care", "ledgers_summary", "social_care_counts")
    blocks: list[str | rc.Chart] = []
    for measure, title in (
        ("children_looked_after", "Children looked after by placement type (median)"),
        ("adult_social_care_clients", "Adult social care clients by service (median)"),
    ):
        part = medians.filter(pl.col("measure") == measure)
        if part.height:
            blocks.append(rc.lines(part, "date", "p50", "type", title, "people"))
    costs = summary.filter((pl.col("ledger") == "social_care") & pl.col("line").str.starts_with("csc_packages_")).with_columns(
        pl.col("line").replace_strict(LINE_LABELS, default=pl.col("line")).alias("placement type")
    )
    if costs.height:
        blocks.append(
            rc.stacked_bars(costs, "financial_year", "p50", "placement type", "Children's social care package cost by placement type (median)", "£m")
        )
    lines = summary.filter(pl.col("ledger") == "social_care").with_columns(
        pl.col("line").replace_strict(LINE_LABELS, default=pl.col("line")).alias("line")
    )
    blocks.append(
        table_html(
            lines.pivot(on="financial_year", index="line", values="p50"), money_columns=lines["financial_year"].unique(maintain_order=True).to_list()
        )
    )
    return Section("social-care", "Social care", blocks)


def transport_section(tables: FolderTables) -> Section:
    """Home-to-school transport cost by setting."""
    summary = tables.get("ledgers_summary")
    if summary is None:
        return _missing("transport", "Home-to-school transport", "ledgers_summary")
    part = summary.filter((pl.col("ledger") == "transport") & (pl.col("line") != "total")).with_columns(
        pl.col("line").replace_strict(LINE_LABELS, default=pl.col("line")).alias("line")
    )
    total = _ledger(tables, "transport", "total")
    if not part.height or total is None:
        return _missing("transport", "Home-to-school transport", "ledgers_summary (transport lines)")
    return Section(
        "transport",
        "Home-to-school transport",
        [
            rc.stacked_bars(part, "financial_year", "p50", "line", "Home-to-school transport cost by setting (median)", "£m"),
            table_html(total.select("financial_year", "p10", "p50", "p90"), money_columns=["p10", "p50", "p90"]),
        ],
    )


def bridge_section(tables: FolderTables) -> Section:
    """What moves the cumulative High Needs deficit from 2023/24 to each year, by driver."""
    bridge = tables.get("high_needs_bridge")
    if bridge is None:
        return _missing("bridge", "What moves the deficit", "high_needs_bridge")
    drivers = bridge.filter(pl.col("driver") != "cumulative_deficit").with_columns(pl.col("driver").str.replace_all("_", " ").alias("driver label"))
    chart = rc.stacked_bars(
        drivers,
        "financial_year",
        "value_gbp_m",
        "driver label",
        "Cumulative High Needs deficit by driver, from 2023/24",
        "£m",
        "mean across futures; the bars add up to the cumulative deficit",
    )
    wide = bridge.sort("order").pivot(on="financial_year", index="driver", values="value_gbp_m")
    return Section("bridge", "What moves the deficit", [chart, table_html(wide, money_columns=[c for c in wide.columns if c != "driver"])])


def assumptions_section(tables: FolderTables) -> Section:
    """Every assumption as used, with its source."""
    used = tables.get("assumptions_used")
    if used is None:
        return _missing("assumptions", "Assumptions as used", "assumptions_used")
    shown = used.select(
        "table",
        "item",
        pl.coalesce(pl.col("value_used").cast(pl.String), pl.col("value_used_text")).alias("value used"),
        "unit",
        "set_by",
        "source",
    )
    changed = shown.filter(pl.col("set_by") != "data")
    money = shown.filter(pl.col("table") == "money_assumptions.csv")
    intro = (
        f"<p>{changed.height} values set by the scenario; the rest ({shown.height - changed.height}) come from the council data folder. "
        "Every row names its source.</p>"
    )
    blocks: list[str | rc.Chart] = [intro]
    if changed.height:
        blocks += ["<h3>Set by the scenario</h3>", table_html(changed, css="wide")]
    if money.height:
        blocks += ["<h3>Money assumptions as used</h3>", table_html(money, css="wide")]
    blocks.append(
        f'<details class="appendix"><summary>All {shown.height} values with their sources (not printed unless opened)</summary>'
        f"{table_html(shown, max_rows=5000, css='wide')}</details>"
    )
    return Section("assumptions", "Assumptions as used", blocks)


def manifest_section(tables: FolderTables) -> Section:
    """The manifest: what was run, with which inputs and versions."""
    if not tables.manifest:
        return _missing("manifest", "Manifest", "manifest.json")
    short = [{"key": k, "value": str(v)} for k, v in sorted(tables.manifest.items()) if not isinstance(v, (dict, list))]
    long = [{"key": k, "value": json.dumps(v, default=str)[:4000]} for k, v in sorted(tables.manifest.items()) if isinstance(v, (dict, list))]
    blocks: list[str | rc.Chart] = [table_html(pl.DataFrame(short), css="wide")] if short else []
    if long:
        blocks.append(
            f'<details class="appendix"><summary>Scenario as resolved, input file hashes, timings and files</summary>{table_html(pl.DataFrame(long), css="wide")}</details>'
        )
    return Section("manifest", "Manifest", blocks)


def study_tables_section(tables: FolderTables) -> Section:
    """Every table and chart of a study folder (compare, backtest, optimiser, sweep), inlined."""
    blocks: list[str | rc.Chart] = []
    for name in tables.names(".csv"):
        frame = tables.get(name.removesuffix(".csv"))
        if frame is None:
            continue
        blocks.append(f"<h3>{html.escape(name)}</h3>")
        blocks.append(table_html(frame, max_rows=60, css="wide"))
    for name in tables.names(".png"):
        blocks.append(image_html(tables.folder / name, name))
    if not blocks:
        return Section.omitted("tables", "Tables and charts", "this output folder has no tables or charts.")
    return Section("tables", "Tables and charts", blocks)


def compare_chart_section(tables: FolderTables) -> Section:
    """Outcome differences B - A by year (median, with the p10-p90 range), one panel per outcome, for each comparison."""
    blocks: list[str | rc.Chart] = []
    needed = {"outcome", "at", "B-A median", "B-A p10", "B-A p90"}
    for name in tables.names(".csv"):
        if not name.startswith("outcomes_"):
            continue
        frame = tables.get(name.removesuffix(".csv"))
        if frame is None or frame.height == 0 or not needed <= set(frame.columns):
            continue
        tag = name.removeprefix("outcomes_").removesuffix(".csv")
        blocks.append(
            rc.differences(
                frame.select("outcome", "at", pl.col("B-A median").alias("median"), pl.col("B-A p10").alias("p10"), pl.col("B-A p90").alias("p90")),
                f"What changes: {tag.replace('-vs-', ' (A) to ')} (B)",
                "B - A on common random numbers: dot the median difference, bar p10 to p90; each outcome on its own scale",
            )
        )
    if not blocks:
        return Section.omitted("differences", "Differences", "this output folder has no outcomes_*.csv table with B-A columns.")
    return Section("differences", "Differences", blocks)


def programme_section(tables: FolderTables) -> Section:
    """The place programme chosen (places by project and the year it opens) and its cost against doing nothing."""
    programme = tables.get("programme")
    if programme is None:
        return _missing("programme", "The place programme", "programme")
    blocks: list[str | rc.Chart] = []
    if programme.height and {"project", "places", "financial_year"} <= set(programme.columns):
        blocks.append(
            rc.stacked_bars(
                programme.select("financial_year", "places", "project"),
                "financial_year",
                "places",
                "project",
                "New in-borough places opened, by project and financial year",
                "places",
            )
        )
        shown = [c for c in ("project", "setting", "age_bands", "needs", "places", "opens", "capital_cost_gbp") if c in programme.columns]
        blocks.append(table_html(programme.select(shown), css="wide"))
    else:
        blocks.append("<p>The optimiser opens no new places.</p>")
    costs = tables.get("costs")
    if costs is not None and {"sample", "statistic", "do_nothing_gbp_m", "programme_gbp_m"} <= set(costs.columns):
        long = costs.unpivot(
            index=["sample", "statistic"], on=["do_nothing_gbp_m", "programme_gbp_m"], variable_name="option", value_name="cost_gbp_m"
        ).with_columns(
            (pl.col("sample") + " (" + pl.col("statistic") + ")").alias("sample"),
            pl.col("option").replace_strict({"do_nothing_gbp_m": "do nothing", "programme_gbp_m": "with the programme"}),
        )
        blocks.append(rc.grouped_bars(long, "sample", "cost_gbp_m", "option", "Cost over the horizon: doing nothing against the programme", "£m"))
    return Section("programme", "The place programme", blocks)


def backtest_section(tables: FolderTables) -> Section:
    """Each later fact against the forecast made without it: median and p10-p90, with the coverage."""
    backtest = tables.get("backtest")
    if backtest is None or not {"series", "period_end", "fact", "p10", "median", "p90"} <= set(backtest.columns):
        return _missing("backtest", "Forecast against what happened", "backtest")
    coverage = tables.manifest.get("coverage", {})
    blocks: list[str | rc.Chart] = [
        rc.against_facts(
            backtest.with_columns(pl.col("period_end").cast(pl.String)),
            f"Forecast from {tables.manifest.get('as_of', 'the as-of date')} against every later fact",
            "Bar: p10-p90 of the forecast; blue dot: median; black diamond: the fact",
        )
    ]
    if coverage:
        blocks.append(
            f"<p>{coverage.get('inside_p10_p90', 0):.0%} of {int(coverage.get('points', 0))} later facts fall inside the p10-p90 band and "
            f"{coverage.get('inside_p5_p95', 0):.0%} inside p5-p95; the median is off by {coverage.get('mean_abs_error_pct', 0):.1f}% on average.</p>"
        )
    return Section("backtest", "Forecast against what happened", blocks)


def savings_plan_section(tables: FolderTables) -> Section:
    """The savings plan by year (what closes the gap) and the chance balances stay above the floor with and without it."""
    plan = tables.get("plan")
    probabilities = tables.get("probabilities")
    if plan is None or probabilities is None:
        return _missing("savings-plan", "The savings plan", "plan", "probabilities")
    blocks: list[str | rc.Chart] = []
    parts = {
        "savings_expected_gbp_m": "savings (expected delivery)",
        "council_tax_change_vs_no_plan_gbp_m": "council tax above the no-plan path",
        "earmarked_reserves_used_gbp_m": "earmarked reserves used",
        "further_savings_to_identify_gbp_m": "further savings still to identify",
    }
    cols = [c for c in parts if c in plan.columns]
    if cols and "financial_year" in plan.columns:
        long = plan.unpivot(index="financial_year", on=cols, variable_name="part", value_name="gbp_m").with_columns(
            pl.col("part").replace_strict(parts)
        )
        blocks.append(rc.stacked_bars(long, "financial_year", "gbp_m", "part", "What the plan uses each year", "£m"))
    if {"sample", "financial_year", "p_balanced_without_plan", "p_balanced_with_plan"} <= set(probabilities.columns):
        long = (
            probabilities.filter(pl.col("financial_year") != "all years")
            .unpivot(index=["sample", "financial_year"], on=["p_balanced_without_plan", "p_balanced_with_plan"], variable_name="case", value_name="p")
            .with_columns(
                (pl.col("p") * 100).alias("chance %"),
                (
                    pl.col("case").replace_strict({"p_balanced_without_plan": "without the plan", "p_balanced_with_plan": "with the plan"})
                    + ", "
                    + pl.col("sample").str.replace_all("_", "-")
                ).alias("case"),
            )
        )
        blocks.append(
            rc.lines(long, "financial_year", "chance %", "case", "Chance general balances stay above the floor", "% of futures", temporal=False)
        )
    return Section("savings-plan", "The savings plan", blocks)


RUN_SECTIONS: list[SectionFunction] = [
    headline_section,
    ehcp_section,
    occupancy_section,
    overflow_section,
    assessments_section,
    high_needs_section,
    mtfp_section,
    balances_section,
    probabilities_section,
    social_care_section,
    transport_section,
    bridge_section,
    assumptions_section,
    manifest_section,
]

STUDY_TITLES = {
    "compare": "Scenario comparison",
    "backtest": "Backtest: projections against what happened",
    "optimise-places": "Place programme: where to open in-borough SEND places",
    "optimise-savings": "Savings plan: closing the MTFP gap",
    "sweep": "Sweep over scenario settings",
}


def sections_for(kind: str, tables: FolderTables) -> tuple[list[SectionFunction], str, str]:
    """Section functions, title and subtitle of the report of an output ``kind``."""
    m = tables.manifest
    if kind == "run":
        scenario = m.get("scenario_resolved", {})
        title = f"{m.get('scenario_name', 'run')}: SEND, social care and the money they drive"
        subtitle = f"{scenario.get('description', '')} {m.get('paths', '?')} futures, seed {m.get('seed', '?')}.".strip()
        return RUN_SECTIONS, title, subtitle
    title = STUDY_TITLES.get(kind, kind)
    futures = m.get("paths", m.get("scenarios"))
    subtitle = f"sefton-sim {kind}; seed {m.get('seed')}" + (f", {futures} futures" if futures else "") if "seed" in m else f"sefton-sim {kind}"
    study_sections: dict[str, list[SectionFunction]] = {
        "compare": [compare_chart_section],
        "optimise-places": [programme_section],
        "backtest": [backtest_section],
        "optimise-savings": [savings_plan_section],
    }
    functions = study_sections.get(kind, [])
    return [*functions, study_tables_section, manifest_section], title, subtitle
