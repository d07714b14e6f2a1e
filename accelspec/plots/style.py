"""The house style every chart shares: vendor colours, marks, fonts, legend, caption."""

from __future__ import annotations

import functools
import re
import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle

from ..model import SOURCE_KINDS, VENDOR_OR_MEASURED, Accelerator, Claim, Source
from ..names import vendor_name

if TYPE_CHECKING:  # annotations only: data imports style, not the other way round
    from .data import _Point

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
    "iluvatar": "#00acc1",
    "aws": "#37474f",
    "microsoft": "#4527a0",
    "meta": "#0866ff",
    "groq": "#f4511e",
    "cerebras": "#827717",
}
FALLBACK_COLOR = "#7f7f7f"

WEAK_KINDS = tuple(k for k in SOURCE_KINDS if k not in VENDOR_OR_MEASURED)
"""Source kinds that draw a mark hollow: every kind but vendor and measured (what ``accelspec.tables`` footnotes)."""

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
                           markeredgecolor=grey), "filled: vendor or measured figures"))
    if any(p.hollow for p in points):
        key.append((Line2D([], [], linestyle="none", marker="o", markersize=7, markerfacecolor="white",
                           markeredgecolor=grey, markeredgewidth=1.5), "hollow: a figure from an analyst, press,\ncommunity, estimate or rumour"))
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
    legend = ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0,
                       fontsize=8, frameon=False, handletextpad=0.4)
    _fit_legend(ax, legend)


def _fit_legend(ax, legend) -> None:
    """Narrow the Axes (this Axes only) until the legend beside it ends inside the figure.

    The legend sits outside the Axes on the right; on a narrow figure it would run past the
    figure's edge and be cut off wherever the figure is shown or saved without a tight box.
    Done before labels are placed, which measure the Axes as it will be drawn. The Axes keeps at
    least 60% of its width, and a figure under 6.5 inches wide is left as it is: there a legend
    cannot fit beside a usable plot (save such figures with ``bbox_inches="tight"``).
    """
    fig = ax.figure
    if fig.get_figwidth() < 6.5:
        return  # too narrow for a legend beside any usable plot: save with a tight box instead
    renderer = fig.canvas.get_renderer()
    start = ax.get_position().width
    for _ in range(3):  # the legend moves with the Axes; a second pass settles rounding
        over = legend.get_window_extent(renderer).x1 - fig.bbox.x1 + 4
        if over <= 0:
            return
        pos = ax.get_position()
        width = max(pos.width - over / fig.bbox.width, start * 0.6)  # a tiny figure keeps a usable Axes
        ax.set_position([pos.x0, pos.y0, width, pos.height])


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


_GAP_WORDS = (("not-published", "not published"), ("not-supported", "not supported"), ("not-found", "not found"),
              (None, "not yet found"))


def _skip_note(ax, points, what: tuple[str, str]):
    """'Left out: N of M chips — k without a TDP (…), j without …' under the x label, or None.

    ``points`` is what ``_metric_points`` returned; ``what`` names the x and y inputs ("a TDP",
    "a dense BF16 figure"). The image itself says how many chips are missing and why, so a chart
    read without its warning still cannot pass for complete.
    """
    missing = getattr(points, "missing", [])
    if not missing:
        return None
    total = len(points) + len(missing)
    parts = []
    for axis, name in enumerate(what):
        gaps = [g for _e, axes in missing for a, g in axes if a == axis]
        if not gaps:
            continue
        counts = [f"{gaps.count(g)} {words}" for g, words in _GAP_WORDS if gaps.count(g)]
        parts.append(f"{len(gaps)} without {name} ({', '.join(counts)})")
    text = (f"Left out: {len(missing)} of {total} chips — " + "; ".join(parts)
            + ". A chip may lack both; the warning (or `accelspec compare`) names them.")
    width_pt = ax.get_position().width * ax.figure.get_figwidth() * 72
    wrapped = textwrap.fill(text, width=max(40, int(width_pt / (_NOTE_SIZE * 0.56))), break_on_hyphens=False)
    return ax.annotate(wrapped, xy=(0.0, 0.0), xycoords=("axes fraction", ax.xaxis.label), xytext=(0, -6),
                       textcoords="offset points", ha="left", va="top", fontsize=_NOTE_SIZE, color="#8a1c1c",
                       gid="skipped-note", annotation_clip=False)


def _caption(ax, claims: Iterable[Claim], below=None) -> None:
    """'Sources: ...' under the x-axis label (or under ``below``), wrapped to the Axes' width."""
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
    ax.annotate(wrapped, xy=(0.0, 0.0), xycoords=("axes fraction", below if below is not None else ax.xaxis.label),
                xytext=(0, -6), textcoords="offset points", ha="left", va="top", fontsize=_NOTE_SIZE, color="#333333",
                gid="caption", annotation_clip=False, **_font_kw(wrapped))
