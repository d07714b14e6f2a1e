"""Axes-level charts of catalog entries, in the seaborn manner.

Every function takes ``ax=None`` (a new figure is made only then), draws on that Axes alone,
and returns it; none calls ``plt.show``, ``savefig``, or touches rcParams or styles. This is
the only module that imports matplotlib, so ``import accelspec`` stays light.

What the marks mean, the same in every chart:

* **colour** — the vendor (:data:`VENDOR_COLORS`, fixed, so a vendor keeps its colour across
  charts); an unknown vendor is grey.
* **fill** — filled when every number behind the mark comes from the vendor or a
  measurement; hollow when any of them rests on an analyst, the press, a community page, an estimate or a rumour
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

from ..catalog import Catalog
from .bar import bar
from .data import _axes, _metric_label, _resolve  # noqa: F401  (_metric_label: used by the plot command)
from .efficiency import perf_per_watt, scatter
from .labels import _place_labels  # noqa: F401  (the export-control map places labels with it)
from .measured import measured_vs_peak
from .roofline import roofline
from .serving import serving_curve
from .style import (
    FALLBACK_COLOR,
    STATUS_MARKERS,
    VENDOR_COLORS,
    WEAK_KINDS,
    vendor_color,
)
from .timeline import timeline


def export_control_map(chips=None, *, ax=None, catalog: Catalog | None = None, label: bool = True):
    """The export-control map (TPP against performance density with the ECCN 3A090 regions).

    Drawn by :func:`accelspec.exportcontrol.plot_map`, which owns the classification rules.
    """
    from ..exportcontrol import (
        plot_map,  # imported here: exportcontrol is loaded only when used
    )

    entries = _resolve(chips, catalog)
    ax = _axes(ax)
    return plot_map(entries, ax=ax, catalog=catalog, label=label)


__all__ = ["FALLBACK_COLOR", "VENDOR_COLORS", "STATUS_MARKERS", "WEAK_KINDS", "vendor_color", "perf_per_watt", "scatter", "bar",
           "roofline", "timeline", "export_control_map", "measured_vs_peak",
           "serving_curve"]
