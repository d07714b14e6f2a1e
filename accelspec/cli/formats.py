"""``accelspec adapt`` (simulator hardware files), ``accelspec crosscheck epoch`` and ``accelspec diff``.

Thin: parse, call :mod:`accelspec.formats.adapters`, :mod:`.epoch` and :mod:`.diff`, print.
"""

from __future__ import annotations

from .common import UsageError, _catalog


def _write(text: str, out: str | None) -> int:
    if out is None:
        print(text, end="")
        return 0
    from ..errors import CatalogError, Problem

    try:
        with open(out, "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as e:
        raise CatalogError([Problem(out, "$", f"cannot write file: {e.strerror or e}")]) from None
    return 0


def cmd_adapt(args) -> int:
    from ..formats.adapters import export_tool

    cat = _catalog(args)
    if not args.chips:
        raise UsageError("name at least one chip (e.g. accelspec adapt genz H100 910C)")
    return _write(export_tool(args.tool, [cat.get(c) for c in args.chips]), args.output)


def cmd_crosscheck(args) -> int:
    import math

    from ..errors import CatalogError, Problem
    from ..formats import epoch

    if not (math.isfinite(args.tolerance) and 0 <= args.tolerance < 1):
        raise UsageError(f"--tolerance takes a fraction from 0 up to 1, e.g. 0.05 (got {args.tolerance!r})")
    try:
        with open(args.file, encoding="utf-8-sig") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        raise CatalogError([Problem(args.file, "$", f"cannot read file: {getattr(e, 'strerror', None) or e}")]) from None
    report = epoch.crosscheck(text, _catalog(args), args.tolerance, shown=args.file)
    if args.format == "csv":
        print(epoch.to_csv(report), end="")
    else:
        print(epoch.to_text(report, args.tolerance), end="")
        if report.unmatched and args.show_unmatched:
            print(epoch.unmatched_text(report.unmatched), end="")
    return 0


def cmd_diff(args) -> int:
    from ..formats import diff

    d = diff.diff(diff.load(args.old), diff.load(args.new))
    if args.format == "json":
        print(diff.to_json(d), end="")
    else:
        print(diff.to_text(d, markdown=args.format == "markdown"), end="")
    return 0


def register(sub) -> None:
    from ..formats.adapters import TOOLS

    s = sub.add_parser("adapt", help="write chips as a simulator's hardware description (GenZ, llm-analysis, ...)",
                       description="The hardware description of the named chips in a simulator's own format, "
                                   "field names and units; dense figures only, sources as comments where the format has them.")
    s.add_argument("tool", choices=tuple(TOOLS), help="the simulator")
    s.add_argument("chips", nargs="*", metavar="CHIP", help="chips by id, name or alias")
    s.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    s.set_defaults(func=cmd_adapt)

    c = sub.add_parser("crosscheck", help="compare the catalog with an outside dataset (Epoch AI's hardware CSV)")
    csub = c.add_subparsers(dest="dataset", metavar="DATASET")
    csub.required = True
    e = csub.add_parser("epoch", help="Epoch AI's ml_hardware.csv",
                        description="Match Epoch AI's rows to catalog entries and list every value that differs by more "
                                    "than the tolerance, and every value one side has and the other lacks.")
    e.add_argument("file", metavar="FILE.csv", help="a snapshot of https://epoch.ai/data/ml_hardware.csv")
    e.add_argument("--tolerance", type=float, default=0.05, help="relative difference to report (default 0.05 = 5%%)")
    e.add_argument("--format", choices=("text", "csv"), default="text")
    e.add_argument("--show-unmatched", action="store_true", help="also list Epoch rows with no catalog entry")
    e.set_defaults(func=cmd_crosscheck)

    d = sub.add_parser("diff", help="what changed between two catalogs (folders or full exports)",
                       description="Entries added and removed, values changed (old → new, with units) and sources changed.")
    d.add_argument("old", help="a catalog folder, or a file written by `accelspec export --format full`")
    d.add_argument("new", help="the same, newer")
    d.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    d.set_defaults(func=cmd_diff)
