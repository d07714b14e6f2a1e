"""The export-control map: TPP against performance density, with the ECCN 3A090 regions shaded.

The regions and the January 2026 line are the thresholds of :mod:`accelspec.exportcontrol`
(88 FR 73458; 91 FR 1684), which also decides where each chip sits. The chips are drawn the
way every chart of :mod:`accelspec.plots` draws them: colour by vendor
(:data:`accelspec.plots.VENDOR_COLORS`), shape by status, hollow when the TPP or the die area
rests on a press claim, an estimate or a rumour, labels placed by
:func:`accelspec.plots._place_labels` so they overlap neither each other, a marker, a region
label, nor the Axes' edge, and a vendor legend outside the Axes.

matplotlib (and :mod:`accelspec.plots`, which imports it) is imported inside :func:`plot_map`
only, so importing this module, or :mod:`accelspec.exportcontrol`, stays light.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

from attrs import frozen

from .. import metrics
from ..model import SOURCE_KINDS, Accelerator, Claim
from .classify import classify
from .inputs import _die_area
from .result import Classification
from .thresholds import PD_A2, PD_B1, PD_B2, TPP_2026, TPP_A1, TPP_A2, TPP_B1

REGION_COLORS = {"3A090.a.1": "#d62728", "3A090.a.2": "#ff7f0e", "3A090.b.1": "#1f77b4", "3A090.b.2": "#2ca02c"}
TPP_2026_COLOR = "0.3"
TPP_2026_TEXT = " Jan 2026: TPP 21,000\n (China review limit)"


@frozen
class _Unlisted:
    """Stands in for a catalog entry for a chip given as numbers (``Inputs``, or a
    ``Classification`` whose id is not in the catalog): grey, in the legend as 'hypothetical'."""

    name: str
    id: str | None = None
    vendor: str = "hypothetical"
    status: str | None = None
    aliases: tuple[str, ...] = ()


def _context(catalog) -> metrics.Context:
    # the same context classify() builds for itself, made once for the whole chart
    return metrics.Context(catalog=catalog) if catalog is not None else metrics.DEFAULT


def _entry_of(x: Any, ctx: metrics.Context) -> Accelerator | None:
    """The catalog entry behind ``x`` (an entry, a name, or numbers carrying a catalog id)."""
    if isinstance(x, Accelerator):
        return x
    if isinstance(x, str):
        return ctx.cat().get(x)  # raises with suggestions, as classify() would
    cid = getattr(x, "id", None)
    if cid is not None:
        try:
            return ctx.cat().get(cid)
        except KeyError:
            return None
    return None


def _tpp_claims(c: Classification, entry: Accelerator, ctx: metrics.Context) -> tuple[Claim, ...]:
    """The dense claims that set the TPP.

    Where precisions tie (the H100: FP8 × 8 = BF16 × 16) any one of them alone sets the TPP,
    so the best-sourced one is taken (its :attr:`~accelspec.metrics.Result.weakest_kind`).
    """
    tied = [p for p, v in c.tpp_by_precision.items() if v == c.tpp]
    found = [r for r in (metrics.field(entry, f"compute.{p}.dense", metrics.compute_unit(p), ctx) for p in tied)
             if not r.missing]
    if not found:
        return ()
    return min(found, key=lambda r: SOURCE_KINDS.index(r.weakest_kind) if r.weakest_kind else -1).inputs


def _mark_claims(c: Classification, entry: Accelerator | None, ctx: metrics.Context) -> tuple[Claim, ...]:
    """The claims a chip's position rests on: those setting its TPP and its die area.

    Figures given as numbers (a hypothetical chip, ``--die-area``) have no claim, so they
    neither hollow nor fill a mark on their own.
    """
    if entry is None:
        return ()
    claims = _tpp_claims(c, entry, ctx) if c.tpp_precision in c.tpp_by_precision else ()
    if c.die_area_kind in SOURCE_KINDS:  # not "given": the area came from the catalog
        claims += _die_area(entry, ctx)[3]
    return claims


def _regions(x_hi: float, y_lo: float, y_hi: float) -> list[tuple]:
    """(name, x0, x1, y0, y1, label x, label y) for each 3A090 class (88 FR 73458).

    b.2 overlaps b.1 (both hold for 2,400 ≤ TPP < 4,800 and 3.2 ≤ PD < 5.92), so b.2's label
    sits in the part only b.2 covers (1,600 ≤ TPP < 2,400) and b.1's in the part only b.1
    covers (PD < 3.2).
    """
    return [
        ("3A090.a.1", TPP_A1, x_hi, y_lo, y_hi, math.sqrt(TPP_A1 * TPP_2026), y_lo * 1.25),
        ("3A090.a.2", TPP_A2, TPP_A1, PD_A2, y_hi, math.sqrt(TPP_A2 * TPP_A1), math.sqrt(PD_A2 * y_hi)),
        ("3A090.b.1", TPP_B1, TPP_A1, PD_B1, PD_A2, math.sqrt(TPP_B1 * TPP_A1), math.sqrt(PD_B1 * PD_B2)),
        ("3A090.b.2", TPP_A2, TPP_A1, PD_B2, PD_A2, math.sqrt(TPP_A2 * TPP_B1), math.sqrt(PD_B2 * PD_A2)),
    ]


def plot_map(entries, ax=None, *, catalog=None, label=True):
    """TPP against performance density on log axes, with the 3A090 regions shaded (88 FR 73458).

    Regions: a.1 (TPP ≥ 4,800), a.2 (TPP ≥ 1,600, PD ≥ 5.92), b.1 (2,400 ≤ TPP < 4,800,
    1.6 ≤ PD < 5.92), b.2 (1,600 ≤ TPP < 4,800, 3.2 ≤ PD < 5.92; it overlaps b.1). The dashed
    line is the January 2026 TPP limit of 21,000 (91 FR 1684). ``entries`` are catalog
    entries, names, ``Inputs`` or ``Classification`` objects. Chips without a TPP or a die
    area are skipped with one warning naming them.

    Marks follow :mod:`accelspec.plots`: vendor colour, status shape, hollow when the claims
    setting the TPP or the die area include a press, estimate or rumour source. Draws only on
    ``ax`` (a new 9 × 6 in figure only when ``ax`` is None) and returns it; the chips are one
    PathCollection (gid ``chips``) whose offsets are (TPP, PD) in input order.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    from ..plots import data as plots_data  # matplotlib: only here
    from ..plots import labels as plots_labels
    from ..plots import style as plots_style

    ctx = _context(catalog)
    chips = []
    for x in entries:
        entry = _entry_of(x, ctx)
        c = x if isinstance(x, Classification) else classify(x, ctx=ctx)
        chips.append((c, entry))
    placed = [(c, e) for c, e in chips if c.tpp is not None and c.performance_density is not None]
    skipped = [c.name or "hypothetical chip" for c, _e in chips if c.tpp is None or c.performance_density is None]
    if skipped:
        warnings.warn(f"export-control map: {len(skipped)} chip(s) without a TPP or a die area were skipped: "
                      f"{', '.join(skipped)}", stacklevel=2)
    ax = plots_data._axes(ax)
    points = [plots_data._Point(e if e is not None else _Unlisted(c.name or "hypothetical chip", c.id),
                           c.tpp, c.performance_density, _mark_claims(c, e, ctx)) for c, e in placed]
    xs = [p.x for p in points]
    ys = [p.y for p in points]
    # room around the thresholds (1,600-21,000 and 1.6-5.92) even with few chips, and around the chips
    x_lo, x_hi = min([800.0] + [x / 1.5 for x in xs]), max([40000.0] + [x * 1.5 for x in xs])
    y_lo, y_hi = min([0.8] + [y / 1.5 for y in ys]), max([40.0] + [y * 1.5 for y in ys])
    ax.set_xscale("log")
    ax.set_yscale("log")

    notes = []
    for name, x0, x1, y0, y1, tx, ty in _regions(x_hi, y_lo, y_hi):
        colour = REGION_COLORS[name]
        ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor=colour, edgecolor=colour, alpha=0.15,
                               linewidth=0.8, label=name, zorder=0))
        notes.append(ax.text(tx, ty, name, ha="center", va="center", fontsize=8, color=colour, fontweight="bold",
                             zorder=1))
    ax.axvline(TPP_2026, color=TPP_2026_COLOR, linestyle="--", linewidth=1, zorder=1, label="Jan 2026: TPP 21,000")
    notes.append(ax.text(TPP_2026, y_hi, TPP_2026_TEXT, ha="left", va="top", fontsize=plots_style._NOTE_SIZE,
                         color=TPP_2026_COLOR))

    plots_style._draw_points(ax, points)
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)
    plots_data._plain_log_ticks(ax)
    ax.set_xlabel("TPP (dense TOPS × bit length, highest precision)")
    ax.set_ylabel("Performance density (TPP per mm² of die area)")
    ax.grid(True, which="major", color="#eeeeee", lw=0.6)
    ax.set_axisbelow(True)
    plots_style._legend(ax, points, extra=[(Line2D([], [], color=TPP_2026_COLOR, ls="--", lw=1),
                                      "Jan 2026 China review limit: TPP 21,000")])
    if label and points:
        # labels keep clear of the region names and the 2026 note; the 2026 line is not an obstacle:
        # steering labels off it put them beside the wrong marker (tried on the shipped catalog)
        items = plots_labels._merged_items(ax, points, xs)
        plots_labels._place_labels(ax, items, obstacles=plots_labels._text_boxes(ax, notes))
    return ax


__all__ = ["plot_map", "REGION_COLORS"]
