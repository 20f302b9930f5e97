"""``council init`` (a council data folder from the DfE EHC plans statistics) and ``councils calibrate``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import polars as pl
import typer

from sefton_sim.cli.common import console, err_console, fail_bad_input, output_folder, print_table
from sefton_sim.errors import BadInputError

council_app = typer.Typer(no_args_is_help=True, help="Build a council data folder from the DfE EHC plans statistics (SEN2).")
councils_app = typer.Typer(no_args_is_help=True, help="Every English council at once from the DfE EHC plans statistics.")

STATS_HELP = "Folder of the DfE 'Education, health and care plans' files (caseload.csv, newplans.csv, requests.csv, ...)."


@council_app.command("init")
def council_init(
    la: Annotated[str, typer.Argument(help="Council code (E08000015), old code (344) or name (Wirral), case-insensitive.")],
    stats: Annotated[Path, typer.Option("--stats", help=STATS_HELP)],
    out: Annotated[Path, typer.Option("--out", help="New folder to write the council data folder into (or one this command wrote).")],
) -> None:
    """Write a council data folder built from the DfE statistics, every row with its source."""
    from sefton_sim.data import council_builder as cb
    from sefton_sim.data import dfe_statistics as dfe

    try:
        cb.check_out_folder(out)
        statistics = dfe.load_statistics(stats)
        build = cb.build_council(statistics, la)
        written = cb.write_council_folder(build, statistics, out, stats_label=str(stats))
    except BadInputError as exc:
        fail_bad_input(exc)
        return
    counts = pl.DataFrame({"setting": list(build.stock_by_setting), "children": [float(v) for v in build.stock_by_setting.values()]})
    print_table(counts, f"{build.council.la_name} ({build.council.la_code}): EHC plans by setting at the January census ({build.census_period})")
    q = build.quality
    console.print(
        f"Data quality: {q['suppressed_cells']} of {q['cells']} cells coded x/z/c (missing); settings residual {q['settings_residual_latest']}; "
        f"placement not recorded {q['placement_not_recorded_share']}; {q['series_break_2023']}",
        soft_wrap=True,
    )
    for note in build.missing:
        console.print(f"note: {note}", soft_wrap=True)
    console.print(f"Written: {written} (money tables as templates in templates/; see MISSING.md)", soft_wrap=True)


@councils_app.command("calibrate")
def councils_calibrate(
    stats: Annotated[Path, typer.Option("--stats", help=STATS_HELP)],
    out: Annotated[Path, typer.Option("--out", help="Folder for fit_errors.csv, councils.csv, summary.csv, skipped.csv.")],
    councils: Annotated[
        str | None, typer.Option("--councils", help="Comma-separated council codes or names (default: every council with complete series).")
    ] = None,
) -> None:
    """Initialise and calibrate every council with complete DfE series; fit errors and their distribution."""
    from sefton_sim.data import dfe_statistics as dfe
    from sefton_sim.outputs.folders import atomic_folder, write_manifest
    from sefton_sim.studies.councils_calibrate import calibrate_councils

    only = [c.strip() for c in councils.split(",") if c.strip()] if councils else None
    started = time.perf_counter()
    try:
        target = output_folder(out, "councils-calibrate", "councils-calibrate")
        statistics = dfe.load_statistics(stats)
        if only:
            for la in only:
                statistics.resolve(la)
        result = calibrate_councils(statistics, only, progress=lambda line: err_console.print(line, markup=False, highlight=False))
    except BadInputError as exc:
        fail_bad_input(exc)
        return
    elapsed = time.perf_counter() - started
    with atomic_folder(target, "councils-calibrate") as tmp:
        result.fit.write_csv(tmp / "fit_errors.csv")
        result.councils.write_csv(tmp / "councils.csv")
        result.summary.write_csv(tmp / "summary.csv")
        result.skipped.write_csv(tmp / "skipped.csv")
        write_manifest(
            tmp,
            {"command": "councils calibrate", "stats_folder": str(stats), "councils": only or "all", "seconds": round(elapsed, 1)},
            "councils-calibrate",
        )
    print_table(result.summary, "Absolute % error of the fitted series (fact points and per-council means); seconds per council", money=True)
    print_table(
        result.councils.head(5).select("la_code", "la_name", "stock_mean_abs_error_pct", "plans_issued_mean_abs_error_pct", "reason"),
        "Worst five councils (stock)",
        money=True,
    )
    if result.skipped.height:
        print_table(result.skipped, "Not calibrated")
    console.print(f"{result.councils.height} councils calibrated in {elapsed:.0f} s. Written: {Path(out).resolve()}", soft_wrap=True)
