"""report.html sections read the folder's tables: a section whose table is absent says so and draws nothing."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from sefton_sim.outputs.report import REPORT_FILE, FolderTables, write_report
from sefton_sim.outputs.report_sections import RUN_SECTIONS, balances_section, high_needs_section


def _folder(tmp_path: Path) -> Path:
    (tmp_path / "manifest.json").write_text(json.dumps({"package": "sefton-sim", "output_kind": "run", "scenario_name": "x", "seed": 1, "paths": 2}))
    return tmp_path


def test_a_folder_without_tables_gets_one_line_per_section_and_no_chart(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    text = write_report(folder, "run").read_text()
    assert text.count('class="omitted"') == len(RUN_SECTIONS) - 1  # all but the manifest
    assert "data-chart" not in text and "vegaEmbed" not in text
    assert "Not shown: this output folder has no send_headline table." in text


def _ledgers(rows: list[tuple[str, str, str, float]]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "scenario": "x",
                "ledger": ledger,
                "line": n,
                "financial_year": y,
                "mean": v,
                "p5": v - 2,
                "p10": v - 1,
                "p50": v,
                "p90": v + 1,
                "p95": v + 2,
            }
            for ledger, n, y, v in rows
        ]
    )


def test_high_needs_section_draws_the_published_deficits_with_their_sources(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    _ledgers([("high_needs", "cumulative_deficit", "2024/25", 60.0), ("high_needs", "in_year_deficit", "2024/25", 22.0)]).write_parquet(
        folder / "ledgers_summary.parquet"
    )
    pl.DataFrame({"series": ["high_needs_deficit_gbp_m"], "date": ["2024-03-31"], "value": [38.0], "source": ["fact: doc line 361"]}).write_parquet(
        folder / "published_figures.parquet"
    )
    section = high_needs_section(FolderTables(folder))
    assert section.omitted_because is None
    spec = json.dumps([b.to_dict() for b in section.blocks if not isinstance(b, str)])
    assert '"financial_year": "2023/24", "value": 38.0' in spec and "fact: doc line 361" in spec
    assert any("line 361" in b for b in section.blocks if isinstance(b, str))


def test_balances_section_names_the_year_balances_run_out(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    _ledgers(
        [("general_fund", "general_balances_closing", y, v) for y, v in (("2024/25", 10.0), ("2025/26", -5.0))]
        + [("general_fund", "general_balances_floor", y, 17.0) for y in ("2024/25", "2025/26")]
    ).write_parquet(folder / "ledgers_summary.parquet")
    pl.DataFrame({"financial_year": ["2024/25", "2025/26"], "p_balances_exhausted": [0.1, 0.7]}).write_parquet(folder / "probabilities.parquet")
    section = balances_section(FolderTables(folder))
    assert "exhausted in at least half of the futures from <strong>2025/26</strong>" in "".join(b for b in section.blocks if isinstance(b, str))
    assert (folder / REPORT_FILE).exists() is False
