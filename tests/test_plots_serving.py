"""Tests of plots.serving_curve: the lines drawn are the sweep's numbers, labelled, styled and captioned.

They use the shipped catalog and models (a sweep takes milliseconds) and compare every line with
accelspec.serving.sweep run here, so a chart that drew the wrong rate (per user for per chip, the
bound for the estimate) fails.
"""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from accelspec import plots
from accelspec.errors import InvalidValueError
from accelspec.serving import sweep

CONFIGS = [("Llama-3.1-70B", "8xH200"), ("Llama-3.1-70B", "8xH20"), ("DeepSeek-V3", "8xH200")]
BATCHES = [1, 4, 16, 64]


def _ax(size=(9, 6)):
    fig = Figure(figsize=size)
    FigureCanvasAgg(fig)
    return fig.add_subplot()


def _line(ax, gid):
    return next(line for line in ax.get_lines() if line.get_gid() == gid)


@pytest.mark.parametrize("model,on", CONFIGS)
def test_each_estimate_line_is_the_sweep_per_user_and_per_chip(model, on):
    ax = plots.serving_curve(CONFIGS, batches=BATCHES, ax=_ax())
    runs = sweep(model, on, BATCHES)
    est, bound = _line(ax, f"estimate:{model} on {on}"), _line(ax, f"bound:{model} on {on}")
    np.testing.assert_allclose(np.column_stack([est.get_xdata(), est.get_ydata()]),
                               [(r.tokens_per_s_per_user, r.tokens_per_s_per_chip) for r in runs])
    np.testing.assert_allclose(np.column_stack([bound.get_xdata(), bound.get_ydata()]),
                               [(r.tokens_per_s_per_user_bound, r.tokens_per_s_per_chip_bound) for r in runs])
    assert est.get_linestyle() == "-" and bound.get_linestyle() == "--"


def test_tpot_on_x():
    ax = plots.serving_curve(CONFIGS[:1], batches=BATCHES, x="tpot", ax=_ax())
    np.testing.assert_allclose(_line(ax, "estimate:Llama-3.1-70B on 8xH200").get_xdata(),
                               [r.tpot_ms for r in sweep("Llama-3.1-70B", "8xH200", BATCHES)])
    assert ax.get_xlabel() == "Time per output token, TPOT [ms]"


def test_axis_labels_legend_and_end_labels():
    ax = plots.serving_curve(CONFIGS, batches=BATCHES, ax=_ax())
    assert ax.get_xlabel() == "Tokens/s per user (interactivity)"
    assert ax.get_ylabel() == "Output tokens/s per chip (throughput)"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:3] == ["Llama-3.1-70B on 8xH200", "Llama-3.1-70B on 8xH20", "DeepSeek-V3 on 8xH200"]
    assert "bound: efficiencies 1, no latency" in legend
    # each line is labelled at its largest batch, so the direction of the sweep can be read
    ends = [t.get_text() for t in ax.texts if t.get_gid() == "chip-label"]
    assert ends == ["batch 64", "batch 64", "batch 64"]


def test_colour_is_the_vendor_shaded_per_hardware_and_shape_the_model():
    ax = plots.serving_curve(CONFIGS, batches=BATCHES, ax=_ax())
    h200, h20, ds = (_line(ax, f"estimate:{m} on {o}") for m, o in CONFIGS)
    assert h200.get_color() == ds.get_color() != h20.get_color()
    assert h200.get_marker() == h20.get_marker() == "o" and ds.get_marker() == "s"


def test_press_based_inputs_draw_hollow_marks():
    # the catalog's H20 memory figures come from the press; H200's from NVIDIA
    ax = plots.serving_curve(CONFIGS[:2], batches=BATCHES, ax=_ax())
    assert to_rgba(_line(ax, "estimate:Llama-3.1-70B on 8xH20").get_markerfacecolor()) == to_rgba("white")
    assert to_rgba(_line(ax, "estimate:Llama-3.1-70B on 8xH200").get_markerfacecolor()) != to_rgba("white")


def test_caption_says_estimate_not_measurement_with_the_shared_inputs():
    ax = plots.serving_curve(CONFIGS[:1], batches=BATCHES, ax=_ax(), input_len=1024, output_len=256)
    (cap,) = [t.get_text() for t in ax.texts if t.get_gid() == "caption"]
    text = " ".join(cap.split())
    assert text.startswith("Estimated by accelspec.serving (docs/serving.md), not measured: 1024 prompt and 256 "
                           "output tokens per request, aggregated serving, KV cache bf16;")
    assert "Efficiency calibrated on the NVIDIA points of catalog/measurements/serving.toml." in text


def test_batches_that_do_not_fit_are_left_out():
    runs = sweep("DeepSeek-V3", "8xH20", [1, 4, 4096])
    assert [r.fits for r in runs] == [True, True, False]
    ax = plots.serving_curve([("DeepSeek-V3", "8xH20")], batches=[1, 4, 4096], ax=_ax())
    assert len(_line(ax, "estimate:DeepSeek-V3 on 8xH20").get_xdata()) == 2


def test_a_configuration_without_an_estimate_is_warned_and_left_out():
    # the Kunlunxin P800 has no memory bandwidth in the catalog: there is no tokens/s to draw
    with pytest.warns(UserWarning, match=r"^serving_curve: 1 configuration left out: Llama-3.1-70B on 8xP800: "):
        ax = plots.serving_curve([("Llama-3.1-70B", "8xP800"), ("Llama-3.1-70B", "8xH200")], batches=BATCHES,
                                 ax=_ax())
    assert [line.get_gid() for line in ax.get_lines()] == ["bound:Llama-3.1-70B on 8xH200",
                                                            "estimate:Llama-3.1-70B on 8xH200"]


@pytest.mark.parametrize("configs,kw,message", [
    ([("Llama-3.1-70B", "8xH200")], {"x": "ttft"}, "invalid x 'ttft'; valid: user, tpot"),
    (["8xH200"], {}, ("invalid configuration '8xH200'; give (model, hardware) or (model, hardware, "
                      "{estimate keywords}), e.g. ('DeepSeek-V3', '8xH20')")),
    ([], {}, "invalid configs []; give at least one (model, hardware) pair"),
])
def test_bad_arguments_say_what_is_valid(configs, kw, message):
    with pytest.raises(InvalidValueError) as e:
        plots.serving_curve(configs, ax=_ax(), **kw)
    assert str(e.value) == message


def test_draws_only_on_the_given_axes():
    ax = _ax()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert plots.serving_curve(CONFIGS[:1], batches=BATCHES, ax=ax) is ax
    assert len(ax.figure.axes) == 1
