"""Which chips a chart draws, their points and the claims behind them, and the axes' scales."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence

from .. import metrics
from ..catalog import Catalog, builtin_catalog
from ..model import FIELD_TYPES, SOURCE_KINDS, Accelerator, Claim
from .style import _CHIP_LEVELS, _LOG_SPREAD, STATUS_MARKERS, WEAK_KINDS, vendor_color

# --------------------------------------------------------------------------- inputs


def _resolve(chips, catalog: Catalog | None) -> list[Accelerator]:
    """Entries for names, ids or Accelerator objects, each once, in the order given.

    ``None`` means every chip-level entry of the catalog (dies, packages, cards and
    superchips; no servers, racks or generic entries), as the CLI's default selection.
    """
    cat = catalog if catalog is not None else builtin_catalog()
    if chips is None:
        chips = [e for e in cat if e.level in _CHIP_LEVELS and not e.generic]
    elif isinstance(chips, (str, Accelerator)):
        chips = [chips]
    out: dict[str, Accelerator] = {}
    for c in chips:
        e = cat.get(c)
        out.setdefault(e.id, e)
    return list(out.values())


def _axes(ax):
    """The Axes to draw on; a new (9 × 6 in) figure only when none is given."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt  # pyplot only when we must make a figure

    _fig, ax = plt.subplots(figsize=(9, 6))
    return ax


class _Point:
    """One chip's mark: position, the claims behind it, and how to draw it."""

    __slots__ = ("entry", "x", "y", "claims")

    def __init__(self, entry: Accelerator, x: float, y: float, claims: Sequence[Claim]):
        self.entry, self.x, self.y, self.claims = entry, x, y, tuple(claims)

    @property
    def weakest_kind(self) -> str | None:
        kinds = [c.effective_kind for c in self.claims]
        return max(kinds, key=SOURCE_KINDS.index) if kinds else None

    @property
    def hollow(self) -> bool:
        return self.weakest_kind in WEAK_KINDS

    @property
    def color(self) -> str:
        return vendor_color(self.entry.vendor)

    @property
    def marker(self) -> str:
        return STATUS_MARKERS.get(self.entry.status, "o")


def _warn_skipped(chart: str, skipped: list[tuple[Accelerator, str]], stacklevel: int = 3) -> None:
    """One warning naming every chip left out, with the reason for each."""
    if not skipped:
        return
    n = len(skipped)
    names = "; ".join(f"{e.name} ({reason})" for e, reason in skipped)
    warnings.warn(f"{chart}: {n} chip{'s' if n != 1 else ''} skipped for missing data: {names}", stacklevel=stacklevel)


class _Points(list):
    """The points drawn, and for each chip left out which input was missing and why.

    ``missing`` holds ``(entry, [(axis, gap), ...])``: axis 0 for x, 1 for y; gap is the
    Result's reason kind (``not-supported``, ``not-published``, ``not-found``, or None).
    """

    def __init__(self, points=(), missing=()):
        super().__init__(points)
        self.missing = list(missing)


def _metric_points(chart: str, entries, x_of, y_of) -> _Points:
    """Points from two Result-returning functions; chips with a missing value are skipped."""
    points, skipped, missing = [], [], []
    for e in entries:
        rx, ry = x_of(e), y_of(e)
        reasons = [r.reason for r in (rx, ry) if r.missing]
        if reasons:
            skipped.append((e, ", ".join(dict.fromkeys(reasons))))
            missing.append((e, [(axis, r.gap) for axis, r in enumerate((rx, ry)) if r.missing]))
            continue
        points.append(_Point(e, rx.value, ry.value, rx.inputs + ry.inputs))
    _warn_skipped(chart, skipped, stacklevel=4)
    return _Points(points, missing)


def _metric_label(name: str) -> str:
    """A short label for a field path or metric name ('compute.bf16.dense' -> 'BF16 dense'): the registry's."""
    if name in FIELD_TYPES:
        # a dotted path: use the registered field metric that reads it, for its short label
        for reg in metrics.REGISTRY.values():
            if reg.group == "field" and reg.formula == name:
                return reg.label
        return name
    return metrics.get_metric(name).label


def _with_unit(text: str, unit: str) -> str:
    return text if unit in ("", "1") else f"{text} [{unit}]"


# --------------------------------------------------------------------------- scales


def _scale(values: Sequence[float]) -> str:
    """'log' when the values span more than a factor of 20, else 'linear'."""
    lo, hi = min(values), max(values)
    return "log" if lo > 0 and hi / lo > _LOG_SPREAD else "linear"


def _limits(values: Sequence[float], scale: str, *, zero: bool = False, headroom: float = 1.0) -> tuple[float, float]:
    """Axis limits with room around the data for markers and labels.

    Log axes pad by a factor (at least 1.5), the top by ``headroom`` times more (room for the labels
    of a crowd of large chips); linear axes by 10% of the range, from 0 when ``zero`` (a ratio chart
    reads right only from the origin).
    """
    lo, hi = min(values), max(values)
    if scale == "log":
        pad = max(1.5, (hi / lo) ** 0.08)
        return lo / pad, hi * pad * headroom
    if zero:
        return 0.0, hi * 1.12
    span = hi - lo or abs(hi) or 1.0
    low = lo - 0.1 * span
    return (max(0.0, low) if lo >= 0 else low), hi + 0.1 * span  # no negative room for positive data


def _apply_scales(ax, points: Sequence[_Point], *, zero: bool = False, shared: float | None = None,
                  headroom: float = 1.0) -> None:
    """Each axis log or linear by its own spread; with ``shared`` (a factor), both log when either
    axis spans more than it, else both linear (lines through the origin then stay straight)."""
    xs, ys = [p.x for p in points], [p.y for p in points]
    if shared is None:
        xscale, yscale = _scale(xs), _scale(ys)
    else:
        wide = any(min(v) > 0 and max(v) / min(v) > shared for v in (xs, ys))
        xscale = yscale = "log" if wide else "linear"
    ax.set_xscale(xscale)
    ax.set_yscale(yscale)
    ax.set_xlim(*_limits(xs, xscale, zero=zero, headroom=headroom))
    ax.set_ylim(*_limits(ys, yscale, zero=zero, headroom=headroom))
    _plain_log_ticks(ax)


def _tick(v: float, _pos=None) -> str:
    return f"{v:,.0f}" if v >= 1 else f"{v:g}"


def _plain_log_ticks(ax) -> None:
    """Plain numbers on log axes (20, 50, 100 rather than 2×10¹), ticks at 1-2-5 when the
    axis spans under 2.5 decades and at decades otherwise; no minor tick labels."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    for axis, (lo, hi) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
        if axis.get_scale() != "log":
            continue
        subs = (1.0, 2.0, 5.0) if math.log10(hi / lo) < 2.5 else (1.0,)
        axis.set_major_locator(LogLocator(base=10, subs=subs))
        axis.set_major_formatter(FuncFormatter(_tick))
        axis.set_minor_formatter(NullFormatter())
