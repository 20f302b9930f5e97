"""``calibrate`` (SEND rates to the facts) and ``calibrate-csc`` (children looked after from SSDA903)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import polars as pl
import typer

from sefton_sim.cli.common import QUIET_HELP, console, err_console, fail_bad_input, output_folder, print_table, progress_reporter
from sefton_sim.errors import BadInputError


def calibrate(
    data_folder: Annotated[Path | None, typer.Option("--data", help="Council data folder (default: the shipped Sefton folder).")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Output folder (default outputs/calibrate-<council>).")] = None,
    write: Annotated[bool, typer.Option("--write/--no-write", help="Write the posterior draws, fitted parameters and diagnostics.")] = True,
    stats: Annotated[
        Path | None,
        typer.Option(
            "--stats",
            help="DfE EHC plans statistics folder: fit its requests, assessments and ceased plans (default: the data folder's dfe_other_series.csv).",
        ),
    ] = None,
    la: Annotated[str, typer.Option("--la", help="The council's code or name in the DfE files (with --stats).")] = "E08000014",
    seed: Annotated[int, typer.Option("--seed", min=0, help="Seed of the sampler.")] = 1,
    walkers: Annotated[int, typer.Option("--walkers", min=4, max=400, help="Ensemble walkers (at least twice the 10 parameters).")] = 24,
    steps: Annotated[int, typer.Option("--steps", min=2, max=100_000, help="Steps kept after burn-in.")] = 400,
    burn_in: Annotated[int, typer.Option("--burn-in", min=0, max=100_000, help="Steps discarded first.")] = 200,
    thin: Annotated[int, typer.Option("--thin", min=1, max=1000, help="Keep every n-th step of each walker as a draw.")] = 10,
    map_evaluations: Annotated[
        int,
        typer.Option(
            "--map-evaluations",
            min=0,
            max=100_000,
            help="Model runs spent finding the posterior mode the walkers start from (0: start at the prior centre).",
        ),
    ] = 500,
    quiet: Annotated[bool, typer.Option("--quiet", help=QUIET_HELP)] = False,
) -> None:
    """Bayesian joint fit of the SEND rates to the stocks and flows (emcee); prints diagnostics and the fit to every fact."""
    from sefton_sim.data import load_council_data
    from sefton_sim.demand import bayes_fit as bf
    from sefton_sim.outputs.folders import atomic_folder, write_manifest
    from sefton_sim.shipped import council_folder

    folder_in = data_folder if data_folder is not None else council_folder("sefton")
    settings = bf.FitSettings(walkers=walkers, burn_in=burn_in, steps=steps, thin=thin, map_evaluations=map_evaluations)
    try:
        if thin > steps:
            raise BadInputError("(command line)", "--thin", thin, f"at most --steps ({steps})")
        if walkers < 2 * (len(bf.FITTED_RATES) + len(bf.DISPERSIONS)):
            raise BadInputError(
                "(command line)", "--walkers", walkers, f"at least {2 * (len(bf.FITTED_RATES) + len(bf.DISPERSIONS))} (twice the parameters)"
            )
        out_dir = output_folder(out, f"calibrate-{folder_in.resolve().name}", "calibrate") if write else None
        data = load_council_data(folder_in)
        other = bf.read_other_series(folder_in)
        if stats is not None:
            from sefton_sim.data import dfe_statistics as dfe
            from sefton_sim.data.council_history import other_series_table

            statistics = dfe.load_statistics(stats)
            other = other_series_table(statistics, statistics.resolve(la))
        with progress_reporter(quiet) as progress:
            fit = bf.fit_send_posterior(data, other, settings, seed=seed, progress=progress)
    except BadInputError as exc:
        fail_bad_input(exc)
        return
    print_table(fit.fit_error.drop("source"), "Fit to every fact: posterior median of the expected value vs the fact")
    print_table(fit.predictive.drop("source"), "Posterior-predictive check: each fact vs p5/p50/p95 of simulated facts")
    print_table(
        fit.diagnostics.drop("prior_source"), f"Posterior and diagnostics (targets: R-hat < {bf.R_HAT_MAX}, bulk and tail ESS > {bf.ESS_MIN:g})"
    )
    met = int(fit.diagnostics["meets_targets"].sum())
    console.print(
        f"{met} of {fit.diagnostics.height} parameters meet the targets; acceptance {fit.acceptance:.2f}; "
        f"{fit.draws.height} joint draws; {int(fit.predictive['inside_p5_p95'].sum())} of {fit.predictive.height} facts inside the predictive p5-p95.",
        soft_wrap=True,
    )
    if out_dir is not None:
        with atomic_folder(out_dir, "calibrate") as tmp:
            bf.write_fit_tables(data, fit, tmp)
            write_manifest(
                tmp,
                {
                    "data_folder": str(folder_in.resolve()),
                    "command": "calibrate",
                    "method": "Bayesian joint fit (emcee ensemble, negative binomial observations)",
                    "stats_folder": None if stats is None else str(stats.resolve()),
                    "seed": seed,
                    "sampler": {"walkers": walkers, "burn_in": burn_in, "steps": steps, "thin": thin, "map_evaluations": map_evaluations},
                    "acceptance": fit.acceptance,
                    "parameters_meeting_targets": met,
                },
                "calibrate",
            )
        console.print(
            f"Written: {out_dir.resolve()} ({bf.DRAWS_FILE} and send_fitted_parameters.csv: copy both into a council data folder to use them; "
            f"{bf.DIAGNOSTICS_FILE}, {bf.PREDICTIVE_FILE}, {bf.FIT_ERROR_FILE}, {bf.PRIORS_FILE})",
            soft_wrap=True,
        )


def calibrate_csc_command(
    folder: Annotated[Path, typer.Argument(help="Folder of SSDA903 annual returns (one sub-folder per year with episodes.csv and header.csv).")],
    out: Annotated[Path | None, typer.Option("--out", help="Write rates, fit and projection tables here.")] = None,
    window_months: Annotated[
        int | None,
        typer.Option(
            "--window-months", min=3, max=120, help="Force the estimation window (months before the end of the data); default: chosen by the rule."
        ),
    ] = None,
    horizon_months: Annotated[int, typer.Option("--horizon-months", min=1, max=240, help="Months of the projection.")] = 24,
    paths: Annotated[int, typer.Option("--paths", min=1, max=100_000, help="Random paths of the projection.")] = 200,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Seed of the projection.")] = 1,
    write_data: Annotated[
        Path | None,
        typer.Option(
            "--write-data",
            help="Council data folder: replace its csc_placements.csv and csc_parameters.csv with tables fitted to these returns (costs kept).",
        ),
    ] = None,
) -> None:
    """Estimate children-looked-after entry, move and exit rates from SSDA903 returns; replay and project."""
    from sefton_sim.outputs.folders import atomic_folder, write_manifest
    from sefton_sim.social_care import ssda903_to_packages as s2p
    from sefton_sim.social_care.csc_calibration import calibrate_csc
    from sefton_sim.social_care.ssda903_quality import summary_lines

    written: dict[str, Path] = {}
    try:
        out_dir = output_folder(out, "", "calibrate-csc") if out is not None else None
        if write_data is not None:
            s2p.check_data_folder(write_data)
        calibration = calibrate_csc(folder, window_months=window_months)
        if write_data is not None:
            tables = s2p.package_tables_from_calibration(calibration, write_data)
            written = s2p.write_package_tables(*tables, write_data)
    except BadInputError as exc:
        fail_bad_input(exc)
        return
    for line in summary_lines(calibration.data.quality):
        err_console.print(line, soft_wrap=True, markup=False, highlight=False)
    console.print(f"Estimation window: {calibration.window_choice.reason}.", soft_wrap=True, markup=False, highlight=False)
    print_table(calibration.table, "Children looked after at the end of the data: observed vs calibrated replay (in sample)", money=True)
    print_table(calibration.rolling_replay, "Rolling replay: next year's observed children vs the replay's p5-p95", money=True)
    inside = calibration.rolling_replay.filter(pl.col("placement_type") != "total")
    console.print(
        f"Rolling replay: {inside['inside'].sum()} of {inside.height} (placement type x end date) inside p5-p95 "
        f"({100 * calibration.rolling_share_inside:.0f}%).",
        soft_wrap=True,
    )
    projection = calibration.projection_table(months=horizon_months, paths=paths, seed=seed)
    print_table(projection.tail(12), f"{horizon_months}-month projection, {paths} paths, seed {seed} (last rows shown)", money=True)
    if out_dir is not None:
        with atomic_folder(out_dir, "calibrate-csc") as tmp:
            calibration.write(tmp, months=horizon_months, paths=paths, seed=seed)
            write_manifest(
                tmp,
                {
                    "command": "calibrate-csc",
                    "ssda903_folder": str(folder.resolve()),
                    "end_of_data": calibration.rates.as_of.isoformat(),
                    "window_months": calibration.replay_months,
                    "window_forced": calibration.window_choice.forced,
                    "window_reason": calibration.window_choice.reason,
                    "projection": {"horizon_months": horizon_months, "paths": paths, "seed": seed},
                    "rolling_replay_share_inside_p5_p95": calibration.rolling_share_inside,
                },
                "calibrate-csc",
            )
        console.print(f"Output folder: {out_dir}", soft_wrap=True)
    if written:
        placements, parameters = tables
        fitted = parameters.filter(pl.col("source").str.starts_with(s2p.FIT_PREFIX))["parameter"].to_list()
        print_table(s2p.as_text(placements).drop("source"), f"Written: {s2p.pk.PLACEMENTS_FILE}")
        print_table(s2p.as_text(parameters).drop("source"), f"Written: {s2p.pk.PARAMETERS_FILE}")
        for name in (s2p.pk.PLACEMENTS_FILE, s2p.pk.PARAMETERS_FILE):  # whole paths on lines of their own (a table title wraps them)
            console.print(f"Written: {written[name].resolve()}", soft_wrap=True)
        console.print(
            "Fitted to the SSDA903 returns: children_at_base, entry_share and mean_stay_months of every placement type; "
            f"{', '.join(fitted)}. Copied from the existing tables: the weekly costs and their ranges, "
            f"{', '.join(parameters.filter(~pl.col('parameter').is_in(fitted))['parameter'].to_list())}.",
            soft_wrap=True,
        )
