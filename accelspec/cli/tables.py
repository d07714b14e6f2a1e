"""Commands that print tables: ``compare``, ``rank``, ``metrics``, ``coverage``."""

from __future__ import annotations

import sys

from .common import (
    _add_selection,
    _any_selection,
    _catalog,
    _hidden_note,
    _select,
    _split,
    _width,
)

FORMATS = ("text", "plain", "simple", "github", "pipe", "grid", "html", "latex", "markdown", "csv", "json")


def cmd_compare(args) -> int:
    from ..tables import compare

    cat = _catalog(args)
    fields = _split(args.fields)
    table = compare(args.chips, fields=fields, baseline=args.baseline, catalog=cat,
                    precision=args.precision, sparse=args.sparse, sort=args.sort, layout=args.layout)
    print(table.render(args.format, _width()))
    return 0


def cmd_rank(args) -> int:
    from ..tables import rank

    cat = _catalog(args)
    entries = _select(cat, args)
    table = rank(entries, by=args.by, fields=_split(args.fields), baseline=args.baseline, catalog=cat,
                 limit=args.limit, ascending=args.ascending)
    print(table.render(args.format, _width()))
    if args.format not in ("json", "csv"):
        without = sum(1 for e in entries if table.results[e.id][args.by].missing)
        shown = len(table.entries)
        print(f"\n{shown} of {len(entries)} entries shown ({without} without a value, listed last)"
              f"{_hidden_note(args)}", file=sys.stderr)
    return 0


def cmd_metrics(args) -> int:
    from ..metrics import render_registry

    print(render_registry(args.format))
    return 0


def cmd_coverage(args) -> int:
    from ..coverage import coverage_report

    cat = _catalog(args)
    entries = _select(cat, args) if _any_selection(args) else list(cat)
    print(coverage_report(entries, fmt=args.format, catalog=cat))
    return 0


def register(sub) -> None:
    s = sub.add_parser("coverage", help="which fields each entry has, by source kind; what is missing")
    s.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    _add_selection(s)
    s.set_defaults(func=cmd_coverage)

    s = sub.add_parser("metrics", help="the registry of derived metrics")
    s.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    s.set_defaults(func=cmd_metrics)

    s = sub.add_parser("compare", help="chips side by side")
    s.add_argument("chips", nargs="+")
    s.add_argument("--fields", action="append", help="fields or metrics (comma-separated); see `accelspec metrics`")
    s.add_argument("--baseline", help="add ratio columns against this chip")
    s.add_argument("--precision", default="bf16", help="precision of the default metrics (default bf16)")
    s.add_argument("--sparse", action="store_true", help="use sparse peaks for the default compute fields")
    s.add_argument("--sort", help="sort by this field or metric")
    s.add_argument("--layout", choices=("auto", "columns", "rows"), default="auto")
    s.add_argument("--format", choices=FORMATS, default="text")
    s.set_defaults(func=cmd_compare)

    s = sub.add_parser("rank", help="rank entries by a field or metric")
    s.add_argument("--by", required=True, help="a field or metric name (see `accelspec metrics`)")
    s.add_argument("--fields", action="append", help="more columns (comma-separated)")
    s.add_argument("--baseline")
    s.add_argument("--limit", type=int, help="show the first N rows")
    order = s.add_mutually_exclusive_group()
    order.add_argument("--ascending", dest="ascending", action="store_true", default=None,
                       help="lowest first (default: best first, as the registry says: lowest for prices per unit)")
    order.add_argument("--descending", dest="ascending", action="store_false", help="highest first")
    s.add_argument("--format", choices=FORMATS, default="text")
    _add_selection(s)
    s.set_defaults(func=cmd_rank)
