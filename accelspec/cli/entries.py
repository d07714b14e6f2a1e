"""Commands about entries: ``list``, ``show``, ``claims``, ``sources``, ``validate``."""

from __future__ import annotations

import sys
from pathlib import Path

from .common import _add_selection, _catalog, _hidden_note, _select


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
        print(f"\n{len(rows)} entries{_hidden_note(args)}", file=sys.stderr)
    return 0


def cmd_show(args) -> int:
    from ..tables.entry import render_entry

    cat = _catalog(args)
    entry = cat.get(args.chip)
    print(render_entry(entry, cat))
    from ..results import builtin_results
    from ..results.best import best_results, render_best
    from ..results.flagperf import load_flagperf, render

    best = best_results(builtin_results().select([entry.id], fold_twins=False, catalog=cat))
    if best:
        print(f"\nMLPerf results (best per benchmark in its newest round; `accelspec results {entry.id}` lists all)")
        print(render_best(best))
    else:
        print("\nMLPerf: no closed-division inference result on this entry alone in the shipped rounds\n"
              "(`accelspec results` lists them)")

    mine = load_flagperf().for_chip(entry.id)   # shipped ids; measured beside the catalog, never replacing it
    if mine:
        print(f"\nFlagPerf base microbenchmarks ({len(mine)}; `accelspec results --flagperf {entry.id}`)")
        print(render(mine, cat))
    return 0


def cmd_claims(args) -> int:
    from ..tables.entry import render_claims

    cat = _catalog(args)
    print(render_claims(cat.get(args.chip), args.field))
    return 0


def cmd_sources(args) -> int:
    e = _catalog(args).get(args.chip)
    for s in e.sources:
        print(f"{s.id}  [{s.kind}]  {s.cite()}")
        if s.read_at:  # an address a reader can open, never a description of how it was found
            print(f"    read at: {s.read_at}")
    return 0


def _check_addresses(sources, folder: Path) -> None:
    """The data policy's address rule, on the sources defined under ``folder`` (loading does not
    apply it, so that an older catalog still loads for ``accelspec diff``)."""
    from ..errors import CatalogError
    from ..loader.sources import addressless

    root = folder.resolve()
    mine = [s for s in sources if s.file and Path(s.file).resolve().is_relative_to(root)]
    problems = addressless(mine)
    if problems:
        raise CatalogError(problems)


def cmd_validate(args) -> int:
    """Validate a data root (every kind of record in it), an accelerator folder, or a model folder.

    A data root (a folder holding ``accelerators/``) or an ``accelerators`` folder is a whole
    catalog — the checkout's ``catalog/`` is one — and is checked on its own; any other folder is
    a user's addition, checked beside the shipped catalog unless ``--standalone``.
    """
    from ..catalog import accelerator_folder, builtin_catalog, builtin_path, load_catalog

    path = Path(args.path) if args.path else builtin_path()
    kinds = [k for k in ("accelerators", "models", "results", "measurements") if (path / k).is_dir()]
    whole = bool(kinds) or path.name == "accelerators" or not args.path
    if not kinds:
        kinds = [path.name] if path.name in ("models", "results", "measurements") else ["accelerators"]
    for kind in kinds:
        folder = path / kind if (path / kind).is_dir() else path
        where = folder if len(kinds) > 1 else path
        if kind == "models":
            from ..serving import load_models

            models = load_models(folder)
            _check_addresses(models.sources.values(), folder)
            print(f"{where}: OK, {len(models)} models, {len(models.sources)} sources")
            continue
        if kind == "measurements":
            from ..serving.calibration import load_points

            points = load_points(folder / "serving.toml")
            print(f"{where}: OK, {len(points)} measured serving points")
            if (folder / "flagperf.toml").is_file():
                from ..results.flagperf import load_flagperf

                fp = load_flagperf(folder / "flagperf.toml", catalog=_catalog(args))
                print(f"{folder / 'flagperf.toml'}: OK, {len(fp)} FlagPerf measurements")
            continue
        if kind == "results":
            from ..results import load_results

            found = load_results(folder, catalog=_catalog(args))
            print(f"{where}: OK, {len(found)} measured results")
            continue
        folder = accelerator_folder(folder)
        standalone = whole or args.standalone
        cat = load_catalog(folder, include_builtin=not standalone)
        _check_addresses(cat.sources.values(), folder)
        if standalone:
            print(f"{where}: OK, {len(cat)} entries, {len(cat.sources)} sources")
        else:
            shipped = set(builtin_catalog().ids)
            own = [e for e in cat if e.id not in shipped or e.replaces]
            print(f"{where}: OK, {len(own)} entries (beside {len(shipped)} shipped), {len(cat.sources)} sources")
    return 0


def register(sub) -> None:
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
