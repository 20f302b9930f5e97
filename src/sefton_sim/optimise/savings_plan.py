"""The plan read back from a solved savings model (``plan_from_handles``, ``extract_plan``,
``options_decisions``), its exact effect on each path's balances (``balances_with_plan``, computed
outside the model, council tax compounded as the ledger does), and the plan written as a scenario
TOML that ``run`` / ``compare`` / ``validate`` read (``plan_to_scenario``, ``copy_scenario_chain``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from sefton_sim.optimise.savings import SavingsOption, SavingsOptions
from sefton_sim.optimise.savings_inputs import FLOOR_TOLERANCE_GBP_M, SavingsInputs
from sefton_sim.optimise.savings_model import SavingsHandles, year_tag
from sefton_sim.optimise.scenario_writing import copy_scenario_files, data_folder_line, toml_number, toml_string
from sefton_sim.scenario.finance import Saving


@dataclass(frozen=True)
class SavingsPlan:
    """A chosen plan: options taken, council tax increase per year (%), earmarked-reserve draws per year (£m)."""

    year_labels: tuple[str, ...]
    taken: tuple[SavingsOption, ...]
    council_tax_increase_pct: np.ndarray  # [Y], 0 in year 0 (published)
    reserves_draw_gbp_m: dict[str, np.ndarray]  # option -> [Y]
    further_savings_gbp_m: np.ndarray | None = None  # [Y] recurrent savings still to be identified, found each year

    @property
    def taken_names(self) -> tuple[str, ...]:
        """Ids of the options taken (table order)."""
        return tuple(o.option for o in self.taken)

    def earmarked_reserves_draw_gbp_m(self) -> np.ndarray:
        """Earmarked reserves released to the revenue budget, all options together, £m [Y] (funding)."""
        total = np.zeros(len(self.year_labels))
        for values in self.reserves_draw_gbp_m.values():
            total = total + values
        return total


def plan_from_handles(handles: SavingsHandles) -> SavingsPlan:
    """The plan in the solved model's variables (binaries rounded)."""
    inputs, options = handles.inputs, handles.options
    taken = tuple(o for o in options.options if o.kind != "council_tax" and round(handles.take[o.option].varValue or 0.0) == 1)
    pct = np.zeros(inputs.years)
    for o in options.of_kind("council_tax"):
        for y in range(1, inputs.years):
            pct[y] += o.council_tax_pct * round(handles.council_tax[(o.option, y)].varValue or 0.0)
    if not options.of_kind("council_tax"):
        pct = inputs.council_tax_increase_pct.copy()
    draws = {}
    for o in options.of_kind("reserves"):
        values = np.zeros(inputs.years)
        for y in range(inputs.years):
            var = handles.draw.get((o.option, y))
            if var is not None:
                values[y] = max(var.varValue or 0.0, 0.0)
        if o in taken:
            draws[o.option] = np.round(values, 6)
    further = None
    if handles.further:
        further = np.zeros(inputs.years)
        for y, var in handles.further.items():
            further[y] = max(var.varValue or 0.0, 0.0)
        further = np.where(further < 1e-6, 0.0, further)
    return SavingsPlan(inputs.year_labels, taken, pct, draws, further)


def limit_decimals(values: Sequence[float], at_least: int = 1, at_most: int = 4) -> int:
    """Decimal places that show every value exactly (4.99 -> 2; 2.0 -> at_least), so a number prints
    at the precision of its limit (council tax 4.99%, never "5.0%")."""
    places = at_least
    for value in values:
        text = f"{float(value):.{at_most}f}".rstrip("0")
        places = max(places, len(text.split(".")[1]) if "." in text else 0)
    return min(places, at_most)


def council_tax_decimals(inputs: SavingsInputs, options: SavingsOptions) -> int:
    """Decimal places of the council tax limits (referendum cap, the options' increases, the no-plan increases)."""
    values = [inputs.referendum_cap_pct, *(o.council_tax_pct for o in options.of_kind("council_tax")), *inputs.council_tax_increase_pct]
    return limit_decimals(values)


def council_tax_change_gbp_m(inputs: SavingsInputs, increase_pct: np.ndarray) -> np.ndarray:
    """Exact change in the council tax line against no plan, £m [Y] (compounded as the ledger does)."""
    ratio = (1.0 + np.asarray(increase_pct) / 100.0) / (1.0 + inputs.council_tax_increase_pct / 100.0)
    ratio[0] = 1.0
    return inputs.council_tax_gbp_m * (np.cumprod(ratio) - 1.0)


def plan_effect_gbp_m(inputs: SavingsInputs, options: SavingsOptions, plan: SavingsPlan) -> np.ndarray:
    """The plan's effect on each path's budget per year, £m [P, Y] (delivered savings − one-off
    costs + council tax change + reserve draws); exact, computed outside the model."""
    years = inputs.years
    effect = np.zeros((inputs.paths, years))
    index = {name: i for i, name in enumerate(options.names)}
    for o in plan.taken:
        if o.kind == "saving":
            effect += inputs.delivered[:, index[o.option], None] * o.saving_gbp_m[None, :]
            effect -= o.cost_by_year_gbp_m(years)[None, :]
    for values in plan.reserves_draw_gbp_m.values():
        effect += values[None, :]
    if plan.further_savings_gbp_m is not None:
        effect += np.cumsum(plan.further_savings_gbp_m)[None, :]
    if options.of_kind("council_tax"):
        effect += council_tax_change_gbp_m(inputs, plan.council_tax_increase_pct)[None, :]
    return effect


def balances_with_plan(inputs: SavingsInputs, options: SavingsOptions, plan: SavingsPlan) -> np.ndarray:
    """Closing general balances under the plan on the planning paths [P, Y], £m (exact), with no
    stop at zero: the ledger's balances less its cumulative unfunded gap. Wherever they stay at or
    above the floor (which is above zero) they equal the ledger's balances."""
    return inputs.balances_no_plan_gbp_m + np.cumsum(plan_effect_gbp_m(inputs, options, plan), axis=1)


def balanced_shares(balances_gbp_m: np.ndarray, floor_gbp_m: np.ndarray) -> tuple[float, np.ndarray]:
    """(share of paths at or above the floor in every year, share per year [Y])."""
    above = balances_gbp_m >= floor_gbp_m - FLOOR_TOLERANCE_GBP_M
    return float(above.all(axis=1).mean()), above.mean(axis=0)


def extract_plan(handles: SavingsHandles) -> pl.DataFrame:
    """The plan by financial year, £m: savings (options taken, expected savings = delivery
    probability × amount, one-off costs, further savings to identify; their total) apart from
    funding (council tax increase and its change against no plan, earmarked reserves released:
    their total), then the plan's expected total."""
    inputs, options = handles.inputs, handles.options
    plan = plan_from_handles(handles)
    years = inputs.years
    further = np.zeros(years) if plan.further_savings_gbp_m is None else np.cumsum(plan.further_savings_gbp_m)
    ct_change = council_tax_change_gbp_m(inputs, plan.council_tax_increase_pct) if options.of_kind("council_tax") else np.zeros(years)
    rows = []
    for y, label in enumerate(inputs.year_labels):
        names = [o.option for o in plan.taken if o.kind == "saving" and (o.saving_gbp_m[y] > 0 or o.cost_by_year_gbp_m(years)[y] > 0)]
        expected = sum(o.delivery_probability * o.saving_gbp_m[y] for o in plan.taken if o.kind == "saving")
        costs = sum(o.cost_by_year_gbp_m(years)[y] for o in plan.taken if o.kind == "saving")
        reserves = sum(v[y] for v in plan.reserves_draw_gbp_m.values())
        rows.append(
            {
                "financial_year": label,
                "options_taken": "; ".join(names),
                "savings_expected_gbp_m": float(expected),
                "one_off_costs_gbp_m": float(costs),
                "council_tax_increase_pct": float(plan.council_tax_increase_pct[y]),
                "council_tax_change_vs_no_plan_gbp_m": float(ct_change[y]),
                "further_savings_to_identify_gbp_m": float(further[y]),
                "savings_total_expected_gbp_m": float(expected - costs + further[y]),
                "earmarked_reserves_used_gbp_m": float(reserves),
                "funding_total_gbp_m": float(ct_change[y] + reserves),
                "plan_total_expected_gbp_m": float(expected - costs + ct_change[y] + reserves + further[y]),
                "gap_no_plan_p50_gbp_m": float(np.median(inputs.gap_gbp_m[:, y])),
            }
        )
    return pl.DataFrame(rows)


def options_decisions(handles: SavingsHandles) -> pl.DataFrame:
    """One row per option: taken or not, its score, probability and savings by year (£m)."""
    plan = plan_from_handles(handles)
    taken = set(plan.taken_names)
    rows = []
    for o in handles.options.options:
        if o.kind == "council_tax":
            years_on = [
                label
                for y, label in enumerate(handles.inputs.year_labels)
                if y > 0 and round(handles.council_tax[(o.option, y)].varValue or 0.0) == 1
            ]
            decision = ", ".join(years_on) if years_on else "no"
        else:
            decision = "yes" if o.option in taken else "no"
        row: dict[str, object] = {
            "option": o.option,
            "kind": o.kind,
            "taken": decision,
            "service_impact_score": o.service_impact_score,
            "delivery_probability": o.delivery_probability,
            "one_off_cost_gbp_m": o.one_off_cost_gbp_m,
        }
        for y, label in enumerate(handles.inputs.year_labels):
            row[f"saving_{year_tag(label)}_gbp_m"] = float(o.saving_gbp_m[y])
        row["description"] = o.description
        rows.append(row)
    return pl.DataFrame(rows)


def _saving_block(name: str, amounts: Mapping[str, float], recurrent: bool, probability: float, in_base: bool) -> list[str]:
    years = ", ".join(f"{toml_string(label)} = {toml_number(v)}" for label, v in amounts.items())
    return [
        "",
        "[[finance.savings]]",
        f"name = {toml_string(name)}",
        f"saving_gbp_m_by_year = {{ {years} }}",
        f"recurrent = {'true' if recurrent else 'false'}",
        f"delivery_probability = {toml_number(probability)}",
        f"in_base_budget = {'true' if in_base else 'false'}",
    ]


def plan_to_scenario(
    plan: SavingsPlan,
    base_scenario_name: str,
    path: str | Path,
    base_savings: Sequence[Saving] = (),
    data_folder: Path | None = None,
    description: str | None = None,
) -> Path:
    """Write the plan as a scenario TOML that ``extends`` the base (a file in the same folder).

    ``[finance] council_tax_increase_pct`` is a table by year; each option taken becomes a
    ``[[finance.savings]]`` entry with its delivery probability; a one-off cost becomes an entry
    already in the base budget that is never delivered (delivery_probability 0), i.e. a certain
    pressure in its year, because the scenario schema has no cost line; earmarked reserves used
    are the funding line ``earmarked_reserves_draw_gbp_m_by_year`` (never a saving). ``base_savings`` (the base scenario's own entries) are
    repeated, since a list in an override replaces the base's list. ``data_folder`` (absolute)
    is written when the file does not sit beside the base's data folder reference.
    """
    path = Path(path)
    labels = plan.year_labels
    name = path.stem
    lines = [
        f"# Savings plan chosen by `sefton-sim optimise savings` for scenario {base_scenario_name}.",
        "# Run it with `sefton-sim run` or set it against the base with `sefton-sim compare`.",
        f"extends = {toml_string(base_scenario_name)}",
        f"name = {toml_string(name)}",
        f"description = {toml_string(description or f'{base_scenario_name} with the optimised savings plan: ' + (', '.join(plan.taken_names) or 'no options'))}",
    ]
    if data_folder is not None:
        lines.append(f"data_folder = {toml_string(str(Path(data_folder).resolve()))}")
    lines += ["", "[finance]"]
    ct = ", ".join(f"{toml_string(labels[y])} = {toml_number(plan.council_tax_increase_pct[y])}" for y in range(1, len(labels)))
    if ct:
        lines.append(f"council_tax_increase_pct = {{ {ct} }}")
    reserves = plan.earmarked_reserves_draw_gbp_m()
    drawn = ", ".join(f"{toml_string(labels[y])} = {toml_number(float(reserves[y]))}" for y in range(1, len(labels)) if reserves[y] > 1e-9)
    if drawn:
        lines.append("# earmarked reserves released to the revenue budget: a one-off funding line, not a saving")
        lines.append(f"earmarked_reserves_draw_gbp_m_by_year = {{ {drawn} }}")
    for saving in base_savings:
        lines += _saving_block(saving.name, saving.saving_gbp_m_by_year, saving.recurrent, saving.delivery_probability, saving.in_base_budget)
    for o in plan.taken:
        if o.kind == "saving":
            nonzero = [y for y in range(len(labels)) if o.saving_gbp_m[y] > 0]
            if nonzero:
                span = range(nonzero[0], len(labels)) if o.recurrent else nonzero
                amounts = {labels[y]: float(o.saving_gbp_m[y]) for y in span}
                lines += _saving_block(o.description, amounts, o.recurrent, o.delivery_probability, False)
            cost_year = o.one_off_cost_year
            if o.one_off_cost_gbp_m > 0 and cost_year is not None and cost_year < len(labels):
                lines += _saving_block(
                    f"{o.description} - one-off cost (a certain pressure: in the base budget, never delivered)",
                    {labels[cost_year]: o.one_off_cost_gbp_m},
                    False,
                    0.0,
                    True,
                )
    if plan.further_savings_gbp_m is not None:
        for y, amount in enumerate(plan.further_savings_gbp_m):
            if amount > 1e-6:
                lines += _saving_block(
                    f"Further savings still to be identified, found in {labels[y]} (recurrent)",
                    {labels[y]: float(amount)},
                    True,
                    1.0,
                    False,
                )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    return path


_DATA_FOLDER_SETTING = re.compile(r"""^data_folder\s*=\s*("[^"]*"|'[^']*')\s*(#.*)?$""", re.MULTILINE)


def copy_scenario_chain(chain: Sequence[Path], folder: Path, data_folder: Path) -> list[Path]:
    """Copy a scenario and the files it extends into ``folder``, pointing ``data_folder`` at the
    (absolute) data folder so the copies load from anywhere (a file without a ``data_folder``
    setting is copied as it is)."""
    folder.mkdir(parents=True, exist_ok=True)
    line = data_folder_line(str(Path(data_folder).resolve()))
    return copy_scenario_files(chain, folder, lambda text: _DATA_FOLDER_SETTING.sub(lambda _: line, text, count=1))
