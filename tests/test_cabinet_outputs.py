"""The finance officer's outputs of a run: the Cabinet workbook and the DSG management plan export."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from sefton_sim.cli.main import app
from sefton_sim.outputs.dsg_plan import AGE_GROUPS, CATEGORIES

SCENARIOS = Path(__file__).resolve().parents[1] / "src" / "sefton_sim" / "shipped" / "scenarios"


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cabinet") / "ct"
    result = CliRunner().invoke(
        app, ["run", str(SCENARIOS / "council_tax_2_99.toml"), "--paths", "30", "--xlsx", "--out", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return out


class Book:
    """The parts of an .xlsx this test reads (sheet XML by name, shared strings)."""

    def __init__(self, path: Path) -> None:
        self.zip = zipfile.ZipFile(path)
        workbook = self.zip.read("xl/workbook.xml").decode()
        rels = self.zip.read("xl/_rels/workbook.xml.rels").decode()
        targets = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', rels)) | {
            a: b for b, a in re.findall(r'Target="([^"]+)"[^>]*Id="(rId\d+)"', rels)
        }
        self.sheets = {name: "xl/" + targets[rid] for name, rid in re.findall(r'<sheet name="([^"]+)" sheetId="\d+" r:id="(rId\d+)"', workbook)}
        strings = self.zip.read("xl/sharedStrings.xml").decode()
        self.strings = [re.sub(r"<[^>]+>", "", s) for s in re.findall(r"<si>(.*?)</si>", strings, flags=re.S)]

    def xml(self, sheet: str) -> str:
        return self.zip.read(self.sheets[sheet]).decode()

    def rows(self, sheet: str) -> list[list[str | float]]:
        """Cell values row by row (strings resolved, numbers as floats)."""
        out: list[list[str | float]] = []
        for number, row in re.findall(r'<row r="(\d+)"[^>]*>(.*?)</row>', self.xml(sheet), flags=re.S):
            while len(out) < int(number) - 1:
                out.append([])
            cells: list[str | float] = []
            for attrs, value in re.findall(r"<c ([^>]*?)(?:/>|>(.*?)</c>)", row, flags=re.S):
                v = re.search(r"<v>(.*?)</v>", value or "")
                if v is None:
                    cells.append("")
                elif 't="s"' in attrs:
                    cells.append(self.strings[int(v.group(1))])
                else:
                    cells.append(float(v.group(1)))
            out.append(cells)
        return out


def test_workbook_has_a_cover_and_the_sheets_in_order(run_folder: Path) -> None:
    book = Book(run_folder / "workbook.xlsx")
    assert list(book.sheets) == [
        "Cover", "Summary", "MTFP", "High Needs", "SEND", "Social care", "Transport", "DSG plan",
        "MTFP position", "One-offs", "Gap bridge", "MTFP assumptions", "High Needs bridge", "Notes", "Assumptions", "Manifest",
    ]  # fmt: skip
    cover = {str(r[0]): r[1] for r in book.rows("Cover") if len(r) > 1}
    assert cover["Scenario"] == "council_tax_2_99"
    assert "2.99%" in str(cover["What it asks"])
    assert cover["Seed"] == 20240401 and cover["Futures simulated (paths)"] == 30
    assert "p10" in str(cover["What the bands mean"])


def test_assumptions_sheet_shows_the_value_the_scenario_used(run_folder: Path) -> None:
    rows = Book(run_folder / "workbook.xlsx").rows("Assumptions")
    tax = [r for r in rows if len(r) > 2 and r[1] == "council_tax_increase_pct"]
    assert len(tax) == 1
    assert tax[0][2] == pytest.approx(2.99)  # a number, not the data's 4.99 and not text
    assert "scenario council_tax_2_99" in " ".join(str(c) for c in tax[0])
    cap = [r for r in rows if len(r) > 2 and r[1] == "council_tax_referendum_cap_pct"]
    assert "data" in [str(c) for c in cap[0]]  # the schema default equals the data: not reported as the scenario's


def test_money_sheets_have_numbers_labels_and_no_flag_rows(run_folder: Path) -> None:
    book = Book(run_folder / "workbook.xlsx")
    mtfp = book.rows("MTFP")
    labels = [str(r[0]) for r in mtfp[3:]]
    assert "Other funding (not itemised in the budget report)" in labels
    codes = [str(r[1]) for r in mtfp[3:]]
    assert "other_funding_unexplained" in codes and not any(c.endswith("_flag") for c in codes)
    assert re.search(r'<col min="2" max="2"[^>]*hidden="1"', book.xml("MTFP"))
    assert all(isinstance(v, float) for r in mtfp[3:] for v in r[2:])
    summary = book.rows("Summary")
    header = summary[2]
    assert {"HN deficit p10 £m", "HN deficit p50 £m", "HN deficit p90 £m", "MTFP gap p10 £m", "MTFP gap p90 £m"} <= set(map(str, header))
    assert all(isinstance(v, float) for v in summary[3][1:])
    assert sum(1 for n in book.zip.namelist() if n.startswith("xl/charts/chart")) == 3


def test_every_sheet_prints_landscape_fitted_to_width_with_repeated_headers(run_folder: Path) -> None:
    book = Book(run_folder / "workbook.xlsx")
    workbook = book.zip.read("xl/workbook.xml").decode()
    for sheet in book.sheets:
        xml = book.xml(sheet)
        assert 'orientation="landscape"' in xml, sheet
        if sheet != "Cover":
            assert 'fitToHeight="0"' in xml and 'paperSize="9"' in xml, sheet  # one page wide on A4, as many pages down as needed
        assert '<pageSetUpPr fitToPage="1"/>' in xml, sheet
    assert workbook.count("_xlnm.Print_Titles") == len(book.sheets) - 1  # every sheet but the cover


def test_export_dsg_plan_maps_every_category_and_age_group(run_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "dsg"
    result = CliRunner().invoke(app, ["export", "dsg-plan", str(run_folder), "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    plan = pl.read_csv(out / "dsg_plan.csv")
    years = plan["Financial year (at 31 March)"].unique().to_list()
    assert plan.height == len(years) * len(CATEGORIES) * (len(AGE_GROUPS) + 1)
    assert plan["Lookup key"].n_unique() == plan.height
    other = plan.filter(pl.col("Placement category") == "Other")
    assert other["Children p50"].null_count() == other.height and other["Note"].str.contains("No model counterpart").all()
    cells = pl.read_parquet(run_folder / "ehcp_by_setting_age_band.parquet")
    last = cells.filter(pl.col("financial_year") == "2028/29")
    inmss_secondary = last.filter((pl.col("setting") == "inmss") & (pl.col("age_band") == "secondary"))["p50"][0]
    row = plan.filter(pl.col("Lookup key") == "NMSS_INDEPENDENT|11-15|2028/29")
    assert row["Children p50"][0] == pytest.approx(inmss_secondary)
    summary = pl.read_parquet(run_folder / "send_summary.parquet")
    total = summary.filter((pl.col("measure") == "ehcp_total") & (pl.col("date").cast(pl.Date) == pl.date(2029, 4, 1)))["p50"][0]
    in_plan = plan.filter((pl.col("Financial year (at 31 March)") == "2028/29") & (pl.col("Age group") != "All ages"))["Children p50"].sum()
    assert in_plan == pytest.approx(total, rel=0.03)  # sums of cell medians against the median total
    spend = plan.filter((pl.col("Age group") == "All ages") & (pl.col("Placement category") == "Non-maintained / independent special"))
    assert spend["High Needs spend, median £m"].is_not_null().all()
    assert "DSG plan" in Book(out / "dsg_plan.xlsx").sheets


def test_export_dsg_plan_refuses_a_folder_that_is_not_a_run(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", "dsg-plan", str(tmp_path), "--out", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "output folder written by sefton-sim run" in result.output
    assert not (tmp_path / "x").exists()
