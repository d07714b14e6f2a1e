"""Performance per watt (with iso-efficiency lines) and any two metrics against each other."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox

from .. import metrics
from ..catalog import Catalog
from .data import (
    _apply_scales,
    _axes,
    _metric_label,
    _metric_points,
    _resolve,
    _with_unit,
)
from .labels import (
    _LABEL_BOX,
    _label_points,
    _marker_boxes,
    _no_data,
    _overlap,
    _renderer,
    _text_boxes,
)
from .style import _NOTE_SIZE, _caption, _draw_points, _legend, _skip_note

# --------------------------------------------------------------------------- charts


def _iso_values(effs: Sequence[float]) -> list[float]:
    """Iso-efficiency levels on a 1-2-5 series spanning the data's efficiencies.

    From the largest level at or below the least efficient chip to the smallest at or above
    the most efficient one; decades only (0.1, 1, 10) if that would give more than seven lines.
    """
    lo, hi = min(effs), max(effs)
    series = [m * 10.0 ** n for n in range(-4, 5) for m in (1, 2, 5)]
    for steps in (series, [10.0 ** n for n in range(-4, 5)]):
        below = [k for k in steps if k <= lo * (1 + 1e-9)]
        above = [k for k in steps if k >= hi * (1 - 1e-9)]
        start = below[-1] if below else steps[0]
        stop = above[0] if above else steps[-1]
        chosen = [k for k in steps if start <= k <= stop]
        if len(chosen) <= 7:
            return chosen
    return chosen


_ISO_FRACTIONS = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4)  # where along the visible segment a label may sit
_ISO_CLEARANCE = 22.0  # px kept free around each chip marker for its own label


def _along(a: float, b: float, frac: float) -> float:
    """The x at ``frac`` of the way from a to b along an iso line, evenly in log x (where labels sit)."""
    return math.exp(math.log(a) + frac * (math.log(b) - math.log(a))) if a > 0 else b * frac


def _iso_lines(ax, levels: Sequence[float], unit: str, points: Sequence = ()) -> list:
    """Draw y = k·x for each level over the visible box; label each where it leaves the box.

    A label slides back along its line, away from the other labels and from the chips
    (``points``, each with a margin for its own label), since chip labels are placed after these.
    """
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    xlog = ax.get_xscale() == "log"
    texts = []
    renderer = _renderer(ax.figure)
    marks = _marker_boxes(ax, [(p.x, p.y) for p in points]) if len(points) else np.zeros((0, 4))
    taken: list[Bbox] = [Bbox.from_extents(m[0] - _ISO_CLEARANCE, m[1] - _ISO_CLEARANCE, m[2] + _ISO_CLEARANCE,
                                           m[3] + _ISO_CLEARANCE) for m in marks]
    for k in levels:
        a, b = max(x0, y0 / k, 1e-12), min(x1, y1 / k)
        if a >= b:
            continue  # the line misses the visible box
        xs = np.geomspace(a, b, 200) if xlog or ax.get_yscale() == "log" else np.linspace(a, b, 200)
        ax.plot(xs, k * xs, color="#9e9e9e", lw=0.8, ls=(0, (4, 3)), zorder=1, gid="iso-efficiency")
        text = f"{k:g} {unit}"
        # label at the end of the visible segment, slid back along the line if it collides
        for frac in _ISO_FRACTIONS:
            xe = _along(a, b, frac)
            t = ax.annotate(text, xy=(xe, k * xe), xytext=(-3, -3), textcoords="offset points", ha="right",
                            va="top", fontsize=_NOTE_SIZE, color="#757575", style="italic", gid="iso-label",
                            zorder=2, bbox=_LABEL_BOX)
            bb = t.get_window_extent(renderer)
            if not any(_overlap(bb, o) for o in taken) or frac == _ISO_FRACTIONS[-1]:
                break
            t.remove()
        t._iso_segment = (a, b, k)  # where it may slide to, if a chip label lands on it later
        taken.append(bb)
        texts.append(t)
    return texts


def _slide_iso_labels(ax, isos: Sequence, chip_labels: Sequence) -> None:
    """Move an iso-efficiency label that a chip label covers to a clear spot along its own line.

    Chip labels are placed after the iso labels (with them as obstacles); where the crowd left a
    chip label no choice but to cover one, the iso label gives way, as it can sit anywhere on its line.
    """
    renderer = _renderer(ax.figure)
    chips = [a.get_window_extent(renderer) for a in chip_labels if a is not None]
    for t in isos:
        if not any(_overlap(t.get_window_extent(renderer), c) for c in chips):
            continue
        others = [o.get_window_extent(renderer) for o in isos if o is not t]
        a, b, k = t._iso_segment
        for frac in (0.95, 0.85, 0.75, 0.65, 0.55, 0.45, 0.35, 0.25):
            xe = _along(a, b, frac)
            t.xy = (xe, k * xe)
            bb = t.get_window_extent(renderer)
            if not any(_overlap(bb, o) for o in chips + others):
                break
        else:
            t.set_visible(False)  # no clear spot: the line's value is read from its neighbours


_PPW_LOG_SPREAD = 10.0  # perf per watt: both axes log when either spans more than an order of magnitude
_PPW_HEADROOM = 1.8     # log axes: extra room above and right of the largest chips, where most labels crowd


def perf_per_watt(chips=None, precision: str = "bf16", *, sparse: bool = False, ax=None,
                  catalog: Catalog | None = None, caption: bool = False, label: bool = True):
    """Peak compute (y) against power (x), with iso-efficiency lines in TFLOP/s per W.

    y is ``compute.<precision>.dense`` (``sparse=True``: ``.sparse``) in TFLOP/s (TOP/s for
    integer precisions), x is ``power.tdp`` in W — each the claim shown under the pick rule
    (``catalog/accelerators/README.md``). Dashed grey lines are y = k·x for k on a 1-2-5 series spanning the
    chips' efficiencies. Both axes are logarithmic when either spans more than ×10 (the lines of equal
    efficiency stay straight, parallel diagonals, and a crowd of small chips spreads out), else
    both are linear from 0. TDP means
    what each entry's claim says it covers (module, card, board): compare like with like.

    Returns the Axes; the chips are one PathCollection (gid ``chips``) whose offsets are
    (TDP, compute) in input order, skipped chips left out.
    """
    p = metrics.precision(precision)
    slot = "sparse" if sparse else "dense"
    unit = metrics.compute_unit(p)
    ctx = metrics.Context(catalog=catalog)
    entries = _resolve(chips, catalog)
    ax = _axes(ax)
    points = _metric_points("perf_per_watt", entries,
                            lambda e: metrics.field(e, "power.tdp", "W", ctx),
                            lambda e: metrics.field(e, f"compute.{p}.{slot}", unit, ctx))
    ax.set_xlabel("Power (TDP) [W]")
    ax.set_ylabel(f"{p.upper()} {slot} peak [{unit}]")
    if not points:
        return _no_data(ax, f"both a TDP and a {slot} {p.upper()} figure")
    _draw_points(ax, points)
    _apply_scales(ax, points, zero=True, shared=_PPW_LOG_SPREAD, headroom=_PPW_HEADROOM)
    isos = _iso_lines(ax, _iso_values([pt.y / pt.x for pt in points]), f"{unit}/W", points)
    _legend(ax, points, extra=[(Line2D([], [], color="#9e9e9e", lw=0.8, ls=(0, (4, 3))),
                                f"iso-efficiency ({unit}/W, {slot})")])
    ax.grid(True, which="major", color="#eeeeee", lw=0.6, zorder=0)
    ax.set_axisbelow(True)
    note = _skip_note(ax, points, ("a TDP", f"a {slot} {p.upper()} figure"))
    if caption:
        _caption(ax, [c for pt in points for c in pt.claims], below=note)
    if label:
        labels = _label_points(ax, points, obstacles=_text_boxes(ax, isos), lines=("iso-efficiency",))
        _slide_iso_labels(ax, isos, labels)
    return ax


def scatter(chips=None, x: str = "tdp_w", y: str = "bf16_tflops", *, ax=None, catalog: Catalog | None = None,
            caption: bool = False, label: bool = True):
    """Any two numeric fields or metrics against each other.

    ``x`` and ``y`` are metric names (``accelspec metrics``) or numeric field paths
    (``memory.capacity``); values are in the metric's unit, which the axis label states.
    An axis spanning more than ×20 is logarithmic.
    """
    mx, my = metrics.get_metric(x), metrics.get_metric(y)
    ctx = metrics.Context(catalog=catalog)
    entries = _resolve(chips, catalog)
    ax = _axes(ax)
    points = _metric_points("scatter", entries, lambda e: mx(e, ctx), lambda e: my(e, ctx))
    ax.set_xlabel(_with_unit(_metric_label(x), mx.unit))
    ax.set_ylabel(_with_unit(_metric_label(y), my.unit))
    if not points:
        return _no_data(ax, f"both {x} and {y}")
    _draw_points(ax, points)
    _apply_scales(ax, points)
    _legend(ax, points)
    ax.grid(True, which="major", color="#eeeeee", lw=0.6)
    ax.set_axisbelow(True)
    note = _skip_note(ax, points, (_metric_label(x), _metric_label(y)))
    if caption:
        _caption(ax, [c for pt in points for c in pt.claims], below=note)
    if label:
        _label_points(ax, points)
    return ax
