"""Shared fixtures: project paths, council data, running the real CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "src" / "sefton_sim" / "shipped"
DATA = SHIPPED / "data" / "sefton"
SCENARIOS = SHIPPED / "scenarios"
SHARED = ROOT.parent / "shared"


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run ``python cli.py ARGS`` (the same entry point as ``sefton-sim``)."""
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def council():
    """The Sefton council data as shipped."""
    from sefton_sim.data import load_council_data

    return load_council_data(DATA)


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the Sefton data folder."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target
