"""One metric per chip as bars, optionally against a baseline chip."""

from __future__ import annotations

import warnings

from matplotlib.lines import Line2D

from .. import metrics
from ..catalog import Catalog
from ..names import vendor_name
from .data import _axes, _metric_label, _Point, _resolve, _warn_skipped, _with_unit
from .labels import _LABEL_BOX, _no_data, _renderer
from .style import _LABEL_SIZE, _caption, _display_name, _fmt, vendor_color


def bar(chips=None, metric: str = "bf16_tflops", *, baseline=None, ax=None, catalog: Catalog | None = None,
        caption: bool = False, label: bool = True, ascending: bool = False):
    """Horizontal bars of one field or metric, sorted (largest on top unless ``ascending``).

    Bars take the vendor colour; a bar resting on a press, estimate or rumour figure is
    hollow and hatched. With ``baseline`` (a chip), that chip is drawn as a dashed reference
    line instead of a bar and every value label gains its ratio to it ("1.52×").
    """
    m = metrics.get_metric(metric)
    ctx = metrics.Context(catalog=catalog)
    entries = _resolve(chips, catalog)
    base = _resolve([baseline], catalog)[0] if baseline is not None else None
    ax = _axes(ax)
    base_r = m(base, ctx) if base is not None else None
    if base_r is not None and base_r.missing:
        warnings.warn(f"bar: baseline {base.name} has no {_metric_label(metric)} ({base_r.reason}); "
                      "drawn without a reference line", stacklevel=2)
        base_r = None
    rows, skipped = [], []
    for e in entries:
        if base_r is not None and e.id == base.id:
            continue  # the baseline is the reference line, not a bar
        r = m(e, ctx)
        if r.missing:
            skipped.append((e, r.reason))
        else:
            rows.append((e, r))
    _warn_skipped("bar", skipped)
    ax.set_xlabel(_with_unit(_metric_label(metric), m.unit))
    if not rows:
        return _no_data(ax, metric)
    rows.sort(key=lambda er: (er[1].value, er[0].id), reverse=not ascending)
    n = len(rows)
    ys = [n - 1 - i for i in range(n)]  # first row on top
    points = [_Point(e, r.value, y, r.inputs) for (e, r), y in zip(rows, ys)]
    for pt in points:
        hollow = pt.hollow
        ax.barh(pt.y, pt.x, height=0.7, color="white" if hollow else pt.color, edgecolor=pt.color,
                hatch="////" if hollow else None, linewidth=1.2, zorder=2, gid=f"bar:{pt.entry.id}")
    ax.set_yticks(ys)
    ax.set_yticklabels([_display_name(pt.entry) + ("" if pt.marker == "o" else f" ({pt.entry.status})")
                        for pt in points], fontsize=8)
    ax.set_ylim(-0.6, n - 0.4)
    top = max([pt.x for pt in points] + ([base_r.value] if base_r is not None else []))
    ax.set_xlim(0, top * 1.05)
    extra = []
    if base_r is not None:
        ax.axvline(base_r.value, color=vendor_color(base.vendor), ls="--", lw=1.2, zorder=3, gid="baseline")
        extra.append((Line2D([], [], color=vendor_color(base.vendor), ls="--", lw=1.2),
                      f"baseline: {_display_name(base)} ({_fmt(base_r.value)} {m.unit})"))
    if label:
        from ..tables.table import (
            _decimals,  # one number of decimals for every bar, as a table column has
        )

        decimals = _decimals([pt.x for pt in points])
        texts = []
        for pt in points:
            text = f"{pt.x:,.{decimals}f}" + (f"  {pt.x / base_r.value:.2f}×" if base_r is not None else "")
            texts.append(ax.annotate(text, xy=(pt.x, pt.y), xytext=(3, 0), textcoords="offset points",
                                     ha="left", va="center", fontsize=_LABEL_SIZE, gid="value-label", zorder=4,
                                     bbox=_LABEL_BOX))
        _fit_right(ax, texts, points)
    ax.grid(True, axis="x", color="#eeeeee", lw=0.6)
    ax.set_axisbelow(True)
    _legend_bars(ax, points, extra)
    if caption:
        claims = [c for pt in points for c in pt.claims] + (list(base_r.inputs) if base_r else [])
        _caption(ax, claims)
    return ax


def _fit_right(ax, texts, points) -> None:
    """Widen the x range so every value label ends inside the Axes."""
    renderer = _renderer(ax.figure)
    frame = ax.get_window_extent(renderer)
    x0, x1 = ax.get_xlim()
    need = x1
    for t, pt in zip(texts, points):
        w = t.get_window_extent(renderer).width + 3 * ax.figure.dpi / 72 + 4
        if frame.width > w:
            need = max(need, pt.x * frame.width / (frame.width - w))
    ax.set_xlim(x0, need)


def _legend_bars(ax, points, extra) -> None:
    handles, labels = [], []
    for v in dict.fromkeys(p.entry.vendor for p in points):
        c = vendor_color(v)
        handles.append(Line2D([], [], linestyle="none", marker="s", markersize=8, markerfacecolor=c, markeredgecolor=c))
        labels.append(vendor_name(v))
    if any(p.hollow for p in points):
        from matplotlib.patches import Patch

        handles.append(Patch(facecolor="white", edgecolor="#555555", hatch="////"))
        labels.append("hatched: a press, estimate or rumour figure")
    for h, lab in extra:
        handles.append(h)
        labels.append(lab)
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0,
              fontsize=8, frameon=False)
