"""Tests of accelspec.plots and the `accelspec plot` command, on a fake catalog.

The catalog is built here (12 made-up chips of 8 vendors, one without a TDP, one press claim,
one rumoured part) rather than taken from tests/fake_catalog, which has too few vendors to
test colours, scales and label placement; conftest.py closes figures after every test.

They assert on what is drawn: marker positions equal the catalog values, axis labels carry
units, the scales follow the spread of the data, fills follow source kinds, labels do not
overlap, and no figure is left open.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # tests never open windows

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import accelspec  # noqa: E402
from accelspec import plots  # noqa: E402
from tests.conftest import run_cli  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

# id: (vendor, name, status, tdp W or None, bf16 dense TFLOP/s, memory GB, bandwidth TB/s, announced, source kind)
CHIPS = {
    "nvidia-alpha": ("nvidia", "NVIDIA Alpha", "shipping", 700, 990, 80, 3.35, "2022-03-22", "vendor"),
    "nvidia-beta": ("nvidia", "NVIDIA Beta", "shipping", 1000, 2250, 192, 8.0, "2024-03-18", "vendor"),
    "nvidia-gamma": ("nvidia", "NVIDIA Gamma", "shipping", 400, 148, 96, 4.0, "2023-11", "press"),
    "amd-delta": ("amd", "AMD Delta", "shipping", 750, 1307, 192, 5.3, "2023-12-06", "vendor"),
    "amd-epsilon": ("amd", "AMD Epsilon", "shipping", 1100, 2500, 256, 6.0, "2024-10", "vendor"),
    "huawei-zeta": ("huawei", "Huawei Zeta", "shipping", 400, 320, 64, 1.6, "2019", "vendor"),
    "huawei-eta": ("huawei", "Huawei Eta", "announced", None, 800, 128, 1.6, "2025-09-18", "vendor"),
    "google-theta": ("google", "Google Theta", "shipping", 450, 459, 95, 2.76, "2023-12-06", "vendor"),
    "cambricon-iota": ("cambricon", "Cambricon Iota", "rumoured", 350, 256, 64, 1.2, "2024", "measured"),
    "mthreads-kappa": ("mthreads", "Moore Threads Kappa", "shipping", 600, 100, 48, 0.768, "2023-12", "vendor"),
    "kunlunxin-lambda": ("kunlunxin", "Kunlunxin Lambda", "shipping", 75, 10, 16, 0.3, "2021-08", "vendor"),
    "hygon-mu": ("hygon", "Hygon Mu", "shipping", 300, 60, 64, 0.9, "2022-06", "vendor"),
}
WITH_TDP = [cid for cid, c in CHIPS.items() if c[3] is not None]


def _toml(cid: str, vendor: str, name: str, status: str, tdp, bf16, mem, bw, announced: str, kind: str) -> str:
    src = f"{cid}-src"
    date = announced if announced.count("-") == 2 else f'"{announced}"'
    lines = [
        f'id = "{cid}"', f'name = "{name}"', f'vendor = "{vendor}"', 'kind = "gpu"', 'level = "package"',
        f'status = "{status}"', 'market = "datacenter"',
        f'announced = {{ value = {date}, source = "{src}" }}',
        "[memory]",
        f'capacity = {{ value = {mem}, unit = "GB", source = "{src}" }}',
        f'bandwidth = {{ value = {bw}, unit = "TB/s", source = "{src}" }}',
    ]
    if tdp is not None:
        lines += ["[power]", f'tdp = {{ value = {tdp}, unit = "W", source = "{src}" }}']
    lines += [
        "[compute.bf16]", f'dense = {{ value = {bf16}, unit = "TFLOP/s", source = "{src}" }}',
        f"[sources.{src}]", f'title = "{name} datasheet"', f'publisher = "{vendor.upper()} Press"',
        f'url = "https://example.invalid/{src}"',
        'date = "2024-01"', f'kind = "{kind}"',
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def plot_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fakecat")
    for cid, c in CHIPS.items():
        (root / c[0]).mkdir(exist_ok=True)
        (root / c[0] / f"{cid}.toml").write_text(_toml(cid, *c), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def cat(plot_dir):
    return accelspec.load_catalog(plot_dir, include_builtin=False)


def _ax(size=(9, 6)):
    """An Axes on a figure pyplot does not track (so leaks would show in plt.get_fignums())."""
    fig = Figure(figsize=size)
    FigureCanvasAgg(fig)
    return fig.add_subplot()


def _chips(ax):
    return next(c for c in ax.collections if c.get_gid() in ("chips", "ridge-points"))


def _quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


# ------------------------------------------------------------------ perf_per_watt


def test_perf_per_watt_offsets_are_tdp_and_dense_bf16(cat):
    ax = _quiet(plots.perf_per_watt, list(CHIPS), catalog=cat)
    offsets = _chips(ax).get_offsets()
    expected = [(CHIPS[c][3], CHIPS[c][4]) for c in WITH_TDP]
    np.testing.assert_allclose(np.asarray(offsets), np.asarray(expected, dtype=float))


def test_perf_per_watt_axis_labels_carry_units_and_dense(cat):
    ax = _quiet(plots.perf_per_watt, list(CHIPS), catalog=cat)
    assert ax.get_xlabel() == "Power (TDP) [W]"
    assert ax.get_ylabel() == "BF16 dense peak [TFLOP/s]"
    assert " dense " in ax.get_ylabel() and "sparse" not in ax.get_ylabel()
    iso = [t.get_text() for t in ax.get_legend().get_texts() if t.get_text().startswith("iso-efficiency")]
    assert iso == ["iso-efficiency (TFLOP/s/W, dense)"]


def test_perf_per_watt_sparse_says_sparse(cat):
    ax = _quiet(plots.perf_per_watt, list(CHIPS), catalog=cat, sparse=True)
    assert ax.get_ylabel() == "BF16 sparse peak [TFLOP/s]"


def test_perf_per_watt_log_scales_only_where_spread_is_wide(cat):
    # TDP 75..1100 W (x14.7), BF16 10..2500 (x250): both log, so lines of equal efficiency stay straight
    ax = _quiet(plots.perf_per_watt, list(CHIPS), catalog=cat)
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")
    narrow = plots.perf_per_watt(["nvidia-alpha", "nvidia-beta", "amd-delta"], catalog=cat, ax=_ax())
    assert (narrow.get_xscale(), narrow.get_yscale()) == ("linear", "linear")


def test_perf_per_watt_iso_lines_span_the_data(cat):
    # efficiencies run from 10/75 = 0.133 to 2500/1100 = 2.27 TFLOP/s/W: lines 0.1 ... 5
    ax = _quiet(plots.perf_per_watt, list(CHIPS), catalog=cat)
    lines = [ln for ln in ax.get_lines() if ln.get_gid() == "iso-efficiency"]
    slopes = sorted(round(float(np.median(ln.get_ydata() / ln.get_xdata())), 6) for ln in lines)
    assert slopes == [0.1, 0.2, 0.5, 1.0, 2.0, 5.0]
    labels = sorted((t.get_text() for t in ax.texts if t.get_gid() == "iso-label"), key=lambda s: float(s.split()[0]))
    assert labels == ["0.1 TFLOP/s/W", "0.2 TFLOP/s/W", "0.5 TFLOP/s/W", "1 TFLOP/s/W", "2 TFLOP/s/W", "5 TFLOP/s/W"]


def test_missing_tdp_chip_skipped_with_one_warning_naming_it(cat):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax = plots.perf_per_watt(list(CHIPS), catalog=cat, ax=_ax())
    assert len(caught) == 1
    assert str(caught[0].message) == "perf_per_watt: 1 chip skipped for missing data: Huawei Eta (no TDP)"
    assert len(_chips(ax).get_offsets()) == len(CHIPS) - 1


def test_press_claim_chip_is_hollow_others_filled(cat):
    ax = _quiet(plots.perf_per_watt, list(CHIPS), catalog=cat)
    coll = _chips(ax)
    faces, edges = coll.get_facecolors(), coll.get_edgecolors()
    i = WITH_TDP.index("nvidia-gamma")
    assert tuple(faces[i]) == to_rgba("white")
    assert tuple(edges[i]) == to_rgba(plots.VENDOR_COLORS["nvidia"])
    j = WITH_TDP.index("nvidia-alpha")
    assert tuple(faces[j]) == to_rgba(plots.VENDOR_COLORS["nvidia"])


def test_rumoured_chip_has_its_own_marker(cat):
    ax = _quiet(plots.perf_per_watt, list(CHIPS), catalog=cat)
    paths = _chips(ax).get_paths()
    rumoured = paths[WITH_TDP.index("cambricon-iota")]
    shipping = paths[WITH_TDP.index("nvidia-alpha")]
    assert len(rumoured.vertices) != len(shipping.vertices)  # a triangle, not a circle
    legend_texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "rumoured, not announced" in legend_texts
    assert "hollow: a figure from an analyst, press,\ncommunity, estimate or rumour" in legend_texts


def test_vendor_colours_stable_across_calls(cat):
    a = _quiet(plots.perf_per_watt, ["nvidia-alpha", "amd-delta", "hygon-mu"], catalog=cat, ax=_ax())
    b = _quiet(plots.perf_per_watt, ["hygon-mu", "google-theta", "nvidia-alpha"], catalog=cat, ax=_ax())
    fa, fb = _chips(a).get_facecolors(), _chips(b).get_facecolors()
    assert tuple(fa[0]) == tuple(fb[2]) == to_rgba(plots.VENDOR_COLORS["nvidia"])
    assert tuple(fa[2]) == tuple(fb[0]) == to_rgba(plots.VENDOR_COLORS["hygon"])


def test_chip_labels_do_not_overlap(cat):
    ax = _quiet(plots.perf_per_watt, list(CHIPS), catalog=cat)
    renderer = ax.figure.canvas.get_renderer()
    labels = [t for t in ax.texts if t.get_gid() == "chip-label"]
    assert len(labels) == len(WITH_TDP)
    boxes = [t.get_window_extent(renderer) for t in labels]
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            assert not boxes[i].overlaps(boxes[j]), (labels[i].get_text(), labels[j].get_text())


def test_chip_labels_clear_every_marker(cat):
    ax = _quiet(plots.perf_per_watt, list(CHIPS), catalog=cat)
    renderer = ax.figure.canvas.get_renderer()
    centres = ax.transData.transform(_chips(ax).get_offsets())
    r = 4 * ax.figure.dpi / 72  # an 8 pt marker's radius
    for t in (t for t in ax.texts if t.get_gid() == "chip-label"):
        bb = t.get_window_extent(renderer)
        for cx, cy in centres:
            assert not (bb.x0 < cx + r and bb.x1 > cx - r and bb.y0 < cy + r and bb.y1 > cy - r), t.get_text()


def test_coincident_chips_share_one_label(tmp_path):
    for cid, name in (("nvidia-one", "NVIDIA One"), ("nvidia-two", "NVIDIA Two")):
        (tmp_path / "nvidia").mkdir(exist_ok=True)
        (tmp_path / "nvidia" / f"{cid}.toml").write_text(
            _toml(cid, "nvidia", name, "shipping", 700, 990, 80, 3.35, "2022", "vendor"), encoding="utf-8")
    c = accelspec.load_catalog(tmp_path, include_builtin=False)
    ax = plots.perf_per_watt(["nvidia-one", "nvidia-two"], catalog=c, ax=_ax())
    assert [t.get_text() for t in ax.texts if t.get_gid() == "chip-label"] == ["NVIDIA One / Two"]


def test_caption_lists_sources_with_kinds(cat):
    ax = _quiet(plots.perf_per_watt, ["nvidia-alpha", "nvidia-gamma"], catalog=cat, caption=True)
    (caption,) = [t for t in ax.texts if t.get_gid() == "caption"]
    assert caption.get_text().replace("\n", " ") == "Sources: NVIDIA Alpha datasheet; NVIDIA Press 2024-01 (press)."


def test_label_false_draws_no_chip_labels(cat):
    ax = _quiet(plots.perf_per_watt, list(CHIPS), catalog=cat, label=False, ax=_ax())
    assert [t for t in ax.texts if t.get_gid() == "chip-label"] == []


# ------------------------------------------------------------------ scatter, bar, roofline, timeline


def test_scatter_positions_and_labels(cat):
    ax = plots.scatter(["nvidia-alpha", "amd-delta", "huawei-eta"], x="memory_gb", y="memory.bandwidth",
                       catalog=cat, ax=_ax())
    np.testing.assert_allclose(_chips(ax).get_offsets(), [[80, 3350], [192, 5300], [128, 1600]])
    assert ax.get_xlabel() == "Memory [GB]"
    assert ax.get_ylabel() == "Mem. bandwidth [GB/s]"


def test_scatter_field_path_label_uses_short_name(cat):
    ax = plots.scatter(["nvidia-alpha", "amd-delta"], x="power.tdp", y="compute.bf16.dense", catalog=cat, ax=_ax())
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Power [W]", "BF16 dense [TFLOP/s]")


def test_bar_sorted_largest_on_top(cat):
    ax = plots.bar(["hygon-mu", "amd-epsilon", "nvidia-alpha", "google-theta"], "bf16_tflops", catalog=cat, ax=_ax())
    bars = sorted(ax.patches, key=lambda p: -p.get_y())  # top first
    assert [b.get_width() for b in bars] == [2500, 990, 459, 60]
    names = dict(zip(ax.get_yticks(), (t.get_text() for t in ax.get_yticklabels())))
    top_down = [names[y] for y in sorted(names, reverse=True)]
    assert top_down == ["AMD Epsilon", "NVIDIA Alpha", "Google Theta", "Hygon Mu"]
    assert ax.get_xlabel() == "BF16 dense [TFLOP/s]"


def test_bar_baseline_is_a_line_with_ratio_labels(cat):
    ax = plots.bar(["nvidia-alpha", "amd-delta", "hygon-mu"], "bf16_tflops", baseline="nvidia-alpha",
                   catalog=cat, ax=_ax())
    (base,) = [ln for ln in ax.get_lines() if ln.get_gid() == "baseline"]
    assert list(base.get_xdata()) == [990, 990]
    assert len(ax.patches) == 2  # the baseline chip is the line, not a bar
    values = [t.get_text() for t in ax.texts if t.get_gid() == "value-label"]
    assert values == ["1,307  1.32×", "60  0.06×"]


def test_roofline_ridge_points_and_roofs(cat):
    ax = plots.roofline(["nvidia-alpha", "amd-delta"], catalog=cat, ax=_ax())
    np.testing.assert_allclose(_chips(ax).get_offsets(), [[990 / 3.35, 990], [1307 / 5.3, 1307]])
    (roof,) = [ln for ln in ax.get_lines() if ln.get_gid() == "roof:nvidia-alpha"]
    x, y = np.asarray(roof.get_xdata()), np.asarray(roof.get_ydata())
    np.testing.assert_allclose(y, np.minimum(990, 3.35 * x))
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")
    assert ax.get_xlabel() == "Arithmetic intensity [FLOP/byte]"


def test_timeline_x_positions_follow_partial_dates(cat):
    ax = plots.timeline(["nvidia-alpha", "nvidia-gamma", "huawei-zeta"], "bf16_tflops", catalog=cat, ax=_ax())
    want = [mdates.date2num(dt.date(2022, 3, 22)),   # full date
            mdates.date2num(dt.date(2023, 11, 15)),  # month only: mid-month
            mdates.date2num(dt.date(2019, 7, 1))]    # year only: mid-year
    np.testing.assert_allclose(_chips(ax).get_offsets()[:, 0], want)
    np.testing.assert_allclose(_chips(ax).get_offsets()[:, 1], [990, 148, 320])
    spans = [ln for ln in ax.get_lines() if ln.get_gid() == "date-span"]
    assert len(spans) == 2


def test_no_figures_created_with_explicit_ax(cat):
    plt.close("all")
    ax = _ax()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plots.perf_per_watt(list(CHIPS), catalog=cat, ax=ax, caption=True)
        plots.scatter(list(CHIPS), x="memory_gb", y="bf16_tflops", catalog=cat, ax=_ax())
        plots.bar(list(CHIPS), "bf16_tflops", baseline="nvidia-alpha", catalog=cat, ax=_ax())
        plots.roofline(list(CHIPS), catalog=cat, ax=_ax())
        plots.timeline(list(CHIPS), "bf16_tflops", catalog=cat, ax=_ax())
    assert plt.get_fignums() == []


def test_returns_the_given_axes(cat):
    ax = _ax()
    assert plots.perf_per_watt(["nvidia-alpha"], catalog=cat, ax=ax) is ax


def _cjk_catalog(tmp_path):
    (tmp_path / "cambricon").mkdir()
    text = _toml("cambricon-nu", "cambricon", "Cambricon 思元590", "shipping", 350, 256, 64, 1.2, "2024", "press")
    text = text.replace('status = "shipping"', 'status = "shipping"\naliases = ["思元590", "MLU590", "Cambricon MLU590"]')
    text = text.replace('publisher = "CAMBRICON Press"', 'publisher = "晶片行業"')
    (tmp_path / "cambricon" / "cambricon-nu.toml").write_text(text, encoding="utf-8")
    return accelspec.load_catalog(tmp_path, include_builtin=False)


def test_without_cjk_font_labels_and_caption_avoid_chinese(tmp_path, monkeypatch):
    monkeypatch.setattr(plots.style, "_cjk_font", lambda: None)
    c = _cjk_catalog(tmp_path)
    ax = plots.perf_per_watt(["cambricon-nu"], catalog=c, ax=_ax(), caption=True)
    assert [t.get_text() for t in ax.texts if t.get_gid() == "chip-label"] == ["Cambricon MLU590"]
    (caption,) = [t for t in ax.texts if t.get_gid() == "caption"]
    assert caption.get_text() == "Sources: cambricon-nu-src (press)."


@pytest.mark.filterwarnings("ignore:Glyph")  # the stand-in family has no CJK glyphs; only the text is checked
def test_with_cjk_font_labels_and_caption_keep_chinese(tmp_path, monkeypatch):
    monkeypatch.setattr(plots.style, "_cjk_font", lambda: "DejaVu Sans")  # any installed family will do here
    c = _cjk_catalog(tmp_path)
    ax = plots.perf_per_watt(["cambricon-nu"], catalog=c, ax=_ax(), caption=True)
    (label,) = [t for t in ax.texts if t.get_gid() == "chip-label"]
    assert label.get_text() == "Cambricon 思元590"
    assert label.get_fontfamily() == ["sans-serif", "DejaVu Sans"]
    (caption,) = [t for t in ax.texts if t.get_gid() == "caption"]
    assert caption.get_text() == "Sources: 晶片行業 2024-01 (press)."


def test_export_control_map_delegates_to_exportcontrol(cat, monkeypatch):
    import types

    calls = []
    fake = types.ModuleType("accelspec.exportcontrol")
    fake.plot_map = lambda entries, ax=None, catalog=None, label=True: calls.append(
        ([e.id for e in entries], ax, catalog, label)) or ax
    monkeypatch.setitem(sys.modules, "accelspec.exportcontrol", fake)
    ax = _ax()
    assert plots.export_control_map(["nvidia-alpha", "AMD Delta"], ax=ax, catalog=cat, label=False) is ax
    assert calls == [(["nvidia-alpha", "amd-delta"], ax, cat, False)]


# ------------------------------------------------------------------ imports and CLI


def test_import_accelspec_does_not_import_matplotlib():
    code = "import accelspec, sys; assert 'matplotlib' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def _cli(plot_dir, *args):
    return run_cli("--catalog", str(plot_dir), "--no-builtin", "plot", *args)


def test_cli_writes_png(plot_dir, tmp_path):
    out = tmp_path / "ppw.png"
    r = _cli(plot_dir, "perf-per-watt", "-o", str(out), "--caption")
    assert r.returncode == 0, r.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"wrote {out}" in r.stderr
    assert "accelspec plot: warning: perf_per_watt: 1 chip skipped for missing data: Huawei Eta (no TDP)" in r.stderr


def test_cli_writes_svg(plot_dir, tmp_path):
    out = tmp_path / "scatter.svg"
    r = _cli(plot_dir, "scatter", "nvidia-alpha", "amd-delta", "-x", "memory_gb", "-y", "bf16_tflops", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert "<svg" in out.read_text(encoding="utf-8")[:500]


@pytest.mark.parametrize("args, message", [
    (["perf-per-watt", "-o", "chart.jpg"], "unknown output format '.jpg' for 'chart.jpg'; use one of .png, .svg, .pdf"),
    (["scatter", "-x", "memory_gb", "-o", "c.png"],
     "scatter needs -x and -y (fields or metrics; see `accelspec metrics`)"),
    (["bar", "-o", "c.png"], "bar needs --metric (a field or metric; see `accelspec metrics`)"),
    (["bar", "--metric", "tdp_w", "-o", "no-such-dir/c.png"],
     "cannot write 'no-such-dir/c.png': folder 'no-such-dir' does not exist"),
])
def test_cli_usage_errors(plot_dir, tmp_path, args, message):
    r = _cli(plot_dir, *args)
    assert r.returncode == 2
    assert r.stderr.strip() == f"accelspec plot: error: {message}"
