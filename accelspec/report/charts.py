"""The report's charts as SVG files, drawn by :mod:`accelspec.plots` (matplotlib is imported only here)."""

from __future__ import annotations

import warnings
from pathlib import Path

FIGSIZE = (9, 6)


def _draw(name: str, entries, catalog, ax) -> None:
    from .. import plots

    if name == "perf_per_watt":
        plots.perf_per_watt(entries, "bf16", ax=ax, catalog=catalog)
    elif name == "roofline":
        plots.roofline(entries, "bf16", ax=ax, catalog=catalog)
    elif name == "timeline":
        plots.timeline(entries, "bf16_tflops", ax=ax, catalog=catalog)
    elif name == "export_control":
        plots.export_control_map(entries, ax=ax, catalog=catalog)
    elif name == "measured_vs_peak":
        # every chip with a result: the MLPerf points are measured, the peaks are the catalog's
        plots.measured_vs_peak(None if entries is None else [e.id for e in entries], ax=ax, catalog=catalog)
    else:
        raise ValueError(f"unknown chart {name!r}; valid: perf_per_watt, roofline, timeline, export_control, "
                         "measured_vs_peak")


def write_charts(folder: Path, charts, entries, catalog) -> dict[str, list[str]]:
    """Draw each of ``charts`` ((name, title) pairs) to ``folder/<name>.svg``; return each chart's warnings.

    ``entries`` None means every chip-level entry (the plots' own default). The SVG carries no date
    and a fixed hash salt, so the same catalog gives the same files.
    """
    import matplotlib

    matplotlib.use("Agg")  # files only; never a window
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    notes: dict[str, list[str]] = {}
    for name, title in charts:
        with matplotlib.rc_context({"svg.hashsalt": "accelspec-report"}):
            fig, ax = plt.subplots(figsize=FIGSIZE)
            try:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    _draw(name, entries, catalog, ax)
                notes[name] = [str(w.message) for w in caught]
                if not any(ax.get_title(loc=loc) for loc in ("left", "center", "right")):
                    ax.set_title(title)  # a chart that names its own round (MLPerf) keeps its title
                fig.savefig(folder / f"{name}.svg", format="svg", bbox_inches="tight", metadata={"Date": None})
            finally:
                plt.close(fig)
    return notes
