"""The shape of the code is checked with the tests: import layers, lint, format and types."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

TARGETS = ["src", "tests", "benchmarks", "cli.py"]


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed (it is in the test extra of pyproject.toml)")
    return found


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(cmd), cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_import_layers_hold():
    proc = _run(_tool("lint-imports"))
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_ruff_lint_is_clean():
    proc = _run(_tool("ruff"), "check", *TARGETS)
    assert proc.returncode == 0, proc.stdout[-4000:]


def test_ruff_format_is_clean():
    proc = _run(_tool("ruff"), "format", "--check", *TARGETS)
    assert proc.returncode == 0, proc.stdout[-4000:]


def test_mypy_is_clean_on_the_package():
    proc = _run(_tool("mypy"))
    assert proc.returncode == 0, proc.stdout[-4000:]
