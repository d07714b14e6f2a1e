"""``accelspec export``: the flat export (:mod:`accelspec.formats.flat`) as JSON or CSV."""

from __future__ import annotations

from .common import UsageError, _add_selection, _any_selection, _catalog, _select

SIMULATORS = ("genz", "llm-analysis", "llm-viewer", "vidur", "aiconfigurator")
"""Formats that are another tool's hardware description (the same as `accelspec adapt TOOL CHIP...`)."""


def cmd_export(args) -> int:
    from ..formats import flat

    cat = _catalog(args)
    if args.chips:
        entries = _select(cat, args, args.chips)
    else:
        entries = _select(cat, args) if _any_selection(args) else list(cat)
    if args.format in SIMULATORS:  # a serving simulator's own hardware file (formats.adapters)
        from ..formats import adapters

        if not args.chips:
            raise UsageError(f"--format {args.format} writes hardware files for the chips named: "
                             f"accelspec export --format {args.format} H200 H20")
        print(adapters.export_tool(args.format, entries), end="")
        return 0
    if args.format == "full":  # everything, losslessly: `accelspec import` reads it back
        from ..formats import full

        print(full.dumps(cat, entries), end="")
        return 0
    if args.claims == "all":
        rows, keys = flat.claim_records(entries), flat.CLAIM_KEYS
    else:
        rows, keys = flat.records(entries, cat), flat.FLAT_KEYS + flat.EXTRA_KEYS
    print(flat.to_json(rows) if args.format == "json" else flat.to_csv(rows, keys), end="\n" if args.format == "json" else "")
    return 0


def register(sub) -> None:
    register_import(sub)
    s = sub.add_parser("export", help="the flat export (JSON array or CSV)",
                       description="The flat export (docs/export.md). With no selection flag every entry is exported, "
                                   "servers, racks and generic entries included; with a selection flag, chips and cards "
                                   "only unless --all-levels.")
    s.add_argument("chips", nargs="*", help="export only these chips (needed for a simulator format)")
    s.add_argument("--format", choices=("json", "csv", "full", *SIMULATORS), default="json",
                   help="json/csv: the flat contract (docs/export.md); full: everything, readable back by "
                        "`accelspec import`; genz, llm-analysis, llm-viewer, vidur, aiconfigurator: that tool's "
                        "hardware description of the chips named, each number's source as a comment")
    s.add_argument("--claims", choices=("shown", "all"), default="shown",
                   help="'all': one row per claim instead of one record per entry")
    _add_selection(s)
    s.set_defaults(func=cmd_export)


def cmd_import(args) -> int:
    """Read a full export back; check it; say what it holds (and use it with --catalog FILE)."""
    from ..formats import full

    cat = full.load(args.file)
    print(f"{args.file}: OK, {len(cat)} entries, {len(cat.sources)} sources "
          f"(use it with: accelspec --catalog {args.file} --no-builtin COMMAND)")
    return 0


def register_import(sub) -> None:
    s = sub.add_parser("import", help="read a full export (export --format full) back and check it")
    s.add_argument("file", help="a file written by `accelspec export --format full`")
    s.set_defaults(func=cmd_import)
