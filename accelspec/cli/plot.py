"""``accelspec plot``: draw one chart of :mod:`accelspec.plots` to a PNG, SVG or PDF file.

The output format follows the file's suffix; the figure is 9 × 6 inches at 150 dpi, saved with a tight
bounding box and closed. Warnings (chips skipped for missing data) are printed to stderr as
``accelspec plot: warning: ...`` rather than with a Python source location.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

from .common import UsageError, _add_selection, _catalog, _select

FORMATS = (".png", ".svg", ".pdf")
FIGSIZE = (9, 6)
DPI = 150


def _usage(message: str):
    return UsageError(message)


def _output(path: str) -> Path:
    out = Path(path)
    if out.suffix.lower() not in FORMATS:
        raise _usage(f"unknown output format {out.suffix or '(none)'!r} for {path!r}; use one of {', '.join(FORMATS)}")
    if not out.parent.is_dir():
        raise _usage(f"cannot write {path!r}: folder {str(out.parent)!r} does not exist")
    return out


def _check(args) -> None:
    """Options each chart needs, checked before any drawing."""
    if args.chart == "scatter" and (not args.x or not args.y):
        raise _usage("scatter needs -x and -y (fields or metrics; see `accelspec metrics`)")
    if args.chart in ("bar", "timeline") and not args.metric:
        raise _usage(f"{args.chart} needs --metric (a field or metric; see `accelspec metrics`)")


def _draw(args, entries, catalog, ax) -> str:
    """Draw the chart on ``ax``; return its default title."""
    from .. import metrics, plots

    chart, cap = args.chart, args.caption
    if chart == "perf-per-watt":
        plots.perf_per_watt(entries, args.precision, ax=ax, catalog=catalog, caption=cap)
        return f"{metrics.precision(args.precision).upper()} dense peak against power"
    if chart == "scatter":
        plots.scatter(entries, x=args.x, y=args.y, ax=ax, catalog=catalog, caption=cap)
        return f"{plots._metric_label(args.y)} against {plots._metric_label(args.x)}"
    if chart == "bar":
        plots.bar(entries, args.metric, baseline=args.baseline, ax=ax, catalog=catalog, caption=cap)
        against = f", against {catalog.get(args.baseline).name}" if args.baseline else ""
        return plots._metric_label(args.metric) + against
    if chart == "roofline":
        plots.roofline(entries, args.precision, ax=ax, catalog=catalog, caption=cap)
        return f"Roofline, {metrics.precision(args.precision).upper()} dense"
    if chart == "timeline":
        plots.timeline(entries, args.metric, date=args.date, ax=ax, catalog=catalog, caption=cap)
        return f"{plots._metric_label(args.metric)} by {args.date} date"
    plots.export_control_map(entries, ax=ax, catalog=catalog)
    return "Export-control classes (ECCN 3A090)"


def cmd_plot(args) -> int:
    return cli_run(args, _catalog(args), _select)


def cli_run(args, catalog, select) -> int:
    """Write the chart named by ``args.chart`` to ``args.output``; print 'wrote <path>' to stderr."""
    out = _output(args.output)
    _check(args)
    entries = select(catalog, args, args.chips)
    if not entries:
        raise _usage("no chips to plot; name some or loosen the selection flags")

    import matplotlib

    matplotlib.use("Agg")  # files only; never open a window from the command line
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=FIGSIZE, dpi=DPI)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            title = _draw(args, entries, catalog, ax)
        for w in caught:
            print(f"accelspec plot: warning: {w.message}", file=sys.stderr)
        ax.set_title(args.title or title)
        fig.savefig(out, dpi=DPI, bbox_inches="tight")
    finally:
        plt.close(fig)
    print(f"wrote {out}", file=sys.stderr)
    return 0


def register(sub) -> None:
    s = sub.add_parser("plot", help="draw a chart to a file (png, svg, pdf)")
    s.add_argument("chart", choices=("perf-per-watt", "scatter", "bar", "roofline", "timeline", "export-control"))
    s.add_argument("chips", nargs="*", help="chips to plot (default: the selection flags)")
    s.add_argument("-o", "--output", required=True, help="file to write; the suffix picks the format")
    s.add_argument("--precision", default="bf16")
    s.add_argument("-x", help="scatter: x field or metric")
    s.add_argument("-y", help="scatter: y field or metric")
    s.add_argument("--metric", help="bar/timeline: the field or metric")
    s.add_argument("--baseline", help="bar: a chip to draw as the reference")
    s.add_argument("--date", choices=("announced", "released"), default="announced", help="timeline: which date")
    s.add_argument("--caption", action="store_true", help="add a caption listing the sources")
    s.add_argument("--title")
    _add_selection(s)
    s.set_defaults(func=cmd_plot)
