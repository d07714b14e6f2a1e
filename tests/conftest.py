"""Shared fixtures: the small fake catalog under tests/fake_catalog (made-up numbers)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import accelspec

HERE = Path(__file__).parent
FAKE = HERE / "fake_catalog"
ROOT = HERE.parent


@pytest.fixture(scope="session")
def fake():
    """The fake catalog alone (no shipped entries), loaded once."""
    return accelspec.load_catalog(FAKE, include_builtin=False)


@pytest.fixture
def fake_dir(tmp_path):
    """A writable copy of the fake catalog, for tests that add or break files."""
    dst = tmp_path / "cat"
    shutil.copytree(FAKE, dst)
    return dst


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The real command line, in a subprocess: python -m accelspec ARGS."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run([sys.executable, "-m", "accelspec", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, timeout=120)


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every matplotlib figure a test leaves open (only if matplotlib was imported)."""
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
