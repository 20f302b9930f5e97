"""The Bayesian joint fit of the SEND rates, its posterior draws as data, and their use in a run."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil

import numpy as np
import polars as pl
import pytest
from scipy.stats import nbinom

from conftest import DATA, SHARED
from sefton_sim.data import load_council_data
from sefton_sim.data.posterior_draws import DRAWS_FILE, PARAMETER_COLUMNS
from sefton_sim.demand import bayes_fit as bf
from sefton_sim.demand.rates import build_send_rates
from sefton_sim.demand.vector import simulate_send
from sefton_sim.errors import BadInputError

BASE = dt.date(2024, 4, 1)
TINY = bf.QUICK


@pytest.fixture(scope="module")
def other():
    return bf.read_other_series(DATA)


@pytest.fixture(scope="module")
def quick_fit(council, other):
    return bf.fit_send_posterior(council, other, TINY, seed=5)


def test_the_fast_expected_model_is_the_history_run_of_calibrate(council, other):
    obs = bf.observations(council, other)
    model = bf.ExpectedModel.build(council, obs, BASE)
    post = bf.Posterior(model, bf.build_priors(council))
    values = post.natural(post.centre() + 0.3 * np.array([p.sd for p in post.priors]))
    fast = model.run(values)
    reference = bf.history_check(council, values, BASE, model.end)
    np.testing.assert_allclose(fast.ehcp_total(), reference.ehcp_total(), rtol=1e-12)
    for name in ("new_plans", "requests", "assessments_completed", "ceased", "aged_out", "assessments_agreed"):
        np.testing.assert_allclose(fast.flows[name], reference.flows[name], rtol=1e-12)


def test_negative_binomial_matches_scipy():
    y, mu, phi = np.array([0.0, 3.0, 250.0, 3116.0]), np.array([1.5, 4.0, 300.0, 3000.0]), np.array([2.0, 50.0, 20.0, 1000.0])
    expected = nbinom.logpmf(y, phi, phi / (phi + mu))
    np.testing.assert_allclose(bf.nb_logpmf(y, mu, phi), expected, rtol=1e-10)


def test_priors_are_centred_on_the_starting_assumptions_not_the_last_fit(council):
    priors = {p.name: p for p in bf.build_priors(council)}
    # send_fitted_parameters.csv holds 0.97; send_parameters.csv's starting assumption is 0.90
    assert priors["plan_conversion_share"].centre == pytest.approx(0.90)
    assert priors["plan_conversion_share"].scale == "logit"
    assert priors["ceasing_rate_per_year"].centre == pytest.approx(0.03)
    # the range is +-2 sd on the prior's scale
    p = priors["request_rate_per_month_at_base"]
    assert 4 * p.sd == pytest.approx(np.log(120) - np.log(30))
    assert all(p.source.startswith(("assumption", "fact")) for p in priors.values())


def test_the_dfe_flow_series_are_fitted_and_a_cut_date_drops_later_facts(council, other):
    obs = bf.observations(council, other)
    series = {o.series for o in obs}
    assert {"requests_received", "assessments_completed", "plans_ceased", "ehcp_stock", "plans_issued"} <= series
    completed_2019 = next(o for o in obs if o.series == "assessments_completed" and o.period_start.year == 2019)
    assert completed_2019.value == 318 + 1  # assess_issued + assess_not_issued where assess_in_year is missing
    cut = bf.observations(council, other, as_of=dt.date(2022, 6, 30))
    assert cut and all(o.period_end <= dt.date(2022, 6, 30) for o in cut)
    assert len(cut) < len(obs)


def test_a_small_fit_reports_diagnostics_predictive_check_and_error_for_every_fact(quick_fit):
    fit = quick_fit
    assert fit.draws.height == TINY.walkers * TINY.steps // TINY.thin
    assert set(PARAMETER_COLUMNS) <= set(fit.draws.columns)
    assert fit.draws["source"].str.starts_with("fit:").all()
    d = fit.diagnostics
    assert set(d["parameter"]) == {n for n, _ in bf.FITTED_RATES} | set(bf.DISPERSIONS)
    assert {"r_hat", "ess_bulk", "ess_tail", "meets_targets"} <= set(d.columns)
    assert d["r_hat"].is_finite().all()
    # four steps cannot meet the targets, and the table says so
    assert not d["meets_targets"].any()
    pred = fit.predictive
    assert pred.height == len(fit.obs) == fit.fit_error.height
    assert (pred["p5"] <= pred["p50"]).all() and (pred["p50"] <= pred["p95"]).all()
    shares = fit.draws["plan_conversion_share"].to_numpy()
    assert ((shares > 0) & (shares < 1)).all()


def test_the_fit_is_reproducible_for_a_seed(council, other, quick_fit):
    again = bf.fit_send_posterior(council, other, TINY, seed=5)
    assert again.draws.equals(quick_fit.draws)


def test_the_fit_tables_are_data_with_provenance(tmp_path, council, quick_fit):
    written = bf.write_fit_tables(council, quick_fit, tmp_path)
    assert {p.name for p in written} == {
        DRAWS_FILE,
        "send_fitted_parameters.csv",
        bf.DIAGNOSTICS_FILE,
        bf.PREDICTIVE_FILE,
        bf.FIT_ERROR_FILE,
        bf.PRIORS_FILE,
    }
    fitted = pl.read_csv(tmp_path / "send_fitted_parameters.csv")
    assert fitted["source"].str.starts_with("fit:").all()


def test_the_shipped_draws_are_used_one_draw_per_path(council):
    assert council.posterior_draws is not None and council.posterior_draws.height >= 200
    assert council.posterior_draws["source"].str.starts_with("fit:").all()
    rates = dataclasses.replace(build_send_rates(council, None, BASE, 12), structural_growth=None)  # recorded trend = the draw's
    assert rates.posterior is not None
    paths = simulate_send(rates, 60, seed=9)
    drawn = council.posterior_draws["request_trend_per_year"].to_numpy()
    np.testing.assert_array_equal(paths.request_trend_per_year, drawn[paths.posterior_draw])  # each path's trend is its draw's
    assert len(set(paths.posterior_draw)) > 40  # paths take their own draws
    slots = paths.assessment_slots[:, 0] - paths.casework_officers_added[:, 0] * rates.slots_per_casework_officer
    np.testing.assert_allclose(slots, rates.posterior.assessment_slots[paths.posterior_draw, 0])  # and the draw's slots
    again = simulate_send(rates, 60, seed=9)
    np.testing.assert_array_equal(again.ehcp_total(), paths.ehcp_total())


def test_without_draws_a_run_varies_only_the_request_rate_and_trend(council):
    rates = build_send_rates(dataclasses.replace(council, posterior_draws=None), None, BASE, 12)
    assert rates.posterior is None


def test_bad_draws_are_refused_in_one_line(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    frame = pl.read_csv(folder / DRAWS_FILE)
    frame = frame.with_columns(pl.when(pl.col("draw") == 3).then(1.2).otherwise(pl.col("plan_conversion_share")).alias("plan_conversion_share"))
    frame.write_csv(folder / DRAWS_FILE)
    with pytest.raises(BadInputError, match=r"row 5\.plan_conversion_share.*between 0 and 1"):
        load_council_data(folder)


def test_the_dfe_folder_gives_the_same_series_as_the_shipped_table(council):
    from sefton_sim.data import dfe_statistics as dfe
    from sefton_sim.data.council_history import other_series_table

    stats = dfe.load_statistics(SHARED / "public_data" / "dfe_ehcp_statistics")
    table = other_series_table(stats, stats.resolve("E08000014"))
    from_dfe = {(o.series, o.period_start, o.value) for o in bf.dfe_series_rows(table)}
    shipped = {(o.series, o.period_start, o.value) for o in bf.dfe_series_rows(bf.read_other_series(DATA))}
    assert from_dfe == shipped


def test_each_paths_posterior_probabilities_reach_the_kernel_with_their_powers(council):
    from scipy.stats import binom

    from sefton_sim.demand.vector import _rows, draw_path_parameters, probability_of_none

    rates = build_send_rates(council, None, BASE, 12)
    params = draw_path_parameters(rates, np.random.default_rng(2), 40)
    rows = _rows(rates, params, expected=False)
    post = rates.posterior
    np.testing.assert_array_equal(
        rows.q[rows.cease[:, 0]], np.minimum(post.ceasing_per_month[params.posterior_draw], 1 - post.ceasing_per_month[params.posterior_draw])
    )
    conversion = post.conversion_share[params.posterior_draw]
    np.testing.assert_array_equal(rows.flip[rows.convert], conversion > 0.5)
    np.testing.assert_allclose(rows.q[rows.convert], np.minimum(conversion, 1 - conversion))
    m = np.array([0, 1, 7, 31, 32, 60, 400, 1055])
    for row in np.unique(np.concatenate([rows.cease[:, 0], rows.convert])):
        np.testing.assert_allclose([probability_of_none(rows.p0, row, k) for k in m], binom.pmf(0, m, rows.q[row]), rtol=1e-12)


def test_a_run_without_process_noise_gives_every_path_its_posterior_draw(council):
    from sefton_sim.demand.vector import simulate_chunk, simulate_chunk_expected_given_parameters

    rates = build_send_rates(council, None, BASE, 6)
    noisy = simulate_chunk(rates, 4, 0, 30)
    quiet = simulate_chunk_expected_given_parameters(rates, 4, 0, 30)
    np.testing.assert_array_equal(quiet.posterior_draw, noisy.posterior_draw)
    np.testing.assert_array_equal(quiet.request_trend_per_year, noisy.request_trend_per_year)
    queue0 = rates.posterior.assessments_in_progress_at_base[noisy.posterior_draw]
    np.testing.assert_allclose(quiet.queue[:, 0], queue0 * rates.request_mix.sum())
