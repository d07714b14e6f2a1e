"""`accelspec plot measured-vs-peak` and `accelspec plot serving`: the command draws what the
Python functions draw, on the shipped catalog, results and models, and refuses misplaced options.

The figure is taken from ``Figure.savefig`` as the command saves it, so the assertions read the
drawn artists (their gids and data), not the pixels.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.figure import Figure

from accelspec.cli import main
from accelspec.results.peak import vs_peak
from accelspec.serving import sweep


@pytest.fixture
def saved(monkeypatch):
    """The figures the command saved, in order (the file is still written)."""
    figures = []
    real = Figure.savefig

    def keep(self, *a, **kw):
        figures.append(self)
        return real(self, *a, **kw)

    monkeypatch.setattr(Figure, "savefig", keep)
    return figures


def test_measured_vs_peak_draws_the_selection_of_vs_peak(saved, tmp_path, capsys):
    out = tmp_path / "mlperf.png"
    assert main(["plot", "measured-vs-peak", "H200", "B200", "--round", "v5.1", "-o", str(out)]) == 0
    assert out.read_bytes()[:4] == b"\x89PNG"
    ax = saved[0].axes[0]
    chips = next(c for c in ax.collections if c.get_gid() == "chips")
    expected = vs_peak(["H200", "B200"], "llama2-70b-99", "Offline", version="v5.1")
    want = [(r.peak.value, r.measured.value) for r in expected.rows]
    assert len(want) == 2
    np.testing.assert_allclose(chips.get_offsets(), want)
    assert ax.get_title(loc="left").startswith("MLPerf Inference v5.1 llama2-70b-99 Offline")
    caption = next(t for t in ax.texts if t.get_gid() == "caption").get_text()
    assert "MLCommons" in caption and all(r.result.id in caption for r in expected.rows)


def test_serving_draws_one_estimate_per_on(saved, tmp_path):
    out = tmp_path / "serve.png"
    assert main(["plot", "serving", "--model", "DeepSeek-V3", "--on", "8xH20", "--on", "8xH200",
                 "--batch", "1,8,64", "--x-axis", "tpot", "-o", str(out)]) == 0
    ax = saved[0].axes[0]
    lines = {ln.get_gid(): ln for ln in ax.get_lines() if ln.get_gid()}
    for on in ("8xH20", "8xH200"):
        line = lines[f"estimate:DeepSeek-V3 on {on}"]
        runs = [e for e in sweep("DeepSeek-V3", on, [1, 8, 64]) if e.fits is not False and e.tpot_ms is not None]
        np.testing.assert_allclose(line.get_xdata(), [e.tpot_ms for e in runs])
        assert f"bound:DeepSeek-V3 on {on}" in lines
    assert "TPOT" in ax.get_xlabel()


@pytest.mark.parametrize("args, message", [
    (["serving"], "serving needs --model and at least one --on"),
    (["serving", "--model", "DeepSeek-V3"], "serving needs --model and at least one --on"),
    (["serving", "H20", "--model", "DeepSeek-V3", "--on", "8xH20"], "serving takes no chip names (got 'H20')"),
    (["bar", "--metric", "tdp_w", "--model", "DeepSeek-V3"], "--model and --on belong to the serving chart, not bar"),
    (["perf-per-watt", "--benchmark", "llama2-70b-99"],
     "--benchmark, --scenario and --round belong to the measured-vs-peak chart, not perf-per-watt"),
])
def test_misplaced_options_are_usage_errors(tmp_path, capsys, args, message):
    assert main(["plot", *args, "-o", str(tmp_path / "c.png")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "c.png").exists()


def test_unknown_benchmark_names_the_valid_ones(tmp_path, capsys):
    code = main(["plot", "measured-vs-peak", "--benchmark", "llama2-70b", "-o", str(tmp_path / "c.png")])
    err = capsys.readouterr().err
    assert code != 0 and "did you mean 'llama2-70b-99'" in err
