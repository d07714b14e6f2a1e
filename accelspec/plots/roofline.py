"""The roofline: attainable compute against arithmetic intensity, one line per chip."""

from __future__ import annotations

from matplotlib.lines import Line2D

from .. import metrics
from ..catalog import Catalog
from .data import _axes, _metric_points, _plain_log_ticks, _Point, _resolve
from .labels import _label_points, _no_data
from .style import _caption, _draw_points, _legend


def roofline(chips=None, precision: str = "bf16", *, ax=None, catalog: Catalog | None = None,
             caption: bool = False, label: bool = True):
    """Attainable dense compute against arithmetic intensity, log-log: one roof per chip.

    Each roof is min(peak, bandwidth × intensity) with peak = ``compute.<precision>.dense``
    (TFLOP/s) and bandwidth = ``memory.bandwidth`` (TB/s), so intensity is in FLOP/byte; the
    ridge point (peak / bandwidth, peak) is marked. Chips of one vendor share a colour and
    differ by line style.
    """
    p = metrics.precision(precision)
    unit = metrics.compute_unit(p)
    op = "op" if unit == "TOP/s" else "FLOP"
    ctx = metrics.Context(catalog=catalog)
    entries = _resolve(chips, catalog)
    ax = _axes(ax)
    raw = _metric_points("roofline", entries,
                         lambda e: metrics.field(e, "memory.bandwidth", "TB/s", ctx),
                         lambda e: metrics.field(e, f"compute.{p}.dense", unit, ctx))
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(f"Arithmetic intensity [{op}/byte]")
    ax.set_ylabel(f"Attainable {p.upper()} dense [{unit}]")
    if not raw:
        return _no_data(ax, f"both a memory bandwidth and a dense {p.upper()} figure")
    # a point per chip at its ridge: x = peak / bandwidth, y = peak
    points = [_Point(r.entry, r.y / r.x, r.y, r.claims) for r in raw]
    bws = {pt.entry.id: r.x for pt, r in zip(points, raw)}
    ridges = [pt.x for pt in points]
    x0, x1 = min(ridges) / 8, max(ridges) * 6  # room for the slopes left and the flat roofs right
    y0 = min(pt.y for pt in points) / 8  # slopes enter from below; the room goes to the ridges
    y1 = max(pt.y for pt in points) * 2.0
    styles = ["-", (0, (5, 2)), (0, (1, 1.5)), (0, (6, 2, 1, 2))]
    per_vendor: dict[str, int] = {}
    for pt in points:
        i = per_vendor.get(pt.entry.vendor, 0)
        per_vendor[pt.entry.vendor] = i + 1
        ax.plot([x0, pt.x, x1], [bws[pt.entry.id] * x0, pt.y, pt.y], color=pt.color, lw=1.4,
                ls=styles[i % len(styles)], zorder=2, gid=f"roof:{pt.entry.id}")
    _draw_points(ax, points, gid="ridge-points")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    _plain_log_ticks(ax)
    ax.grid(True, which="major", color="#eeeeee", lw=0.6)
    ax.set_axisbelow(True)
    _legend(ax, points, extra=[(Line2D([], [], color="#555555", lw=1.4), "roof: min(peak, bandwidth × intensity)")])
    if caption:
        _caption(ax, [c for pt in points for c in pt.claims])
    if label:
        _label_points(ax, points, lines=("roof:",))
    return ax
