"""The documentation builds with its one documented command, from the shipped catalog."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def test_docs_build(tmp_path):
    r = subprocess.run([sys.executable, str(ROOT / "docs" / "build.py"), "--out", str(tmp_path)],
                       capture_output=True, text=True, timeout=300, env={"MPLBACKEND": "Agg", "PATH": ""})
    assert r.returncode == 0, r.stderr
    import accelspec

    chips = sorted(p.stem for p in (tmp_path / "chips").glob("*.md"))
    assert chips == sorted([e.id for e in accelspec.builtin_catalog()] + ["index"])
    assert (tmp_path / "coverage.md").read_text(encoding="utf-8").count("\n| ") > len(chips)
    assert "bf16_tflops_per_watt" in (tmp_path / "metrics.md").read_text(encoding="utf-8")
    pngs = sorted(p.name for p in (tmp_path / "gallery").glob("*.png"))
    assert pngs == ["bar.png", "export-control.png", "measured-vs-peak.png", "perf-per-watt.png", "roofline.png", "scatter.png",
                    "serving-curve.png", "timeline.png"]
    assert all((tmp_path / "gallery" / p).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)


def test_committed_generated_pages_are_current(tmp_path):
    """docs/coverage.md and docs/chips/ are generated: they must match the catalog they describe."""
    r = subprocess.run([sys.executable, str(ROOT / "docs" / "build.py"), "--out", str(tmp_path), "--no-charts"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    for rel in ("coverage.md", "metrics.md", "measured-vs-peak.md", "chips/index.md"):
        assert (ROOT / "docs" / rel).read_text(encoding="utf-8") == (tmp_path / rel).read_text(encoding="utf-8"), \
            f"docs/{rel} is stale: run python docs/build.py"
