"""The ``accelspec`` command.

Exit codes: 0 success, 1 a reported problem (unknown chip, invalid catalog), 2 a usage error.
Messages go to stderr; a user error never shows a Python traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from . import __version__
from .catalog import Catalog, builtin_catalog, builtin_path, load_catalog
from .errors import AccelspecError, CatalogError


class UsageError(Exception):
    """A bad combination of arguments that argparse cannot catch itself (exit 2)."""


def _catalog(args: argparse.Namespace) -> Catalog:
    if getattr(args, "catalog", None):
        return load_catalog(args.catalog, include_builtin=not args.no_builtin)
    return builtin_catalog()


# ---------------------------------------------------------------------- selection flags

_FILTERS = ("vendor", "kind", "level", "status", "market", "region")


def _add_selection(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("selection (repeat or comma-separate values to accept several)")
    for f in _FILTERS:
        g.add_argument(f"--{f}", action="append", metavar=f.upper(), help=f"keep entries whose {f} is one of these")
    g.add_argument("--where", action="append", metavar="FIELD=VALUE", default=[],
                   help="keep entries whose identity field equals VALUE (status=shipping), "
                        "or whose field or metric compares (memory.capacity>=96, bf16_tflops_per_watt>1)")
    g.add_argument("--all-levels", action="store_true",
                   help="include servers, racks and generic entries (by default only chips and cards)")


def _split(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def _select(cat: Catalog, args: argparse.Namespace, chips: Sequence[str] = ()) -> list:
    """The entries the selection flags (or an explicit chip list) pick."""
    if chips:
        return [cat.get(c) for c in chips]
    criteria = {f: _split(getattr(args, f, None)) for f in _FILTERS}
    criteria = {k: v for k, v in criteria.items() if v}
    predicates = [_where(w) for w in getattr(args, "where", [])]
    entries = cat.select(**criteria, where=lambda e: all(p(e) for p in predicates))
    if not getattr(args, "all_levels", False) and "level" not in criteria:
        entries = [e for e in entries if e.level in ("die", "package", "card", "superchip") and not e.generic]
    return entries


_OPS = (">=", "<=", "!=", "=", ">", "<")


def _where(expr: str):
    """A predicate from 'status=shipping' or 'memory.capacity>=96' (numbers in canonical units)."""
    import operator

    from . import metrics

    for op in _OPS:
        if op in expr:
            name, _, want = expr.partition(op)
            name, want = name.strip(), want.strip()
            break
    else:
        raise UsageError(f"--where needs FIELD=VALUE or FIELD>=NUMBER (got {expr!r})")
    fn = {">=": operator.ge, "<=": operator.le, "!=": operator.ne, "=": operator.eq, ">": operator.gt, "<": operator.lt}[op]
    ident = ("vendor", "kind", "level", "status", "market", "region", "family", "form_factor", "id")
    if name in ident:
        if op not in ("=", "!="):
            raise UsageError(f"--where {name} takes = or != (got {expr!r})")
        accepted = set(want.split(","))
        return lambda e: (getattr(e, name) in accepted) == (op == "=")
    try:
        number = float(want)
    except ValueError:
        raise UsageError(f"--where {name}{op} needs a number (got {want!r})") from None
    getter = metrics.resolver(name)  # raises UnknownFieldError listing the valid names

    def pred(e) -> bool:
        r = getter(e)
        return r.value is not None and fn(r.value, number)

    return pred


# ---------------------------------------------------------------------- commands


def cmd_list(args) -> int:
    from tabulate import tabulate

    cat = _catalog(args)
    rows = [(e.id, e.name, e.level, e.status, e.market, e.region) for e in _select(cat, args)]
    if args.format == "json":
        import json
        keys = ("id", "name", "level", "status", "market", "region")
        print(json.dumps([dict(zip(keys, r)) for r in rows], ensure_ascii=False, indent=2))
    else:
        print(tabulate(rows, headers=("id", "name", "level", "status", "market", "region"), tablefmt="simple"))
        hidden = "" if args.all_levels or args.level else "; servers, racks and generic entries hidden (--all-levels shows them)"
        print(f"\n{len(rows)} entries{hidden}", file=sys.stderr)
    return 0


def cmd_show(args) -> int:
    from .show import render_entry

    cat = _catalog(args)
    print(render_entry(cat.get(args.chip), cat))
    return 0


def cmd_claims(args) -> int:
    from .show import render_claims

    cat = _catalog(args)
    print(render_claims(cat.get(args.chip), args.field))
    return 0


def cmd_sources(args) -> int:
    e = _catalog(args).get(args.chip)
    for s in e.sources:
        print(f"{s.id}  [{s.kind}]  {s.cite()}")
        if s.via:
            print(f"    read via: {s.via}")
    return 0


def cmd_validate(args) -> int:
    path = Path(args.path) if args.path else builtin_path()
    shipped = path.resolve() == builtin_path().resolve()
    if shipped or args.standalone:
        cat = load_catalog(path, include_builtin=False)
    else:
        cat = load_catalog(path, include_builtin=True)
    own = [e for e in cat if e.file and (shipped or not str(e.file).startswith("catalog/"))]
    print(f"{path}: OK, {len(own)} entries, {len(cat.sources)} sources")
    return 0


def cmd_export(args) -> int:
    from . import export

    cat = _catalog(args)
    entries = _select(cat, args) if _any_selection(args) else list(cat)
    if args.claims == "all":
        rows, keys = export.claim_records(entries), export.CLAIM_KEYS
    else:
        rows, keys = export.records(entries), export.FLAT_KEYS + export.EXTRA_KEYS
    print(export.to_json(rows) if args.format == "json" else export.to_csv(rows, keys), end="\n" if args.format == "json" else "")
    return 0


def _any_selection(args) -> bool:
    return any(getattr(args, f, None) for f in _FILTERS) or bool(getattr(args, "where", None)) or getattr(args, "all_levels", False)


def cmd_coverage(args) -> int:
    from .coverage import coverage_report

    cat = _catalog(args)
    entries = _select(cat, args) if _any_selection(args) else list(cat)
    print(coverage_report(entries, fmt=args.format))
    return 0


def cmd_metrics(args) -> int:
    from .metrics import render_registry

    print(render_registry(args.format))
    return 0


def cmd_compare(args) -> int:
    from .tables import compare

    cat = _catalog(args)
    fields = _split(args.fields)
    table = compare(args.chips, fields=fields, baseline=args.baseline, catalog=cat,
                    precision=args.precision, sparse=args.sparse, sort=args.sort, layout=args.layout)
    print(table.render(args.format))
    return 0


def cmd_rank(args) -> int:
    from .tables import rank

    cat = _catalog(args)
    entries = _select(cat, args)
    table = rank(entries, by=args.by, fields=_split(args.fields), baseline=args.baseline, catalog=cat,
                 limit=args.limit, ascending=args.ascending)
    print(table.render(args.format))
    return 0


def cmd_export_control(args) -> int:
    from .exportcontrol import cli_run

    return cli_run(args, _catalog(args), _select)


def cmd_plot(args) -> int:
    from .plotcli import cli_run

    return cli_run(args, _catalog(args), _select)


# ---------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="accelspec",
        description="A sourced catalog of AI accelerators: look up, compare, rank, export, plot.",
        epilog="Chips are named by id, name or alias, in English or Chinese: H20, 'Ascend 910B', 昇腾910B.",
    )
    p.add_argument("--version", action="version", version=f"accelspec {__version__}")
    p.add_argument("--catalog", metavar="PATH", help="also load this catalog folder (beside the shipped one)")
    p.add_argument("--no-builtin", action="store_true", help="with --catalog: use only that folder")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    s = sub.add_parser("list", help="list entries (filtered)")
    _add_selection(s)
    s.add_argument("--format", choices=("text", "json"), default="text")
    s.set_defaults(func=cmd_list)

    s = sub.add_parser("show", help="every field of one chip with unit, claims and sources")
    s.add_argument("chip")
    s.set_defaults(func=cmd_show)

    s = sub.add_parser("claims", help="all claims for a chip's field, with sources")
    s.add_argument("chip")
    s.add_argument("field", nargs="?", help="a field path (compute.int8.dense) or a prefix (int8, memory)")
    s.set_defaults(func=cmd_claims)

    s = sub.add_parser("sources", help="the sources one chip cites")
    s.add_argument("chip")
    s.set_defaults(func=cmd_sources)

    s = sub.add_parser("validate", help="check a catalog folder; list every problem")
    s.add_argument("path", nargs="?", help="a catalog folder (default: the shipped catalog)")
    s.add_argument("--standalone", action="store_true", help="check the folder on its own, without the shipped catalog")
    s.set_defaults(func=cmd_validate)

    s = sub.add_parser("export", help="the flat export (JSON array or CSV)")
    s.add_argument("--format", choices=("json", "csv"), default="json")
    s.add_argument("--claims", choices=("shown", "all"), default="shown",
                   help="'all': one row per claim instead of one record per entry")
    _add_selection(s)
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("coverage", help="which fields each entry has, by source kind; what is missing")
    s.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    _add_selection(s)
    s.set_defaults(func=cmd_coverage)

    s = sub.add_parser("metrics", help="the registry of derived metrics")
    s.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    s.set_defaults(func=cmd_metrics)

    fmt_choices = ("text", "plain", "simple", "github", "pipe", "grid", "html", "latex", "markdown", "csv", "json")
    s = sub.add_parser("compare", help="chips side by side")
    s.add_argument("chips", nargs="+")
    s.add_argument("--fields", action="append", help="fields or metrics (comma-separated); see `accelspec metrics`")
    s.add_argument("--baseline", help="add ratio columns against this chip")
    s.add_argument("--precision", default="bf16", help="precision of the default metrics (default bf16)")
    s.add_argument("--sparse", action="store_true", help="use sparse peaks for the default compute fields")
    s.add_argument("--sort", help="sort by this field or metric")
    s.add_argument("--layout", choices=("auto", "columns", "rows"), default="auto")
    s.add_argument("--format", choices=fmt_choices, default="text")
    s.set_defaults(func=cmd_compare)

    s = sub.add_parser("rank", help="rank entries by a field or metric")
    s.add_argument("--by", required=True, help="a field or metric name (see `accelspec metrics`)")
    s.add_argument("--fields", action="append", help="more columns (comma-separated)")
    s.add_argument("--baseline")
    s.add_argument("--limit", type=int)
    s.add_argument("--ascending", action="store_true")
    s.add_argument("--format", choices=fmt_choices, default="text")
    _add_selection(s)
    s.set_defaults(func=cmd_rank)

    s = sub.add_parser("export-control", help="TPP, performance density and ECCN 3A090 class")
    s.add_argument("chips", nargs="*")
    s.add_argument("--all", action="store_true", help="a table over the catalog")
    s.add_argument("--tpp", type=float, help="a hypothetical chip's TPP")
    s.add_argument("--dense", action="append", default=[], metavar="PRECISION=TOPS",
                   help="a hypothetical chip's dense peak (repeatable): --dense fp8=296")
    s.add_argument("--die-area", type=float, metavar="MM2", help="applicable die area in mm²")
    dc = s.add_mutually_exclusive_group()
    dc.add_argument("--datacenter", dest="datacenter", action="store_true", default=None)
    dc.add_argument("--no-datacenter", dest="datacenter", action="store_false")
    s.add_argument("--interconnect", type=float, metavar="GBS", help="chip-to-chip I/O, GB/s (2022 test)")
    s.add_argument("--dram-bandwidth", type=float, metavar="GBS", help="total DRAM bandwidth, GB/s")
    s.add_argument("--format", choices=("text", "json", "github", "markdown", "csv"), default="text")
    _add_selection(s)
    s.set_defaults(func=cmd_export_control)

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
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as e:
        print(f"accelspec {args.command}: error: {e}", file=sys.stderr)
        return 2
    except CatalogError as e:
        print(str(e), file=sys.stderr)
        n = len(e.problems)
        print(f"{n} problem{'s' if n != 1 else ''} found", file=sys.stderr)
        return 1
    except AccelspecError as e:
        print(f"accelspec: {e}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `accelspec export | head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
