"""``accelspec export-control``: the command line of :mod:`accelspec.exportcontrol`.

It turns flags into :class:`~accelspec.exportcontrol.Inputs` and prints what
:mod:`accelspec.exportcontrol` decides; the rules themselves live there.
"""

from __future__ import annotations

import math
from typing import Any

import attrs

from ..errors import UnknownFieldError
from ..model import PRECISIONS
from .common import UsageError, _add_selection, _catalog, _select


def _usage(msg: str) -> Exception:
    return UsageError(msg)


def _parse_dense(items: list[str]) -> dict[str, float]:
    from .. import metrics

    out: dict[str, float] = {}
    for item in items:
        key, sep, num = item.partition("=")
        if not sep or not key.strip() or not num.strip():
            raise _usage(f"--dense needs PRECISION=TOPS, e.g. --dense fp8=296 (got {item!r})")
        try:
            p = metrics.precision(key.strip())
        except UnknownFieldError:
            raise _usage(f"--dense: unknown precision {key.strip()!r}; valid: {' '.join(PRECISIONS)}") from None
        try:
            value = float(num)
        except ValueError:
            raise _usage(f"--dense {key}= needs a number (got {num!r})") from None
        if not (math.isfinite(value) and value > 0):
            raise _usage(f"--dense {key.strip()} must be a positive number of TOPS (got {num.strip()!r})")
        if p in out:
            raise _usage(f"--dense: precision {p!r} given twice")
        out[p] = value
    return out


def _check_numbers(args) -> None:
    for flag, attr, positive in (("--tpp", "tpp", True), ("--die-area", "die_area", True),
                                 ("--interconnect", "interconnect", False), ("--dram-bandwidth", "dram_bandwidth", False)):
        v = getattr(args, attr, None)
        if v is not None and (not math.isfinite(v) or v < 0 or (positive and v == 0)):
            raise _usage(f"{flag} must be a {'positive' if positive else 'non-negative'} number (got {v:g})")


_SELECTION = ("vendor", "kind", "level", "status", "market", "region", "where", "all_levels")


def _overrides(args) -> dict[str, Any]:
    """Figures given on the command line that replace (or supply) a catalog entry's."""
    out = {}
    if args.die_area is not None:
        out.update(die_area_mm2=args.die_area, die_area_basis="given on the command line", die_area_kind="given")
    if args.interconnect is not None:
        out["interconnect_gbs"] = args.interconnect
    if args.dram_bandwidth is not None:
        out["dram_bandwidth_gbs"] = args.dram_bandwidth
    return out


def cmd_export_control(args) -> int:
    return cli_run(args, _catalog(args), _select)


def cli_run(args, catalog, select) -> int:
    """``accelspec export-control``: one chip, several chips, a hypothetical chip, or --all."""
    from .. import metrics
    from ..exportcontrol import Inputs, inputs_from_entry
    from ..exportcontrol.classify import _classify_inputs
    _check_numbers(args)
    dense = _parse_dense(args.dense or [])
    hypothetical = args.tpp is not None or bool(dense)
    table_mode = args.all or (not args.chips and not hypothetical and any(getattr(args, f, None) for f in _SELECTION))
    if args.tpp is not None and dense:
        raise _usage("give --tpp or --dense, not both (TPP is computed from the dense figures)")
    if hypothetical and (args.chips or args.all):
        raise _usage("--tpp/--dense describe a hypothetical chip; do not combine them with chip names or --all")
    if args.all and args.chips:
        raise _usage("name chips or use --all, not both")
    if not (args.chips or hypothetical or table_mode):
        raise _usage("name a chip (export-control H20), describe a hypothetical chip (--tpp 2368 --die-area 814, "
                     "or --dense fp8=296 ...), or use --all for the catalog table")
    over = _overrides(args)
    if table_mode and (over or args.datacenter is not None):
        raise _usage("--die-area, --interconnect, --dram-bandwidth and --datacenter apply to one chip, not to --all")
    if len(args.chips) > 1 and over:
        raise _usage("--die-area, --interconnect and --dram-bandwidth apply to one chip; name only one")

    if hypothetical:
        inp = Inputs(dense=dense, tpp=args.tpp, name=None,
                     datacenter=True if args.datacenter is None else args.datacenter,
                     notes=("assumed designed or marketed for datacenters (the default for a hypothetical chip; "
                            "--no-datacenter to change)",) if args.datacenter is None else (),
                     **over)
        results = [_classify_inputs(inp)]
    else:
        entries = select(catalog, args) if table_mode else select(catalog, args, args.chips)
        ctx = metrics.Context(catalog=catalog)
        results = []
        for e in entries:
            inp = inputs_from_entry(e, ctx, args.datacenter)
            if over:
                inp = attrs.evolve(inp, notes=inp.notes + tuple(f"{k} given on the command line" for k in over
                                                                if not k.startswith("die_area_")), **over)
            results.append(_classify_inputs(inp))
    print(_render(results, args.format, many=table_mode))
    return 0


def _render(results: list, fmt: str, many: bool) -> str:
    from ..exportcontrol import table, to_csv, to_json

    if fmt == "json":
        return to_json(results if many or len(results) != 1 else results[0])
    if fmt == "csv":
        return to_csv(results).rstrip("\n")
    if many:
        return table(results, fmt=fmt)
    if fmt in ("github", "markdown"):
        return "\n\n".join(c._repr_markdown_() for c in results)
    return "\n\n".join(str(c) for c in results)


def register(sub) -> None:
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
