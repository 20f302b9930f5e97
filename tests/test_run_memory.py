"""A run held in bounded memory gives the same paths and tables: chunks joined as they arrive, tables written in parts."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from sefton_sim.demand.vector import DemandPaths, concat_paths
from sefton_sim.outputs.folders import write_table, write_table_parts
from sefton_sim.simulate.joining import PathJoiner
from sefton_sim.simulate.run import DEMAND_SHARED_FIELDS, join_chunks, prepare, simulate_chunk
from sefton_sim.social_care.asc_packages import asc_cost_by_financial_year, concat_asc_paths
from sefton_sim.social_care.csc_packages import concat_csc_paths, csc_cost_by_financial_year

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "src" / "sefton_sim" / "shipped" / "scenarios" / "baseline.toml"


def _assert_same(a: object, b: object, where: str = "") -> None:
    """Field by field: the same values and dtypes (arrays), the same keys (dicts), equal otherwise."""
    if dataclasses.is_dataclass(a):
        assert type(a) is type(b)
        for f in dataclasses.fields(a):
            _assert_same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, dict):
        assert isinstance(b, dict) and list(a) == list(b), where
        for k in a:
            _assert_same(a[k], b[k], f"{where}[{k!r}]")
    elif isinstance(a, np.ndarray):
        assert isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape, where
        np.testing.assert_array_equal(a, b, err_msg=where)
    else:
        assert a == b, where


def test_chunks_joined_in_any_arrival_order_equal_the_concatenated_chunks():
    inputs = prepare(BASELINE, paths=45, horizon_years=1)
    sizes = [20, 20, 5]
    parts = [simulate_chunk(inputs, chunk, n) for chunk, n in enumerate(sizes)]
    demand, csc, asc, uniforms = join_chunks(reversed(list(enumerate(parts))), sizes)
    _assert_same(demand, concat_paths([p.demand for p in parts]))
    whole_csc = concat_csc_paths([p.csc for p in parts if p.csc is not None])
    whole_asc = concat_asc_paths([p.asc for p in parts if p.asc is not None])
    _assert_same(csc, dataclasses.replace(whole_csc, flows_by_type={}))
    _assert_same(asc, dataclasses.replace(whole_asc, flows_by_service={}))
    _assert_same(uniforms, np.concatenate([p.savings_uniforms for p in parts]))


def test_joined_run_keeps_no_social_care_flows_and_the_same_package_costs():
    inputs = prepare(BASELINE, paths=30, horizon_years=2)
    sizes = [20, 10]
    parts = [simulate_chunk(inputs, chunk, n) for chunk, n in enumerate(sizes)]
    _, csc, asc, _ = join_chunks(enumerate(parts), sizes)
    assert csc is not None and asc is not None and inputs.csc_rates is not None and inputs.asc_rates is not None
    assert csc.flows_by_type == {} and asc.flows_by_service == {}
    whole_csc = concat_csc_paths([p.csc for p in parts if p.csc is not None])
    whole_asc = concat_asc_paths([p.asc for p in parts if p.asc is not None])
    assert all(v.size for v in whole_csc.flows_by_type.values()) and all(v.size for v in whole_asc.flows_by_service.values())
    base = inputs.scenario.base_date
    np.testing.assert_array_equal(
        csc_cost_by_financial_year(csc, inputs.csc_rates, base), csc_cost_by_financial_year(whole_csc, inputs.csc_rates, base)
    )
    np.testing.assert_array_equal(
        asc_cost_by_financial_year(asc, inputs.asc_rates, base), asc_cost_by_financial_year(whole_asc, inputs.asc_rates, base)
    )


def test_a_field_not_kept_must_be_a_dict_of_series():
    inputs = prepare(BASELINE, paths=5, horizon_years=1)
    joiner: PathJoiner[DemandPaths] = PathJoiner([5], DEMAND_SHARED_FIELDS, ("queue",))
    with pytest.raises(TypeError, match="queue"):
        joiner.add(0, simulate_chunk(inputs, 0, 5).demand)


def test_join_refuses_a_missing_chunk():
    inputs = prepare(BASELINE, paths=10, horizon_years=1)
    with pytest.raises(ValueError, match="missing"):
        join_chunks([(0, simulate_chunk(inputs, 0, 5))], [5, 5])


def _parts() -> list[pl.DataFrame]:
    rng = np.random.default_rng(7)
    return [
        pl.DataFrame({"path": np.arange(n, dtype=np.int32), "value": rng.random(n)}).select(
            pl.lit("s").alias("scenario"), "path", pl.lit(f"m{i}").alias("measure"), pl.lit(None, dtype=pl.String).alias("band"), "value"
        )
        for i, n in enumerate((3, 1000, 17))
    ]


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_table_written_in_parts_reads_back_as_the_whole_table(fmt, tmp_path):
    whole_dir, parts_dir = tmp_path / "whole", tmp_path / "parts"
    whole_dir.mkdir()
    parts_dir.mkdir()
    whole = write_table(pl.concat(_parts()), whole_dir, "t", fmt)  # type: ignore[arg-type]
    streamed = write_table_parts(iter(_parts()), parts_dir, "t", fmt)  # type: ignore[arg-type]
    if fmt == "csv":
        assert streamed.read_bytes() == whole.read_bytes()
    else:
        a, b = pl.read_parquet(whole), pl.read_parquet(streamed)
        assert a.schema == b.schema and a.equals(b)


def test_table_parts_must_share_a_schema(tmp_path):
    parts = _parts()
    parts[1] = parts[1].with_columns(pl.col("path").cast(pl.Int64))
    with pytest.raises(Exception, match="schema"):
        write_table_parts(iter(parts), tmp_path, "t", "parquet")
