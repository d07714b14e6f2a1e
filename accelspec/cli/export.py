"""``accelspec export``: the flat export (:mod:`accelspec.formats.flat`) as JSON or CSV."""

from __future__ import annotations

from .common import _add_selection, _any_selection, _catalog, _select


def cmd_export(args) -> int:
    from ..formats import flat

    cat = _catalog(args)
    entries = _select(cat, args) if _any_selection(args) else list(cat)
    if args.claims == "all":
        rows, keys = flat.claim_records(entries), flat.CLAIM_KEYS
    else:
        rows, keys = flat.records(entries), flat.FLAT_KEYS + flat.EXTRA_KEYS
    print(flat.to_json(rows) if args.format == "json" else flat.to_csv(rows, keys), end="\n" if args.format == "json" else "")
    return 0


def register(sub) -> None:
    s = sub.add_parser("export", help="the flat export (JSON array or CSV)",
                       description="The flat export (docs/export.md). With no selection flag every entry is exported, "
                                   "servers, racks and generic entries included; with a selection flag, chips and cards "
                                   "only unless --all-levels.")
    s.add_argument("--format", choices=("json", "csv"), default="json")
    s.add_argument("--claims", choices=("shown", "all"), default="shown",
                   help="'all': one row per claim instead of one record per entry")
    _add_selection(s)
    s.set_defaults(func=cmd_export)
