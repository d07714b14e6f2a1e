"""``accelspec results``: measured MLPerf results, ranked per benchmark and scenario, with MLPerf's footnote."""

from __future__ import annotations

import sys

from .common import _catalog, _split


def cmd_results(args) -> int:
    from ..results import builtin_results, render

    cat = _catalog(args)
    if args.flagperf:
        return _flagperf(args, cat)
    results = builtin_results()
    rows = results.select(args.chips or (), benchmark=_split(args.benchmark), scenario=args.scenario,
                          suite=args.suite, version=args.round, available_only=args.available_only, catalog=cat)
    if not rows and args.format == "text":
        asked = " ".join([*(args.chips or []), *(_split(args.benchmark) or []), args.scenario or "", args.round or ""])
        print(f"no MLPerf results match: {' '.join(asked.split())}", file=sys.stderr)
        return 0
    print(render(rows, args.format, resultset=results))
    return 0


def _flagperf(args, cat) -> int:
    """FlagPerf's base microbenchmarks for the chips asked (all when none), beside the catalog's values."""
    from ..results.flagperf import load_flagperf, render, resolve

    data = load_flagperf()   # its chips are shipped ids; a --catalog folder may hold only some of them
    ids = [resolve(c, data, cat) for c in args.chips or ()]   # unknown: did-you-mean, exit 1
    known = set(cat.ids)
    rows = [m for m in data if m.chip in known and (not ids or m.chip in ids)]
    if not rows:
        print(f"no FlagPerf measurements for: {' '.join(args.chips)}", file=sys.stderr)
        return 0
    print(render(rows, cat, data.commit))
    return 0


def register(sub) -> None:
    s = sub.add_parser(
        "results", help="measured MLPerf results (inference, training) with per-accelerator throughput",
        description="MLPerf Inference v5.1/v4.1 (closed, datacenter) and Training v5.0 (closed) results, one ranked "
                    "table per round, benchmark and scenario, each with MLPerf's footnote. 'per accel.' is derived "
                    "(value / accelerators; a GB200 superchip is two of MLPerf's GPUs). Without --benchmark, a "
                    "'-99' result that is the same run as a '-99.9' one is shown once.",
        epilog="example: accelspec results H200 --benchmark llama2-70b-99 --scenario Offline")
    s.add_argument("chips", nargs="*", help="catalog names (H200, MI300X, GB200) or an MLPerf spelling with no entry")
    s.add_argument("--benchmark", action="append", metavar="NAME",
                   help="MLPerf benchmark (llama2-70b-99, llama3.1-405b, llama31_405b ...); repeat or comma-separate")
    s.add_argument("--scenario", metavar="NAME", help="Offline, Server, Interactive (inference only)")
    s.add_argument("--suite", choices=("inference", "training"))
    s.add_argument("--round", metavar="VERSION", help="one round only: v5.1, v4.1 (inference), v5.0 (training)")
    s.add_argument("--flagperf", action="store_true",
                   help="FlagPerf base microbenchmarks (measured vs rated vs catalog) instead of MLPerf")
    s.add_argument("--available-only", action="store_true", help="leave out preview systems")
    s.add_argument("--format", choices=("text", "json", "csv"), default="text")
    s.set_defaults(func=cmd_results)
