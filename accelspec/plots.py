"""Axes-level charts of catalog entries, in the seaborn manner.

Every function takes ``ax=None`` (a new figure is made only then), draws on that Axes alone,
and returns it; none calls ``plt.show``, ``savefig``, or touches rcParams or styles. This is
the only module that imports matplotlib, so ``import accelspec`` stays light.

What the marks mean, the same in every chart:

* **colour** — the vendor (:data:`VENDOR_COLORS`, fixed, so a vendor keeps its colour across
  charts); an unknown vendor is grey.
* **fill** — filled when every number behind the mark comes from a vendor, measured or
  secondary source; hollow when any of them is a press claim, an estimate or a rumour
  (:attr:`accelspec.metrics.Result.weakest_kind`, the rule ``accelspec.tables`` marks with a
  footnote).
* **shape** — a circle for parts that sample or ship (or did), a diamond for parts announced
  but not shipping, a triangle for rumoured parts, an X for cancelled ones.

Chips missing a needed number are left out with one warning naming all of them (and why),
never drawn at 0. Chip labels are placed by a small deterministic search so they overlap
neither each other nor any marker (see :func:`_place_labels`); they are laid out for the
Axes' size when the function runs, so resize the figure *before* plotting.

>>> import accelspec as acs
>>> ax = acs.plots.perf_per_watt(["H200", "MI300X", "B200"], precision="bf16")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import re
import textwrap
import warnings
from collections.abc import Iterable, Sequence

import matplotlib.dates as mdates
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.transforms import Bbox

from . import metrics
from .catalog import Catalog, builtin_catalog
from .model import FIELD_TYPES, SOURCE_KINDS, Accelerator, Claim, PartialDate, Source
from .names import vendor_name

# --------------------------------------------------------------------------- style

# One colour per vendor, fixed so a vendor is recognisable from chart to chart. Brand colours
# where a vendor has a well-known one (NVIDIA green, AMD red, Google blue, Intel light blue);
# the Chinese vendors get distinct hues that do not collide with those.
VENDOR_COLORS: dict[str, str] = {
    "nvidia": "#76b900",
    "amd": "#e4002b",
    "huawei": "#7b1e1e",
    "google": "#4285f4",
    "intel": "#00a3e0",
    "cambricon": "#6a3d9a",
    "kunlunxin": "#00897b",
    "mthreads": "#f57c00",
    "metax": "#c9a100",
    "biren": "#8d6e63",
    "enflame": "#d81b60",
    "hygon": "#1a237e",
    "jiangyuan": "#9e9d24",
    "thead": "#ff8a65",
    "jingjia": "#546e7a",
}
FALLBACK_COLOR = "#7f7f7f"

WEAK_KINDS = ("press", "estimate", "rumour")
"""Source kinds that draw a mark hollow (the same kinds ``accelspec.tables`` footnotes)."""

STATUS_MARKERS: dict[str, str] = {
    "sampling": "o", "shipping": "o", "discontinued": "o",
    "announced": "D", "rumoured": "^", "cancelled": "X",
}
_MARKER_MEANING = {
    "o": "sampling, shipping or discontinued",
    "D": "announced, not yet shipping",
    "^": "rumoured, not announced",
    "X": "cancelled",
}

_POINT_SIZE = 64.0      # marker area in points² (an 8 pt circle)
_LABEL_SIZE = 8.0       # chip label font size
_NOTE_SIZE = 7.0        # iso-line labels, caption
_LOG_SPREAD = 20.0      # an axis goes logarithmic when max / min exceeds this
_CHIP_LEVELS = ("die", "package", "card", "superchip")


def vendor_color(vendor: str) -> str:
    """The fixed colour of ``vendor`` (grey for a vendor without one)."""
    return VENDOR_COLORS.get(vendor, FALLBACK_COLOR)


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


def _metric_points(chart: str, entries, x_of, y_of) -> list[_Point]:
    """Points from two Result-returning functions; chips with a missing value are skipped."""
    points, skipped = [], []
    for e in entries:
        rx, ry = x_of(e), y_of(e)
        reasons = [r.reason for r in (rx, ry) if r.missing]
        if reasons:
            skipped.append((e, ", ".join(dict.fromkeys(reasons))))
            continue
        points.append(_Point(e, rx.value, ry.value, rx.inputs + ry.inputs))
    _warn_skipped(chart, skipped, stacklevel=4)
    return points


def _metric_label(name: str) -> str:
    """A short label for a field path or metric name ('compute.bf16.dense' -> 'BF16 dense')."""
    from .tables import label

    if name in FIELD_TYPES:
        # a dotted path: use the registered field metric that reads it, for its short label
        for reg in metrics.REGISTRY.values():
            if reg.group == "field" and reg.formula == name:
                return label(reg.name)
        return name
    return label(name)


def _with_unit(text: str, unit: str) -> str:
    return text if unit in ("", "1") else f"{text} [{unit}]"


# --------------------------------------------------------------------------- text and fonts

_CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uf900-\ufaff\uff00-\uffef]")
_CJK_FONTS = (
    "Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK JP", "Noto Sans SC", "Noto Sans TC",
    "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
    "Microsoft YaHei", "SimHei", "PingFang SC", "Hiragino Sans GB", "Heiti SC", "Droid Sans Fallback",
    "AR PL UMing CN", "Arial Unicode MS",
)


@functools.lru_cache(maxsize=1)
def _cjk_font() -> str | None:
    """An installed font family with Chinese glyphs, or None (then CJK text is avoided)."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((f for f in _CJK_FONTS if f in installed), None)


def _font_kw(text: str) -> dict:
    """Text keywords that render ``text``: a CJK fallback family only where it is needed."""
    if _CJK.search(text) and _cjk_font():
        return {"fontfamily": ["sans-serif", _cjk_font()]}
    return {}


def _display_name(e: Accelerator) -> str:
    """The entry's display name; without a CJK font, its first alias needing none, else its id.

    An alias that starts with the vendor's name is preferred: "Cambricon 思元590" is drawn as
    its alias "Cambricon MLU590" on a machine with no Chinese font, rather than as empty boxes.
    """
    if not _CJK.search(e.name) or _cjk_font():
        return e.name
    latin = [a for a in e.aliases if not _CJK.search(a)]
    with_vendor = [a for a in latin if a.startswith(vendor_name(e.vendor) + " ")]
    return (with_vendor or latin or [e.id])[0]


def _fmt(v: float) -> str:
    """A value label with about three significant figures."""
    if v >= 100:
        return f"{v:,.0f}"
    if v >= 10:
        return f"{v:.1f}"
    if v >= 1:
        return f"{v:.2f}"
    return f"{v:.3g}"


# --------------------------------------------------------------------------- scales


def _scale(values: Sequence[float]) -> str:
    """'log' when the values span more than a factor of 20, else 'linear'."""
    lo, hi = min(values), max(values)
    return "log" if lo > 0 and hi / lo > _LOG_SPREAD else "linear"


def _limits(values: Sequence[float], scale: str, *, zero: bool = False) -> tuple[float, float]:
    """Axis limits with room around the data for markers and labels.

    Log axes pad by a factor (at least 1.5); linear axes by 10% of the range, from 0 when
    ``zero`` (a ratio chart reads right only from the origin).
    """
    lo, hi = min(values), max(values)
    if scale == "log":
        pad = max(1.5, (hi / lo) ** 0.08)
        return lo / pad, hi * pad
    if zero:
        return 0.0, hi * 1.12
    span = hi - lo or abs(hi) or 1.0
    low = lo - 0.1 * span
    return (max(0.0, low) if lo >= 0 else low), hi + 0.1 * span  # no negative room for positive data


def _apply_scales(ax, points: Sequence[_Point], *, zero: bool = False) -> None:
    xs, ys = [p.x for p in points], [p.y for p in points]
    xscale, yscale = _scale(xs), _scale(ys)
    ax.set_xscale(xscale)
    ax.set_yscale(yscale)
    ax.set_xlim(*_limits(xs, xscale, zero=zero))
    ax.set_ylim(*_limits(ys, yscale, zero=zero))
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


# --------------------------------------------------------------------------- marks


def _marker_path(marker: str):
    m = MarkerStyle(marker)
    return m.get_path().transformed(m.get_transform())


def _draw_points(ax, points: Sequence[_Point], xs=None, gid: str = "chips"):
    """One PathCollection for all chips: vendor colour, fill by source kind, shape by status.

    Offsets are the data positions in input order (``xs`` overrides x, e.g. date numbers).
    """
    xs = [p.x for p in points] if xs is None else list(xs)
    faces = ["white" if p.hollow else p.color for p in points]
    edges = [p.color for p in points]
    coll = ax.scatter(xs, [p.y for p in points], s=_POINT_SIZE, marker="o", facecolors=faces,
                      edgecolors=edges, linewidths=1.5, zorder=3)
    coll.set_paths([_marker_path(p.marker) for p in points])  # per-point shape by status
    coll.set_gid(gid)
    return coll


def _legend(ax, points: Sequence[_Point], extra: Sequence[tuple] = ()) -> None:
    """One legend outside the Axes: vendors, then what fill and shape mean (only those used)."""
    handles, labels = [], []
    vendors = list(dict.fromkeys(p.entry.vendor for p in points))
    for v in vendors:
        c = vendor_color(v)
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=7, markerfacecolor=c, markeredgecolor=c))
        labels.append(vendor_name(v))
    key: list[tuple] = []
    grey = "#555555"
    if any(not p.hollow for p in points):
        key.append((Line2D([], [], linestyle="none", marker="o", markersize=7, markerfacecolor=grey,
                           markeredgecolor=grey), "filled: vendor, measured or secondary figures"))
    if any(p.hollow for p in points):
        key.append((Line2D([], [], linestyle="none", marker="o", markersize=7, markerfacecolor="white",
                           markeredgecolor=grey, markeredgewidth=1.5), "hollow: a press, estimate or rumour figure"))
    shapes = list(dict.fromkeys(p.marker for p in points))
    if shapes != ["o"]:
        for m in [s for s in _MARKER_MEANING if s in shapes]:
            key.append((Line2D([], [], linestyle="none", marker=m, markersize=7, markerfacecolor="#bdbdbd",
                               markeredgecolor="#bdbdbd"), _MARKER_MEANING[m]))
    key.extend(extra)
    if key:
        handles.append(Line2D([], [], linestyle="none"))
        labels.append("")
        for h, lab in key:
            handles.append(h)
            labels.append(lab)
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0,
              fontsize=8, frameon=False, handletextpad=0.4)


# --------------------------------------------------------------------------- caption


def _cite_short(s: Source) -> str:
    """'NVIDIA H200 datasheet' for a vendor document; 'publisher date (kind)' otherwise.

    A citation needing a CJK font that is not installed falls back to the source id
    (which carries the outlet and date in ASCII), so the caption never shows empty boxes.
    """
    if s.kind == "vendor":
        text = s.title
    else:
        who = s.publisher or s.title
        text = f"{who} {s.date} ({s.kind})" if s.date else f"{who} ({s.kind})"
    if _CJK.search(text) and not _cjk_font():
        text = f"{s.id} ({s.kind})"
    return text


def _caption(ax, claims: Iterable[Claim]) -> None:
    """'Sources: ...' under the x-axis label, wrapped to the Axes' width."""
    seen: dict[str, Source] = {}
    for c in claims:
        seen.setdefault(c.source.id, c.source)
    if not seen:
        return
    cites = dict.fromkeys(_cite_short(s) for s in seen.values())  # two sources may cite alike
    text = "Sources: " + "; ".join(cites) + "."
    fig = ax.figure
    width_pt = ax.get_position().width * fig.get_figwidth() * 72
    chars = max(40, int(width_pt / (_NOTE_SIZE * 0.56)))
    wrapped = textwrap.fill(text, width=chars, break_on_hyphens=False)
    # anchored to the x label's bottom edge, so it sits under whatever the label's height is
    ax.annotate(wrapped, xy=(0.0, 0.0), xycoords=("axes fraction", ax.xaxis.label), xytext=(0, -6),
                textcoords="offset points", ha="left", va="top", fontsize=_NOTE_SIZE, color="#333333",
                gid="caption", annotation_clip=False, **_font_kw(wrapped))


# --------------------------------------------------------------------------- label placement

# Directions tried around a point, in a fixed order: right, upper right, lower right, up,
# down, left, upper left, lower left. Each gives the text alignment that keeps the text on
# that side of its anchor.
_DIRECTIONS = ((1, 0), (1, 1), (1, -1), (0, 1), (0, -1), (-1, 0), (-1, 1), (-1, -1))
_RADII = (3.0, 9.0, 17.0, 28.0, 40.0, 54.0)   # points beyond the marker's edge
_LEADER_FROM = 1                  # index in _RADII from which a leader line joins label and point
_LABEL_BOX = dict(boxstyle="square,pad=0.1", facecolor="white", edgecolor="none", alpha=0.75)


def _renderer(fig):
    get = getattr(fig.canvas, "get_renderer", None)
    return get() if get is not None else fig._get_renderer()


def _marker_boxes(ax, xy_data: Sequence[tuple[float, float]], size_pt2: float = _POINT_SIZE) -> np.ndarray:
    """Display-space boxes (x0, y0, x1, y1) around markers, with a 1.5 px margin."""
    if not len(xy_data):
        return np.zeros((0, 4))
    r = math.sqrt(size_pt2) / 2 * ax.figure.dpi / 72 + 1.5
    pts = ax.transData.transform(np.asarray(xy_data, dtype=float))
    return np.column_stack([pts[:, 0] - r, pts[:, 1] - r, pts[:, 0] + r, pts[:, 1] + r])


def _boxes(bbs: Iterable[Bbox]) -> np.ndarray:
    arr = [[b.x0, b.y0, b.x1, b.y1] for b in bbs]
    return np.asarray(arr, dtype=float).reshape(-1, 4)


def _overlap(a: Bbox, b: Bbox) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def _overlap_sum(bb: Bbox, boxes: np.ndarray) -> float:
    """Total area of ``bb`` covered by the (N, 4) ``boxes`` (counted per box)."""
    if not len(boxes):
        return 0.0
    w = np.minimum(bb.x1, boxes[:, 2]) - np.maximum(bb.x0, boxes[:, 0])
    h = np.minimum(bb.y1, boxes[:, 3]) - np.maximum(bb.y0, boxes[:, 1])
    return float(np.sum(np.clip(w, 0, None) * np.clip(h, 0, None)))


def _outside(a: Bbox, frame: Bbox) -> float:
    """How much of ``a`` lies outside ``frame`` (area), 0 when fully inside."""
    return a.width * a.height - _overlap(a, frame)


def _line_boxes(ax, gids: Sequence[str]) -> np.ndarray:
    """Small boxes every few pixels along the lines with these gid prefixes (soft obstacles)."""
    out = []
    for line in ax.get_lines():
        gid = line.get_gid() or ""
        if not any(gid.startswith(g) for g in gids):
            continue
        pts = ax.transData.transform(np.column_stack([line.get_xdata(), line.get_ydata()]).astype(float))
        for (xa, ya), (xb, yb) in zip(pts[:-1], pts[1:]):
            n = max(1, int(math.hypot(xb - xa, yb - ya) / 4))
            for t in np.linspace(0, 1, n + 1):
                out.append((xa + t * (xb - xa) - 1.5, ya + t * (yb - ya) - 1.5,
                            xa + t * (xb - xa) + 1.5, ya + t * (yb - ya) + 1.5))
    return np.asarray(out, dtype=float).reshape(-1, 4)


def _offset(ri: int, d: tuple[int, int]) -> tuple[float, float]:
    r = (math.sqrt(_POINT_SIZE) / 2 + _RADII[ri]) * (0.75 if d[0] and d[1] else 1.0)
    return d[0] * r, d[1] * r


def _set_candidate(ann, ri: int, d: tuple[int, int]) -> None:
    ann.xyann = _offset(ri, d)
    ann.set_ha({1: "left", 0: "center", -1: "right"}[d[0]])
    ann.set_va({1: "bottom", 0: "center", -1: "top"}[d[1]])


def _nearest_is_own(bb: Bbox, centers: np.ndarray, i: int, margin: float = 4.0) -> bool:
    """Whether point ``i`` is nearer the box ``bb`` than every other point, by ``margin`` px."""
    dx = np.maximum(np.maximum(bb.x0 - centers[:, 0], centers[:, 0] - bb.x1), 0)
    dy = np.maximum(np.maximum(bb.y0 - centers[:, 1], centers[:, 1] - bb.y1), 0)
    dist = np.hypot(dx, dy)
    others = np.delete(dist, i)
    return not others.size or dist[i] + margin < others.min()


def _leader_samples(center: np.ndarray, offset_pt: tuple[float, float], px_per_pt: float, n: int = 24) -> np.ndarray:
    """Points along a leader line from a marker centre to its label anchor (display pixels)."""
    end = center + np.asarray(offset_pt) * px_per_pt
    t = np.linspace(0.15, 0.85, n)[:, None]  # the ends sit inside the marker and the label itself
    return center + t * (end - center)


def _points_in_boxes(points: np.ndarray, boxes: np.ndarray) -> bool:
    if not len(points) or not len(boxes):
        return False
    inside = ((points[:, None, 0] >= boxes[None, :, 0]) & (points[:, None, 0] <= boxes[None, :, 2])
              & (points[:, None, 1] >= boxes[None, :, 1]) & (points[:, None, 1] <= boxes[None, :, 3]))
    return bool(inside.any())


def _place_labels(ax, items: Sequence[tuple[float, float, str]], obstacles: Sequence[Bbox] = (),
                  soft: np.ndarray | None = None) -> list:
    """Label each (x, y, text) so labels overlap no other label, marker or obstacle.

    Deterministic: points are labelled most-crowded first (ties by text). For each, the
    candidate offsets of one ring (``_RADII``) are tried in the fixed order of
    ``_DIRECTIONS``; a candidate is clear when its text box (measured with the renderer) lies
    inside the Axes and overlaps no placed label, no marker and no obstacle. The nearest ring
    with a clear candidate wins, and within it the candidate crossing the fewest ``soft``
    obstacles (line samples), then the first in order. With no clear candidate at all, the one
    with the least overlap is used. Labels from the second ring out get a thin leader line.
    Returns the label Annotations (gid ``chip-label``), in the order of ``items``.
    """
    if not items:
        return []
    renderer = _renderer(ax.figure)
    frame = ax.get_window_extent(renderer)
    marks = _marker_boxes(ax, [(x, y) for x, y, _ in items])
    soft = np.zeros((0, 4)) if soft is None else soft
    centers = (marks[:, :2] + marks[:, 2:]) / 2
    # crowding: how many points lie within 60 px; the most crowded are labelled first
    dists = np.hypot(centers[:, None, 0] - centers[None, :, 0], centers[:, None, 1] - centers[None, :, 1])
    crowd = (dists < 60).sum(axis=1)
    order = sorted(range(len(items)), key=lambda i: (-crowd[i], items[i][2]))
    hard = np.vstack([marks, _boxes(obstacles)])
    placed = np.zeros((0, 4))  # label boxes placed so far: a leader line may not cross them
    px_per_pt = ax.figure.dpi / 72.0
    labels: list = [None] * len(items)
    for i in order:
        x, y, text = items[i]
        ann = ax.annotate(text, xy=(x, y), xytext=(0, 0), textcoords="offset points", fontsize=_LABEL_SIZE,
                          gid="chip-label", zorder=4, bbox=_LABEL_BOX, **_font_kw(text))
        chosen, fallback = None, None
        for ri in range(len(_RADII)):
            ring = []
            for d in _DIRECTIONS:
                _set_candidate(ann, ri, d)
                bb = ann.get_window_extent(renderer).padded(1.0)
                cost = _outside(bb, frame) * 10 + _overlap_sum(bb, hard)
                # a label must read as its own point's: nearer to it than to any other point
                # (else "Ascend 910C" under an NVIDIA dot reads as that dot's name)
                # Both rules disqualify a candidate from being "clear"; in a fallback they weigh less
                # than any overlap, since a fallback label always gets a leader line to its point.
                if not _nearest_is_own(bb, centers, i):
                    cost += 0.5
                leader = _leader_samples(centers[i], _offset(ri, d), px_per_pt) if ri >= _LEADER_FROM else np.zeros((0, 2))
                if _points_in_boxes(leader, placed):
                    cost += 0.5
                if cost == 0:
                    ring.append((_overlap_sum(bb, soft), len(ring), ri, d, bb))
                elif fallback is None or cost < fallback[0]:
                    fallback = (cost, 0, ri, d, bb)
            if ring:
                chosen = min(ring)
                break
        _c, _n, ri, d, bb = chosen or fallback
        needs_leader = ri >= _LEADER_FROM or chosen is None  # a compromise placement names its point
        _set_candidate(ann, ri, d)
        hard = np.vstack([hard, _boxes([bb])])
        placed = np.vstack([placed, _boxes([bb])])
        labels[i] = ann
        if needs_leader:
            # the leader line itself becomes an obstacle, so no later label sits across it
            pts = _leader_samples(centers[i], _offset(ri, d), px_per_pt)
            hard = np.vstack([hard, np.column_stack([pts - 1.5, pts + 1.5])])
            ax.annotate("", xy=(x, y), xytext=_offset(ri, d), textcoords="offset points",
                        arrowprops=dict(arrowstyle="-", color="#888888", lw=0.6, shrinkA=0,
                                        shrinkB=math.sqrt(_POINT_SIZE) / 2 + 1),
                        gid="leader", zorder=2)
    return labels


def _merged_items(ax, points: Sequence[_Point], xs) -> list[tuple[float, float, str]]:
    """One label per spot: chips drawn within 2 px of each other share a label 'A / B'.

    Later names drop a leading word they share with the first ('NVIDIA H100 SXM5 / H200 SXM').
    """
    disp = ax.transData.transform(np.column_stack([xs, [p.y for p in points]]).astype(float))
    groups: list[list[int]] = []
    for i in range(len(points)):
        for g in groups:
            if math.hypot(*(disp[g[0]] - disp[i])) < 2.0:
                g.append(i)
                break
        else:
            groups.append([i])
    items = []
    for g in groups:
        names = [_display_name(points[i].entry) for i in g]
        first = names[0].split(" ", 1)[0]
        rest = [n.split(" ", 1)[1] if n.startswith(first + " ") and " " in n else n for n in names[1:]]
        items.append((xs[g[0]], points[g[0]].y, " / ".join([names[0]] + rest)))
    return items


def _label_points(ax, points: Sequence[_Point], xs=None, obstacles: Sequence[Bbox] = (),
                  lines: Sequence[str] = ()) -> list:
    xs = [p.x for p in points] if xs is None else list(xs)
    return _place_labels(ax, _merged_items(ax, points, xs), obstacles, soft=_line_boxes(ax, lines))


def _text_boxes(ax, texts) -> list[Bbox]:
    renderer = _renderer(ax.figure)
    return [t.get_window_extent(renderer).padded(1.0) for t in texts]


def _no_data(ax, what: str):
    ax.text(0.5, 0.5, f"no chip has {what}", transform=ax.transAxes, ha="center", va="center", color="#666666")
    return ax


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


def _iso_lines(ax, levels: Sequence[float], unit: str) -> list:
    """Draw y = k·x for each level over the visible box; label each where it leaves the box."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    xlog = ax.get_xscale() == "log"
    texts = []
    renderer = _renderer(ax.figure)
    taken: list[Bbox] = []
    for k in levels:
        a, b = max(x0, y0 / k, 1e-12), min(x1, y1 / k)
        if a >= b:
            continue  # the line misses the visible box
        xs = np.geomspace(a, b, 200) if xlog or ax.get_yscale() == "log" else np.linspace(a, b, 200)
        ax.plot(xs, k * xs, color="#9e9e9e", lw=0.8, ls=(0, (4, 3)), zorder=1, gid="iso-efficiency")
        text = f"{k:g} {unit}"
        # label at the end of the visible segment, slid back along the line if it collides
        for frac in (1.0, 0.85, 0.7, 0.55, 0.4):
            xe = math.exp(math.log(a) + frac * (math.log(b) - math.log(a))) if a > 0 else b * frac
            t = ax.annotate(text, xy=(xe, k * xe), xytext=(-3, -3), textcoords="offset points", ha="right",
                            va="top", fontsize=_NOTE_SIZE, color="#757575", style="italic", gid="iso-label",
                            zorder=2, bbox=_LABEL_BOX)
            bb = t.get_window_extent(renderer)
            if not any(_overlap(bb, o) for o in taken) or frac == 0.4:
                break
            t.remove()
        taken.append(bb)
        texts.append(t)
    return texts


def perf_per_watt(chips=None, precision: str = "bf16", *, sparse: bool = False, ax=None,
                  catalog: Catalog | None = None, caption: bool = False, label: bool = True):
    """Peak compute (y) against power (x), with iso-efficiency lines in TFLOP/s per W.

    y is ``compute.<precision>.dense`` (``sparse=True``: ``.sparse``) in TFLOP/s (TOP/s for
    integer precisions), x is ``power.tdp`` in W — each the claim shown under the pick rule
    (``catalog/README.md``). Dashed grey lines are y = k·x for k on a 1-2-5 series spanning the
    chips' efficiencies. An axis whose values span more than ×20 is logarithmic. TDP means
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
    _apply_scales(ax, points, zero=True)
    isos = _iso_lines(ax, _iso_values([pt.y / pt.x for pt in points]), f"{unit}/W")
    _legend(ax, points, extra=[(Line2D([], [], color="#9e9e9e", lw=0.8, ls=(0, (4, 3))),
                                f"iso-efficiency ({unit}/W, {slot})")])
    ax.grid(True, which="major", color="#eeeeee", lw=0.6, zorder=0)
    ax.set_axisbelow(True)
    if caption:
        _caption(ax, [c for pt in points for c in pt.claims])
    if label:
        _label_points(ax, points, obstacles=_text_boxes(ax, isos), lines=("iso-efficiency",))
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
    if caption:
        _caption(ax, [c for pt in points for c in pt.claims])
    if label:
        _label_points(ax, points)
    return ax


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
        from .tables import _decimals  # one number of decimals for every bar, as a table column has

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
        raise ValueError(f"date must be 'announced' or 'released' (got {date!r})")
    m = metrics.get_metric(metric)
    ctx = metrics.Context(catalog=catalog)
    entries = _resolve(chips, catalog)
    ax = _axes(ax)
    points, xs, spans, skipped = [], [], [], []
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


def export_control_map(chips=None, *, ax=None, catalog: Catalog | None = None, label: bool = True):
    """The export-control map (TPP against performance density with the ECCN 3A090 regions).

    Drawn by :func:`accelspec.exportcontrol.plot_map`, which owns the classification rules.
    """
    from .exportcontrol import plot_map  # imported here: exportcontrol is loaded only when used

    entries = _resolve(chips, catalog)
    ax = _axes(ax)
    return plot_map(entries, ax=ax, catalog=catalog, label=label)


__all__ = ["VENDOR_COLORS", "STATUS_MARKERS", "WEAK_KINDS", "vendor_color", "perf_per_watt", "scatter", "bar",
           "roofline", "timeline", "export_control_map"]
