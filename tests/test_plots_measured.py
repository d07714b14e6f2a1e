"""Tests of plots.measured_vs_peak on a small made-up catalog and made-up MLPerf results.

The catalog holds four chips (FP8 and FP4 peaks, one press figure, one chip without an FP8 peak);
the results are shaped like the shipped ones (closed, datacenter, llama2-70b-99 Offline, two rounds,
a superchip MLPerf counts as two GPUs, a mixed system, a spelling with no catalog entry).
"""

from __future__ import annotations

import warnings

import attrs
import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

import accelspec
from accelspec import plots
from accelspec.errors import InvalidValueError
from accelspec.model import PartialDate, Source
from accelspec.results import Result, ResultSet, Share

# id: (vendor, name, fp8 dense, fp4 dense, source kind)
CHIPS = {
    "nvidia-alpha": ("nvidia", "NVIDIA Alpha", 1000, None, "vendor"),
    "nvidia-beta": ("nvidia", "NVIDIA Beta", 4500, 9000, "vendor"),
    "amd-gamma": ("amd", "AMD Gamma", 2600, None, "press"),
    "amd-delta": ("amd", "AMD Delta", None, None, "vendor"),
}


def _toml(cid, vendor, name, fp8, fp4, kind):
    src = f"{cid}-src"
    lines = [f'id = "{cid}"', f'name = "{name}"', f'vendor = "{vendor}"', 'kind = "gpu"', 'level = "package"',
             'status = "shipping"', 'market = "datacenter"', "[compute.bf16]",
             f'dense = {{ value = 500, unit = "TFLOP/s", source = "{src}" }}']
    for p, v in (("fp8", fp8), ("fp4", fp4)):
        if v is not None:
            lines += [f"[compute.{p}]", f'dense = {{ value = {v}, unit = "TFLOP/s", source = "{src}" }}']
    lines += [f"[sources.{src}]", f'title = "{name} datasheet"', f'publisher = "{vendor.upper()} Press"',
              f'url = "https://example.invalid/{src}"', 'date = "2024-01"', f'kind = "{kind}"']
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def cat(tmp_path_factory):
    root = tmp_path_factory.mktemp("measuredcat")
    for cid, c in CHIPS.items():
        (root / c[0]).mkdir(exist_ok=True)
        (root / c[0] / f"{cid}.toml").write_text(_toml(cid, *c), encoding="utf-8")
    return accelspec.load_catalog(root, include_builtin=False)


SRC = Source(id="mlperf", title="MLPerf Inference results", kind="measured")


def _r(rid, spelling, n, value, precision="fp8", version="v5.1", shares=None, scenario="Offline"):
    shares = shares or (Share(spelling, n, id=ALIASES[spelling][0], per_entry=ALIASES[spelling][1],
                              counted="GPU" if ALIASES[spelling][1] > 1 else None),)
    repo = f"mlcommons/inference_results_{version}"
    return Result(id=rid, suite="inference", version=version, division="closed", system_type="datacenter",
                  benchmark="llama2-70b-99", scenario=scenario, submitter="Acme", system=f"{n}x {spelling}",
                  platform="p", availability="available", accelerator=spelling, per_node=n, nodes=1, value=value,
                  unit="Tokens/s", path=f"closed/Acme/results/p/llama2-70b-99/{scenario}", source=SRC,
                  repository=repo, commit="0123456789abcdef", retrieved=PartialDate.parse("2026-11-30"),
                  shares=shares, precision=precision)


ALIASES = {"Alpha-SXM": ("nvidia-alpha", 1), "Beta superchip": ("nvidia-beta", 2), "Gamma": ("amd-gamma", 1),
           "Delta": ("amd-delta", 1), "Omega X1": (None, 1)}

RESULTS = ResultSet([
    _r("5.1-0001", "Alpha-SXM", 8, 24000.0),            # 3000 per GPU
    _r("5.1-0002", "Alpha-SXM", 8, 28000.0),            # 3500 per GPU: Alpha's best
    _r("5.1-0003", "Beta superchip", 4, 50000.0, "fp4"),  # 4 GPUs = 2 superchips: 25000 per superchip
    _r("5.1-0004", "Gamma", 8, 32000.0),                # 4000 per chip, a press peak
    _r("5.1-0005", "Delta", 8, 20000.0),                # no FP8 peak in the catalog: left out
    _r("5.1-0006", "Omega X1", 8, 9000.0),              # no catalog entry: left out
    _r("5.1-0007", "Alpha-SXM + Gamma", 16, 60000.0, shares=(Share("Alpha-SXM", 8, id="nvidia-alpha"),
                                                            Share("Gamma", 8, id="amd-gamma"))),  # mixed
    _r("4.1-0001", "Alpha-SXM", 8, 80000.0, version="v4.1"),  # an older round: never mixed in
], aliases={}, sources={})


def _ax(size=(9, 6)):
    fig = Figure(figsize=size)
    FigureCanvasAgg(fig)
    return fig.add_subplot()


def _draw(cat, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return plots.measured_vs_peak(results=RESULTS, catalog=cat, ax=kw.pop("ax", None) or _ax(), **kw)


def _chips(ax):
    return next(c for c in ax.collections if c.get_gid() == "chips")


def _texts(ax, gid):
    return [t.get_text() for t in ax.texts if t.get_gid() == gid]


def test_offsets_are_the_peak_and_the_best_result_per_accelerator(cat):
    ax = _draw(cat)
    # first met in ID order: Alpha (best 28000/8 at FP8 1000), Beta (50000/2 superchips at FP4 9000), Gamma
    np.testing.assert_allclose(np.asarray(_chips(ax).get_offsets()),
                               [(1000, 3500), (9000, 25000), (2600, 4000)])


def test_chips_order_follows_the_chips_given(cat):
    ax = _draw(cat, chips=["AMD Gamma", "nvidia-alpha"])
    np.testing.assert_allclose(np.asarray(_chips(ax).get_offsets()), [(2600, 4000), (1000, 3500)])


def test_an_older_round_is_drawn_only_when_asked_for(cat):
    ax = _draw(cat, version="v4.1")
    np.testing.assert_allclose(np.asarray(_chips(ax).get_offsets()), [(1000, 10000)])
    assert ax.get_title(loc="left") == "MLPerf Inference v4.1 llama2-70b-99 Offline: best result per chip"


def test_precision_overrides_the_results_own(cat):
    ax = _draw(cat, chips=["NVIDIA Beta"], precision="fp8")
    np.testing.assert_allclose(np.asarray(_chips(ax).get_offsets()), [(4500, 25000)])
    assert _texts(ax, "chip-label") == ["NVIDIA Beta (FP8, per BETA = 2 GPUs)"]


def test_axis_labels_and_chip_labels_name_units_and_precision(cat):
    ax = _draw(cat)
    assert ax.get_xlabel() == "Dense peak at the result's precision [TFLOP/s] (datasheet)"
    assert ax.get_ylabel() == "MLPerf Tokens/s per accelerator (measured)"
    assert sorted(_texts(ax, "chip-label")) == ["AMD Gamma (FP8)", "NVIDIA Alpha (FP8)",
                                                 "NVIDIA Beta (FP4, per BETA = 2 GPUs)"]


def test_caption_is_mlperfs_footnote_with_the_drawn_ids_then_the_peaks_sources(cat):
    ax = _draw(cat)
    (caption,) = _texts(ax, "caption")
    text = " ".join(caption.split())
    assert text.startswith("MLPerf v5.1 Inference Closed (datacenter) llama2-70b-99 Offline. Retrieved from "
                           "https://github.com/mlcommons/inference_results_v5.1 (commit 0123456) on 2026-11-30, "
                           "entries 5.1-0002, 5.1-0003, 5.1-0004. The MLPerf name and logo are trademarks")
    assert text.endswith("Peaks: NVIDIA Alpha datasheet; NVIDIA Beta datasheet; AMD Press 2024-01 (press).")
    assert "5.1-0001" not in text  # only the results drawn are cited


def test_caption_false_draws_no_caption(cat):
    assert _texts(_draw(cat, caption=False), "caption") == []


def test_a_press_peak_is_hollow_and_vendor_peaks_are_filled(cat):
    faces = _chips(_draw(cat)).get_facecolors()
    assert [tuple(f) for f in faces] == [to_rgba("#76b900"), to_rgba("#76b900"), to_rgba("white")]


def test_left_out_results_are_warned_and_noted_under_the_axis(cat):
    with pytest.warns(UserWarning) as rec:
        plots.measured_vs_peak(results=RESULTS, catalog=cat, ax=_ax())
    msg = str(rec[0].message)
    assert msg.startswith("measured_vs_peak: 3 results left out: ")
    assert "5.1-0006 (Omega X1): 'Omega X1' has no catalog entry" in msg
    assert "5.1-0005 (AMD Delta): " in msg and "5.1-0007 (Alpha-SXM + Gamma): mixed system" in msg
    ax = _draw(cat)
    assert " ".join(_texts(ax, "skipped-note")[0].split()) == (
        "Left out: 3 results of this round — 1 × no catalog entry, 1 × mixed system, 1 × no dense FP8 peak. "
        "The warning names each.")


def test_iso_lines_are_tokens_per_tflops(cat):
    ax = _draw(cat)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "equal Tokens/s per TFLOP/s of peak" in legend
    assert all(t.endswith("Tokens/s per TFLOP/s") for t in _texts(ax, "iso-label"))


def test_draws_only_on_the_given_axes(cat):
    ax = _ax()
    assert _draw(cat, ax=ax) is ax
    assert len(ax.figure.axes) == 1


def test_a_latency_benchmark_is_refused(cat):
    rs = ResultSet([attrs.evolve(_r("5.1-0001", "Alpha-SXM", 8, 24000.0), unit="Latency (ms)")],
                   aliases={}, sources={})
    with pytest.raises(InvalidValueError) as e:
        plots.measured_vs_peak(results=rs, catalog=cat, ax=_ax())
    assert str(e.value) == ("invalid benchmark 'llama2-70b-99'; it reports 'Latency (ms)', not a throughput; "
                            "a measured-against-peak comparison needs one of ['Tokens/s', 'Samples/s', 'Queries/s']")


def test_an_unknown_benchmark_names_the_valid_ones(cat):
    with pytest.raises(InvalidValueError, match="llama2-70b-99"):
        plots.measured_vs_peak("NVIDIA Alpha", benchmark="llama3-70b", results=RESULTS, catalog=cat, ax=_ax())


def test_no_matching_result_says_so_on_the_axes(cat):
    ax = _draw(cat, scenario="Offline", chips=["AMD Delta"], precision="fp4")
    assert _texts(ax, None) == ["no chip has both a closed-division result and its dense peak"]

