"""Measured against peak: MLPerf throughput per accelerator (y) against the chip's dense peak (x).

The y value is MLPerf's (the best result per catalog entry in one round, divided by accelerators
by :func:`accelspec.results.per_entry`, labelled as derived); the x value is the datasheet's dense
peak at the precision the result ran in (:func:`accelspec.metrics.field`, under the pick rule).
The caption is MLPerf's footnote for the results drawn (its terms ask for one), then the peaks'
sources. Lines of equal tokens/s per TFLOP/s show how much of its peak each chip turns into work.
"""

from __future__ import annotations

import textwrap
import warnings

from matplotlib.lines import Line2D

from ..catalog import Catalog
from .data import _axes, _limits, _plain_log_ticks, _Point
from .efficiency import _iso_lines, _iso_values
from .labels import _no_data, _place_labels, _text_boxes
from .style import (
    _NOTE_SIZE,
    _cite_short,
    _display_name,
    _draw_points,
    _font_kw,
    _legend,
)


def measured_vs_peak(chips=None, benchmark: str = "llama2-70b-99", scenario: str | None = "Offline", *,
                     version: str | None = None, precision: str | None = None, ax=None,
                     catalog: Catalog | None = None, results=None, available_only: bool = False,
                     caption: bool = True, label: bool = True):
    """MLPerf tokens/s per accelerator against the dense peak at the result's precision.

    One point per catalog entry: its best result in one round (``version``; default the newest
    round holding the benchmark and scenario) among closed-division systems of one kind of
    accelerator. y is the result's throughput per catalog entry (per GPU; per superchip for GB200,
    which MLPerf counts as two GPUs, so that x and y describe the same part); x is the entry's
    ``compute.<precision>.dense`` where ``precision`` defaults to the precision MLPerf lists for
    that result (FP8, FP4...), named in each chip's label. Marks are hollow when the peak rests
    on an analyst, press or estimate figure; MLPerf's value is measured. ``results`` replaces the
    shipped :class:`accelspec.results.ResultSet`. Results without a catalog entry, mixed systems
    and chips without the peak are left out with one warning and a note under the x label.

    Returns the Axes; the chips are one PathCollection (gid ``chips``) whose offsets are
    (peak, per-accelerator throughput) in the order the chips were first met (``chips`` order
    when given).
    """
    from ..results import footnote
    from ..results.peak import vs_peak

    v = vs_peak(chips, benchmark, scenario, version=version, precision=precision, catalog=catalog,
                results=results, available_only=available_only)
    ax = _axes(ax)
    if not v.results:
        ax.set_xlabel("Dense peak [TFLOP/s]")
        return _no_data(ax, f"a closed-division MLPerf result for {benchmark} {scenario or ''}".rstrip())
    rows, newest = v.results, v.version
    skipped = [(s.what, s.short, s.reason) for s in v.skipped]
    if skipped:
        warnings.warn(f"measured_vs_peak: {len(skipped)} result{'s' if len(skipped) != 1 else ''} left out: "
                      + "; ".join(f"{w}: {why}" for w, _s, why in skipped), stacklevel=2)
    points = [_Point(row.entry, row.peak.value, row.measured.value, row.peak.inputs) for row in v.rows]
    used = [row.result for row in v.rows]
    units = [row.peak.unit for row in v.rows]
    texts = []
    for row in v.rows:
        share = row.result.shares[0]
        per = f", per {share.id.split('-', 1)[-1].upper()} = {share.per_entry} GPUs" if share.per_entry > 1 else ""
        texts.append(f"{_display_name(row.entry)} ({row.precision.upper()}{per})")
    unit_x = " or ".join(dict.fromkeys(units)) or "TFLOP/s"
    ax.set_xlabel(f"Dense peak at the result's precision [{unit_x}] (datasheet)")
    ax.set_ylabel(f"MLPerf {rows[0].unit} per accelerator (measured)")
    ax.set_title(f"MLPerf Inference {newest} {rows[0].benchmark}" + (f" {rows[0].scenario}" if rows[0].scenario else "")
                 + ": best result per chip", fontsize=10, loc="left")
    if not points:
        return _no_data(ax, "both a closed-division result and its dense peak")
    _draw_points(ax, points)
    _scales(ax, points)
    extra = []
    isos = []
    if len(set(units)) == 1:
        tag = f"{rows[0].unit} per {units[0]}"
        isos = _iso_lines(ax, _iso_values([pt.y / pt.x for pt in points]), tag, points)
        extra.append((Line2D([], [], color="#9e9e9e", lw=0.8, ls=(0, (4, 3))), f"equal {tag} of peak"))
    _legend(ax, points, extra=extra)
    ax.grid(True, which="major", color="#eeeeee", lw=0.6, zorder=0)
    ax.set_axisbelow(True)
    below = _note(ax, skipped)
    if caption:
        _footnote(ax, footnote(used), [c for pt in points for c in pt.claims], below)
    if label:
        _place_labels(ax, [(pt.x, pt.y, t) for pt, t in zip(points, texts)], obstacles=_text_boxes(ax, isos))
    return ax


def _scales(ax, points) -> None:
    """Log axes once the values span ×3: chips a generation apart (H100 to B200) are ×5 apart on both
    axes, and on linear axes the older ones crowd into a corner. Linear axes start at 0 (a ratio chart)."""
    for values, set_scale, set_lim in (([p.x for p in points], ax.set_xscale, ax.set_xlim),
                                       ([p.y for p in points], ax.set_yscale, ax.set_ylim)):
        scale = "log" if max(values) / min(values) > 3 else "linear"
        set_scale(scale)
        set_lim(*_limits(values, scale, zero=True))
    _plain_log_ticks(ax)


def _wrap(ax, text: str) -> str:
    width_pt = ax.get_position().width * ax.figure.get_figwidth() * 72
    return textwrap.fill(text, width=max(40, int(width_pt / (_NOTE_SIZE * 0.56))), break_on_hyphens=False)


def _note(ax, skipped):
    """'Left out: 4 results of this round — 2 × no catalog entry, 2 × mixed system.' under the x label, so the image cannot
    pass for complete."""
    if not skipped:
        return None
    shorts = [s for _w, s, _why in skipped]
    counts = ", ".join(f"{shorts.count(s)} × {s}" for s in dict.fromkeys(shorts))
    n = len(skipped)
    text = _wrap(ax, f"Left out: {n} result{'s' if n != 1 else ''} of this round — {counts}. The warning names each.")
    return ax.annotate(text, xy=(0.0, 0.0), xycoords=("axes fraction", ax.xaxis.label), xytext=(0, -6),
                       textcoords="offset points", ha="left", va="top", fontsize=_NOTE_SIZE, color="#8a1c1c",
                       gid="skipped-note", annotation_clip=False)


def _footnote(ax, mlperf: str, claims, below) -> None:
    """MLPerf's footnote, then 'Peaks: <sources>', as one caption (gid ``caption``) under the x label."""
    cites = dict.fromkeys(_cite_short(c.source) for c in claims)
    text = mlperf + (" Peaks: " + "; ".join(cites) + "." if cites else "")
    wrapped = _wrap(ax, text)
    ax.annotate(wrapped, xy=(0.0, 0.0), xycoords=("axes fraction", below if below is not None else ax.xaxis.label),
                xytext=(0, -6), textcoords="offset points", ha="left", va="top", fontsize=_NOTE_SIZE,
                color="#333333", gid="caption", annotation_clip=False, **_font_kw(wrapped))
