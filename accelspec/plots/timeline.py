"""One metric against the announcement (or release) date."""

from __future__ import annotations

import datetime as _dt

import matplotlib.dates as mdates
from matplotlib.lines import Line2D

from .. import metrics
from ..catalog import Catalog
from ..errors import ArgumentValueError
from ..model import PartialDate
from .data import (
    _axes,
    _limits,
    _metric_label,
    _plain_log_ticks,
    _Point,
    _resolve,
    _scale,
    _warn_skipped,
    _with_unit,
)
from .labels import _label_points, _no_data
from .style import _caption, _draw_points, _legend


def _date_num(d: PartialDate) -> float:
    """A partial date as a matplotlib date number: mid-month (15th) or mid-year (1 July)."""
    if d.month and d.day:
        day = _dt.date(d.year, d.month, d.day)
    elif d.month:
        day = _dt.date(d.year, d.month, 15)
    else:
        day = _dt.date(d.year, 7, 1)
    return float(mdates.date2num(day))


def _date_span(d: PartialDate) -> tuple[float, float] | None:
    """The period a partial date stands for (its month or year), None for a full date."""
    if d.month and d.day:
        return None
    if d.month:
        start = _dt.date(d.year, d.month, 1)
        end = _dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)
    else:
        start, end = _dt.date(d.year, 1, 1), _dt.date(d.year + 1, 1, 1)
    return float(mdates.date2num(start)), float(mdates.date2num(end))


def timeline(chips=None, metric: str = "bf16_tflops", *, date: str = "announced", ax=None,
             catalog: Catalog | None = None, caption: bool = False, label: bool = True):
    """A field or metric against the announced (or released) date.

    Dates known only to the month are drawn mid-month (the 15th), those known only to the
    year at mid-year (1 July); a thin bar in the chip's colour spans the month or year the
    date stands for, so the uncertainty shows. The y axis is logarithmic when the values span
    more than ×20. The date claim counts toward the hollow/filled rule like any other input.
    """
    if date not in ("announced", "released"):
        raise ArgumentValueError(f"date must be 'announced' or 'released' (got {date!r})")
    m = metrics.get_metric(metric)
    ctx = metrics.Context(catalog=catalog)
    entries = _resolve(chips, catalog)
    ax = _axes(ax)
    points, spans, skipped = [], [], []
    for e in entries:
        r, dc = m(e, ctx), e.claim(date)
        reasons = ([r.reason] if r.missing else []) + ([f"no {date} date"] if dc is None else [])
        if reasons:
            skipped.append((e, ", ".join(reasons)))
            continue
        points.append(_Point(e, _date_num(dc.value), r.value, r.inputs + (dc,)))
        spans.append(_date_span(dc.value))
    _warn_skipped("timeline", skipped)
    ax.set_xlabel(f"{date.capitalize()} (month-only dates at mid-month, year-only at mid-year)")
    ax.set_ylabel(_with_unit(_metric_label(metric), m.unit))
    if not points:
        return _no_data(ax, f"both {metric} and a {date} date")
    for pt, span in zip(points, spans):
        if span is not None:
            ax.plot(span, [pt.y, pt.y], color=pt.color, lw=2.5, alpha=0.35, solid_capstyle="butt", zorder=2,
                    gid="date-span")
    _draw_points(ax, points)
    yscale = _scale([pt.y for pt in points])
    ax.set_yscale(yscale)
    ax.set_ylim(*_limits([pt.y for pt in points], yscale))
    _plain_log_ticks(ax)
    lo = min([pt.x for pt in points] + [s[0] for s in spans if s])
    hi = max([pt.x for pt in points] + [s[1] for s in spans if s])
    pad = max(120.0, 0.08 * (hi - lo))  # days
    ax.set_xlim(lo - pad, hi + pad)
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(True, which="major", color="#eeeeee", lw=0.6)
    ax.set_axisbelow(True)
    span_key = (Line2D([], [], color="#555555", lw=2.5, alpha=0.35), "span of a month- or year-only date")
    _legend(ax, points, extra=[span_key] if any(spans) else ())
    if caption:
        _caption(ax, [c for pt in points for c in pt.claims])
    if label:
        _label_points(ax, points, lines=("date-span",))
    return ax
