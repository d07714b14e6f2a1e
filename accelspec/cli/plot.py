"""``accelspec plot``: draw one chart of :mod:`accelspec.plots` to a PNG, SVG or PDF file.

The output format follows the file's suffix; the figure is 9 × 6 inches at 150 dpi, saved with a tight
bounding box and closed. Warnings (chips skipped for missing data) are printed to stderr as
``accelspec plot: warning: ...`` rather than with a Python source location.
"""

from __future__ import annotations

import argparse
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


# charts that are not a selection of catalog entries: their inputs are results or a model and hardware
_NOT_SELECTIONS = ("measured-vs-peak", "serving")


def _check(args) -> None:
    """Options each chart needs, checked before any drawing."""
    if args.chart == "serving":
        if not args.model or not args.on:
            raise _usage("serving needs --model and at least one --on, e.g. --model DeepSeek-V3 --on 8xH20 "
                         "--on 16x'Ascend 910B2'")
        if args.chips:
            raise _usage(f"serving takes no chip names (got {' '.join(args.chips)!r}); name the hardware with --on")
    elif args.model or args.on:
        raise _usage(f"--model and --on belong to the serving chart, not {args.chart}")
    if args.chart != "measured-vs-peak" and (args.benchmark or args.scenario or args.round):
        raise _usage(f"--benchmark, --scenario and --round belong to the measured-vs-peak chart, not {args.chart}")
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
    if chart == "measured-vs-peak":
        names = [e.id for e in entries] if args.chips else None
        benchmark, scenario = args.benchmark or "llama2-70b-99", args.scenario or "Offline"
        plots.measured_vs_peak(names, benchmark, scenario, version=args.round, ax=ax, catalog=catalog)
        return ""  # the chart titles itself with the round it found
    if chart == "serving":
        from .serve import _batches

        batches = _batches(args.batch) if args.batch else None
        plots.serving_curve([(args.model, on) for on in args.on], batches=batches, x=args.x_axis, ax=ax,
                            catalog=catalog)
        return f"{args.model}: estimated tokens/s per chip against " + ("tokens/s per user" if args.x_axis == "user"
                                                                        else "TPOT")
    plots.export_control_map(entries, ax=ax, catalog=catalog)
    return "Export-control classes (ECCN 3A090)"


def cmd_plot(args) -> int:
    return cli_run(args, _catalog(args), _select)


def cli_run(args, catalog, select) -> int:
    """Write the chart named by ``args.chart`` to ``args.output``; print 'wrote <path>' to stderr."""
    out = _output(args.output)
    _check(args)
    selection = args.chart not in _NOT_SELECTIONS
    entries = select(catalog, args, args.chips) if selection or args.chips else []
    if selection and not entries:
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
        if args.title or title:
            ax.set_title(args.title or title, loc="left" if args.chart == "measured-vs-peak" else "center")
        fig.savefig(out, dpi=DPI, bbox_inches="tight")
    finally:
        plt.close(fig)
    print(f"wrote {out}", file=sys.stderr)
    return 0


def register(sub) -> None:
    s = sub.add_parser("plot", help="draw a chart to a file (png, svg, pdf)",
                       epilog="examples: accelspec plot perf-per-watt -o ppw.png --status shipping --market datacenter\n"
                              "          accelspec plot measured-vs-peak -o mlperf.png --benchmark llama2-70b-99\n"
                              "          accelspec plot serving -o serve.png --model DeepSeek-V3 --on 8xH20 "
                              "--on 16x'Ascend 910B2'",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    s.add_argument("chart", choices=("perf-per-watt", "scatter", "bar", "roofline", "timeline", "export-control",
                                     "measured-vs-peak", "serving"))
    s.add_argument("chips", nargs="*", help="chips to plot (default: the selection flags)")
    s.add_argument("-o", "--output", required=True, help="file to write; the suffix picks the format")
    s.add_argument("--precision", default="bf16")
    s.add_argument("-x", help="scatter: x field or metric")
    s.add_argument("-y", help="scatter: y field or metric")
    s.add_argument("--metric", help="bar/timeline: the field or metric")
    s.add_argument("--baseline", help="bar: a chip to draw as the reference")
    s.add_argument("--date", choices=("announced", "released"), default="announced", help="timeline: which date")
    s.add_argument("--benchmark", help="measured-vs-peak: MLPerf benchmark (default llama2-70b-99)")
    s.add_argument("--scenario", help="measured-vs-peak: MLPerf scenario (default Offline)")
    s.add_argument("--round", help="measured-vs-peak: MLPerf round such as v5.1 (default: the newest with results)")
    s.add_argument("--model", help="serving: a model id, name or alias (DeepSeek-V3, llama-3-1-70b)")
    s.add_argument("--on", action="append", metavar="CHIPS", help="serving: N chips such as 8xH20 (repeat to compare)")
    s.add_argument("--batch", help="serving: batches to sweep, comma-separated (default 1, 2, 4 ... up to what fits)")
    s.add_argument("--x-axis", choices=("user", "tpot"), default="user",
                   help="serving: x is tokens/s per user (default) or TPOT")
    s.add_argument("--caption", action="store_true",
                   help="add a caption listing the sources (measured-vs-peak and serving always have one)")
    s.add_argument("--title")
    _add_selection(s)
    s.set_defaults(func=cmd_plot)
