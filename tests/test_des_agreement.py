"""The two engines agree on every reported count and cost: SEND (with transport and the High Needs
deficit), children's social care packages and adult social care packages.

Set-up. Fixed seeds (vector 101, reference 202), parameter uncertainty switched off (no request
trend / base-rate spread for SEND; no entry-rate spread and fixed cost inflation for children;
fixed driver growth and fee uplift for adults), 24 months from 1 April 2024, 200 paths per
engine (``PATHS``). Scaled-down councils keep the reference fast: SEND at 10% of Sefton (as in
``test_des.py``: stock thinned, places, requests, base-date queue and caseworker slots scaled),
children's packages at 50%, adult packages at 20% (base-date packages and entry rates scaled).

Scenarios. ``baseline`` (the scaled Sefton) and ``stressed``: special-school places × 0.7 and
caseworker slots × 0.5, so special places and caseworker slots bind (the assessment queue grows
from 29 to about 100 against 18 slots); ``responding``: stressed, with the casework response rule
(``capacity.casework_response``: one officer recruited whenever the implied wait passes 20 weeks,
in post 3 months later) and 54% of the overflow going to INMSS (logit sd 0.2 across paths), the
rest to over-capacity maintained places.

Reported figures, at each year end (month 12 = 1 April 2025, month 24 = 1 April 2026) or for each
financial year (2024/25, 2025/26):

* SEND: EHCPs in total and by setting (INMSS is a setting), the assessment queue, casework officers
  added by the rule, and new plans, assessments completed, overflow to INMSS and overflow to
  over-capacity places to date;
* transport (``finance.transport``): the ledger's SEND + mainstream cost from each engine's
  children (children × share transported × cost per pupil, indexed) — mean and spread; and the
  reference's pupil-by-pupil record (``simulate_send_des_transport``) against the vector
  ledger — mean only, because the record adds the spread of *who* is transported, which the
  vector ledger (its conditional mean given the children) does not have. On these seeds the
  record's standard deviation is 1.63 times the vector's in 2024/25 (Brown-Forsythe p 4e-11; the
  base-date children are the same on every vector path, so only the record varies much) and 1.19
  times in 2025/26 (p 0.14); stressed 1.43 (p 2e-6) and 1.11 — a spread test would fail by
  design. Plus a one-sample t-test that the record minus the ledger figure on the same paths has
  mean 0;
* High Needs (``finance.high_needs.high_needs_ledger``): in-year and cumulative deficit;
* children's packages: children looked after in total and by placement type; net package cost;
* adults' packages: clients in total and by service; net package cost.

Tests. Per figure and time: a Welch t-test on the means and a Brown-Forsythe test (Levene,
median-centred) on the spread; figures that do not vary on either engine must be equal. Each
engine pair and scenario is one family with a Bonferroni-corrected level ``FAMILY_ALPHA / n``
(``FAMILY_ALPHA`` = 0.001): SEND 64 tests (68 responding), children 28 (3.6e-5), adults 28
(3.6e-5). Over the whole module (5 families) the chance of a false alarm is below 0.5%.

Perturbation tests: one rate changed in the reference only (same seeds) must be flagged:
SEND breakdown × 2, SEND transport share of mainstream pupils 0.08 -> 0.12, children's
residential step-down × 3, adults' home-care package ends × 1.2.

Observed on these seeds (smallest p per family): SEND baseline 0.0027 (college at month 24,
Welch), stressed 0.035 (special at month 24, Welch), children 0.072, adults 0.023. Perturbations
are flagged at p from 2e-6 (High Needs cumulative deficit, breakdown × 2) to 1e-85 (home care).

Slow tests (``-m slow``): 1,000 reference paths against 4,000 vector paths, same families
(smallest p: SEND baseline 0.0021, stressed 0.019, children 0.028, adults 0.034).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from sefton_sim.data import CouncilData
from sefton_sim.demand.capacity import casework_policy_vector
from sefton_sim.demand.des import simulate_send_des_transport
from sefton_sim.demand.rates import SendRates, build_send_rates
from sefton_sim.demand.vector import DemandPaths, simulate_send
from sefton_sim.finance.assumptions import FinanceAssumptions, resolve_finance
from sefton_sim.finance.high_needs import high_needs_ledger
from sefton_sim.finance.money_data import load_money_data
from sefton_sim.finance.transport import htst_cost, htst_cost_from_send_part
from sefton_sim.model import states as st
from sefton_sim.simulate.run import send_children_by_financial_year
from sefton_sim.social_care import asc_packages as asc
from sefton_sim.social_care import csc_packages as csc
from sefton_sim.social_care import package_common as pc
from sefton_sim.social_care.des_packages import simulate_asc_des, simulate_csc_des
from sefton_sim.social_care.placements import PLACEMENT_TYPES

DATA = Path(__file__).resolve().parents[1] / "src" / "sefton_sim" / "shipped" / "data" / "sefton"
BASE = dt.date(2024, 4, 1)
MONTHS = 24
YEAR_ENDS = (12, 24)
YEARS = MONTHS // 12
PATHS = 200
SLOW_DES_PATHS, SLOW_VECTOR_PATHS = 1000, 4000
VECTOR_SEED, DES_SEED = 101, 202
FAMILY_ALPHA = 0.001
SEND_SCALE, CSC_SCALE, ASC_SCALE = 0.1, 0.5, 0.2
SCALED_SEND = (
    "request_rate_per_month_at_base",
    "assessments_in_progress_at_base",
    "assessment_slots_before_2023_08",
    "assessment_slots_per_casework_officer",
)

RESPONSE_LAG_MONTHS = 3

Row = tuple[str, str, float]  # (figure, test, p-value)


# ---------------------------------------------------------------------------- scenarios


def _scaled_council(council: CouncilData, scale: float, stock_seed: int = 0) -> CouncilData:
    """Sefton thinned to ``scale``: stock, places, request rate, base-date queue, caseworker slots
    (the same construction as ``test_des._scaled_council``)."""
    rng = np.random.default_rng(stock_seed)
    stock = rng.poisson(council.stock_base * scale).astype(float)
    provisions = tuple(dataclasses.replace(p, places=int(round(p.places * scale))) for p in council.provisions)
    params = dict(council.parameters)
    for name in SCALED_SEND:
        p = params[name]
        params[name] = dataclasses.replace(p, value=p.value * scale, sd=None if p.sd is None else p.sd * scale)
    return dataclasses.replace(council, stock_base=stock, provisions=provisions, parameters=params)


def _send_rates(council: CouncilData, stressed: bool, responding: bool = False) -> SendRates:
    rates = build_send_rates(council, None, BASE, MONTHS)
    rates = dataclasses.replace(rates, request_trend_sd_per_year=0.0, request_rate_sd_log=0.0, structural_growth=None, posterior=None)
    if stressed:
        capacity = rates.capacity.copy()
        capacity[:, 1] = np.floor(capacity[:, 1] * 0.7)  # k = 1: special-school places
        rates = dataclasses.replace(rates, capacity=capacity, assessment_slots=rates.assessment_slots * 0.5)
    if responding:  # the casework rule recruits 1 officer at a time, in post 3 months later; half the overflow to INMSS
        policy = casework_policy_vector(True, 20.0, RESPONSE_LAG_MONTHS, 1, None, rates.slots_per_casework_officer, 0)
        rates = dataclasses.replace(rates, casework_policy=policy, overflow_to_inmss_share=0.54, overflow_to_inmss_share_sd_logit=0.2)
    return rates


def _fixed(parameter: pc.Parameter) -> pc.Parameter:
    return dataclasses.replace(parameter, low=parameter.value, high=parameter.value)


def _csc_rates(scale: float) -> csc.CscPackageRates:
    rates = csc.CscPackageRates.from_data(DATA)
    return dataclasses.replace(
        rates,
        children_at_base=rates.children_at_base * scale,
        base_stock=rates.base_stock * scale,
        entries_per_month=rates.entries_per_month * scale,
        steady_state_children=rates.steady_state_children * scale,
        entry_rate_sd_log=0.0,
        inflation=_fixed(rates.inflation),
    )


def _asc_rates(scale: float) -> asc.AscRates:
    rates = asc.AscRates.from_data(DATA)
    return dataclasses.replace(
        rates,
        clients_at_base=rates.clients_at_base * scale,
        entries_per_month_at_base=rates.entries_per_month_at_base * scale,
        driver_growth=tuple(_fixed(p) for p in rates.driver_growth),
        fee_uplift=_fixed(rates.fee_uplift),
    )


# ---------------------------------------------------------------------------- the tests


@dataclass(frozen=True)
class Figure:
    """One reported figure per path; ``spread`` False tests the mean only."""

    values: np.ndarray  # [P]
    spread: bool = True


def _compare(vector: dict[str, Figure], des: dict[str, Figure]) -> list[Row]:
    """(figure, test, p-value): Welch t on means and Brown-Forsythe on spread for every figure."""
    rows: list[Row] = []
    for name, fig in des.items():
        a, b = vector[name].values.astype(float), fig.values.astype(float)
        if a.std() == 0 and b.std() == 0:  # nothing random here; the values must match
            rows.append((name, "equal", 1.0 if np.isclose(a.mean(), b.mean(), rtol=1e-12, atol=1e-12) else 0.0))
            continue
        rows.append((name, "welch_t", float(stats.ttest_ind(a, b, equal_var=False).pvalue)))
        if fig.spread:
            rows.append((name, "brown_forsythe", float(stats.levene(a, b, center="median").pvalue)))
    return rows


def _flagged(rows: list[Row]) -> dict[str, float]:
    """Figures with a p-value below the family's Bonferroni level (smallest p each)."""
    alpha = FAMILY_ALPHA / len(rows)
    out: dict[str, float] = {}
    for name, _, p in rows:
        if p < alpha:
            out[name] = min(p, out.get(name, 1.0))
    return out


def _assert_agree(rows: list[Row], family: str) -> None:
    alpha = FAMILY_ALPHA / len(rows)
    failing = [r for r in rows if r[2] < alpha]
    smallest = min(rows, key=lambda r: r[2])
    assert not failing, f"{family}: engines disagree (alpha {alpha:.2g} per test, {len(rows)} tests): {failing}"
    print(f"\n{family}: {len(rows)} tests, alpha {alpha:.2g} each; smallest p {smallest[2]:.3g} ({smallest[0]}, {smallest[1]})")


# ---------------------------------------------------------------------------- SEND, transport, High Needs


@dataclass(frozen=True)
class Money:
    council: CouncilData  # the scaled council (base-date stock, unit costs, transport shares)
    assumptions: FinanceAssumptions


def _send_figures(demand: DemandPaths, money: Money) -> dict[str, Figure]:
    """Counts at year ends; transport and High Needs deficit per financial year."""
    out: dict[str, Figure] = {}
    stock = demand.stock_by_band_setting.sum(axis=2)  # [P, T+1, S]
    for t in YEAR_ENDS:
        out[f"ehcp_total@{t}"] = Figure(demand.ehcp_total()[:, t])
        for s, setting in enumerate(st.SETTINGS):
            out[f"{setting}@{t}"] = Figure(stock[:, t, s])
        out[f"assessment_queue@{t}"] = Figure(demand.queue[:, t])
        for flow in ("new_plans", "assessments_completed", "overflow_to_inmss", "overflow_over_capacity"):
            out[f"{flow}_to_date@{t}"] = Figure(demand.flows[flow][:, :t].sum(axis=1))
        out[f"casework_officers_added@{t}"] = Figure(demand.casework_officers_added[:, t - 1])
    children = send_children_by_financial_year(demand)
    council, assumptions = money.council, money.assumptions
    base = council.stock_base.sum(axis=(0, 1))
    transport = htst_cost(children, base, council.share_transported, council.transport_cost_gbp_per_pupil_per_year, assumptions)
    high_needs = high_needs_ledger(children, council.cost_gbp_per_child_per_year, assumptions)
    for y in range(YEARS):
        out[f"transport_ledger_fy{y}"] = Figure(transport.total_gbp_m[:, y])
        out[f"hn_in_year_deficit_fy{y}"] = Figure(high_needs.in_year_deficit_gbp_m[:, y])
        out[f"hn_cumulative_deficit_fy{y}"] = Figure(high_needs.cumulative_deficit_gbp_m[:, y])
    return out


def _send_rows(
    rates: SendRates,
    money: Money,
    vector: DemandPaths,
    des_paths: int,
    share_transported: np.ndarray | None = None,
) -> list[Row]:
    """Every SEND-side test: counts, transport (ledger and per-pupil record), High Needs."""
    council = money.council
    share = council.share_transported if share_transported is None else share_transported
    demand, transport, _ = simulate_send_des_transport(rates, des_paths, DES_SEED, share, council.transport_cost_gbp_per_pupil_per_year)
    fv, fd = _send_figures(vector, money), _send_figures(demand, money)
    base = council.stock_base.sum(axis=(0, 1))
    record = htst_cost_from_send_part(
        transport.send_cost_by_financial_year_gbp_m(),
        base,
        council.share_transported,
        council.transport_cost_gbp_per_pupil_per_year,
        money.assumptions,
    ).total_gbp_m
    for y in range(YEARS):
        fv[f"transport_per_pupil_fy{y}"] = fv[f"transport_ledger_fy{y}"]
        fd[f"transport_per_pupil_fy{y}"] = Figure(record[:, y], spread=False)
    rows = _compare(fv, fd)
    for y in range(YEARS):  # the record is unbiased for the ledger figure on the same paths
        residual = record[:, y] - fd[f"transport_ledger_fy{y}"].values
        rows.append((f"transport_per_pupil_minus_ledger_fy{y}", "t_mean_zero", float(stats.ttest_1samp(residual, 0.0).pvalue)))
    return rows


@pytest.fixture(scope="module")
def scaled_council(council) -> CouncilData:
    return _scaled_council(council, SEND_SCALE, stock_seed=0)


@pytest.fixture(scope="module")
def money(scaled_council) -> Money:
    return Money(scaled_council, resolve_finance(None, load_money_data(DATA), YEARS))


@pytest.fixture(scope="module")
def send_baseline(scaled_council) -> tuple[SendRates, DemandPaths]:
    rates = _send_rates(scaled_council, stressed=False)
    return rates, simulate_send(rates, PATHS, VECTOR_SEED)


@pytest.fixture(scope="module")
def send_stressed(scaled_council) -> tuple[SendRates, DemandPaths]:
    rates = _send_rates(scaled_council, stressed=True)
    return rates, simulate_send(rates, PATHS, VECTOR_SEED)


def test_send_transport_and_high_needs_agree(send_baseline, money):
    """SEND counts, transport and High Needs deficit: 60 tests at 0.001 / 60."""
    rates, vector = send_baseline
    _assert_agree(_send_rows(rates, money, vector, PATHS), "SEND baseline")


def test_send_transport_and_high_needs_agree_when_places_and_caseworkers_bind(send_stressed, money):
    """Special places × 0.7, caseworker slots × 0.5: the same 60 tests."""
    rates, vector = send_stressed
    assert vector.queue[:, -1].mean() > 3 * rates.assessment_slots[-1]  # slots bind
    assert vector.flows["overflow_to_inmss"].sum(axis=1).mean() > 0  # places bind
    _assert_agree(_send_rows(rates, money, vector, PATHS), "SEND stressed")


@pytest.fixture(scope="module")
def send_responding(scaled_council) -> tuple[SendRates, DemandPaths]:
    rates = _send_rates(scaled_council, stressed=True, responding=True)
    return rates, simulate_send(rates, PATHS, VECTOR_SEED)


def test_send_agree_when_the_casework_rule_recruits(send_responding, send_stressed, money):
    """Stressed, with the casework response rule (capacity.casework_response) recruiting and 54% of
    the overflow going to INMSS (the rest over capacity): the same tests plus officers added."""
    rates, vector = send_responding
    assert vector.casework_officers_added[:, -1].mean() >= 2  # the rule recruited
    assert vector.flows["overflow_over_capacity"].sum(axis=1).mean() > 0  # the spill splits
    assert vector.queue[:, -1].mean() < send_stressed[1].queue[:, -1].mean()  # and the queue is shorter than frozen
    _assert_agree(_send_rows(rates, money, vector, PATHS), "SEND casework rule responding")


def test_send_perturbation_breakdown_is_detected(send_baseline, money):
    """Mainstream breakdown × 3 in the reference only: specialist settings and the deficit move.
    (× 3: at the fitted breakdown rate, 0.17% a month, and with part of the overflow going to
    over-capacity local places, × 2 moves INMSS by less than these path counts resolve.)"""
    rates, vector = send_baseline
    changed = dataclasses.replace(rates, breakdown_per_month=rates.breakdown_per_month * 3)
    flagged = _flagged(_send_rows(changed, money, vector, PATHS))
    assert any(name.startswith("mainstream@") for name in flagged)  # fewer stay in mainstream
    assert any("inmss" in name for name in flagged)  # more overflow to INMSS


def test_send_perturbation_transport_share_is_detected(send_baseline, money):
    """Share of mainstream pupils transported 0.08 -> 0.12 in the reference's record only."""
    rates, vector = send_baseline
    share = money.council.share_transported.copy()
    share[st.MAINSTREAM] = 0.12
    flagged = _flagged(_send_rows(rates, money, vector, PATHS, share_transported=share))
    assert any(name.startswith("transport_per_pupil") for name in flagged)
    assert not any(name.startswith(("ehcp", "hn_", "transport_ledger")) for name in flagged)  # demand is untouched


# ---------------------------------------------------------------------------- social care packages


def _csc_figures(paths: csc.CscPaths, rates: csc.CscPackageRates) -> dict[str, Figure]:
    out: dict[str, Figure] = {}
    by_type = paths.by_type()
    cost = csc.csc_cost_by_financial_year(paths, rates)
    for t in YEAR_ENDS:
        out[f"children_looked_after@{t}"] = Figure(paths.total()[:, t])
        for k, kind in enumerate(PLACEMENT_TYPES):
            out[f"{kind}@{t}"] = Figure(by_type[:, t, k])
    for y in range(YEARS):
        out[f"csc_cost_fy{y}"] = Figure(cost[:, y])
    return out


def _asc_figures(paths: asc.AscPaths, rates: asc.AscRates) -> dict[str, Figure]:
    out: dict[str, Figure] = {}
    cost = asc.asc_cost_by_financial_year(paths, rates)
    for t in YEAR_ENDS:
        out[f"asc_clients@{t}"] = Figure(paths.total()[:, t])
        for s, service in enumerate(asc.SERVICES):
            out[f"{service}@{t}"] = Figure(paths.clients[:, t, s])
    for y in range(YEARS):
        out[f"asc_cost_fy{y}"] = Figure(cost[:, y])
    return out


def _package_rows(rates, des_rates, simulate: Callable, simulate_des: Callable, figures: Callable, vector_paths: int, des_paths: int) -> list[Row]:
    vector = simulate(rates, MONTHS, vector_paths, VECTOR_SEED)
    des, _ = simulate_des(des_rates, MONTHS, des_paths, DES_SEED)
    return _compare(figures(vector, rates), figures(des, rates))


@pytest.fixture(scope="module")
def csc_rates() -> csc.CscPackageRates:
    return _csc_rates(CSC_SCALE)


@pytest.fixture(scope="module")
def asc_rates() -> asc.AscRates:
    return _asc_rates(ASC_SCALE)


def test_children_social_care_packages_agree(csc_rates):
    """Children looked after, total and by type, and package cost: 28 tests at 0.001 / 28."""
    rows = _package_rows(csc_rates, csc_rates, csc.simulate_csc, simulate_csc_des, _csc_figures, PATHS, PATHS)
    _assert_agree(rows, "children's packages")


def test_adult_social_care_packages_agree(asc_rates):
    """Long-term clients, total and by service, and net package cost: 28 tests at 0.001 / 28."""
    rows = _package_rows(asc_rates, asc_rates, asc.simulate_asc, simulate_asc_des, _asc_figures, PATHS, PATHS)
    _assert_agree(rows, "adult packages")


def test_children_perturbation_step_down_is_detected(csc_rates):
    """Residential step-down × 3 in the reference only: fewer residential children, lower cost."""
    changed = dataclasses.replace(csc_rates, step_down_per_month=csc_rates.step_down_per_month * 3)
    flagged = _flagged(_package_rows(csc_rates, changed, csc.simulate_csc, simulate_csc_des, _csc_figures, PATHS, PATHS))
    assert {"residential@12", "residential@24", "csc_cost_fy1"} <= set(flagged)


def test_adult_perturbation_home_care_ends_is_detected(asc_rates):
    """Home-care packages end 1.2 times as often in the reference only: fewer home-care clients."""
    exits = asc_rates.exit_per_month.copy()
    exits[asc.SERVICES.index("home_care")] *= 1.2
    changed = dataclasses.replace(asc_rates, exit_per_month=exits)
    flagged = _flagged(_package_rows(asc_rates, changed, asc.simulate_asc, simulate_asc_des, _asc_figures, PATHS, PATHS))
    assert {"home_care@12", "home_care@24"} <= set(flagged)
    assert not any(name.startswith(("residential", "nursing", "supported_living", "direct_payments")) for name in flagged)


# ---------------------------------------------------------------------------- more paths


@pytest.mark.slow
@pytest.mark.parametrize(("stressed", "responding"), [(False, False), (True, False), (True, True)], ids=["baseline", "stressed", "responding"])
def test_send_agreement_with_more_paths(scaled_council, money, stressed, responding):
    """1,000 reference paths against 4,000 vector paths (about 35 s each on 2 cores)."""
    rates = _send_rates(scaled_council, stressed, responding)
    vector = simulate_send(rates, SLOW_VECTOR_PATHS, VECTOR_SEED)
    label = "responding" if responding else ("stressed" if stressed else "baseline")
    _assert_agree(_send_rows(rates, money, vector, SLOW_DES_PATHS), f"SEND {label} (slow)")


@pytest.mark.slow
def test_package_agreement_with_more_paths(csc_rates, asc_rates):
    """1,000 reference paths against 4,000 vector paths, children's and adults' packages."""
    rows = _package_rows(csc_rates, csc_rates, csc.simulate_csc, simulate_csc_des, _csc_figures, SLOW_VECTOR_PATHS, SLOW_DES_PATHS)
    _assert_agree(rows, "children's packages (slow)")
    rows = _package_rows(asc_rates, asc_rates, asc.simulate_asc, simulate_asc_des, _asc_figures, SLOW_VECTOR_PATHS, SLOW_DES_PATHS)
    _assert_agree(rows, "adult packages (slow)")
