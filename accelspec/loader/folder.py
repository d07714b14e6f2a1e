"""A whole catalog folder: source files first, then every entry file, problems all at once."""

from __future__ import annotations

from pathlib import Path

from ..errors import CatalogError, Problem
from ..model import Accelerator, Source
from .common import _Ctx, catalog_files, read_toml
from .entries import parse_entry
from .sources import collect_sources

# --------------------------------------------------------------------------- a whole folder


def load_folder(root: Path, *, shown_root: str | None = None, base_sources: dict[str, Source] | None = None,
                ) -> tuple[list[Accelerator], dict[str, Source], list[Problem], set[str]]:
    """Read one catalog folder: its entries, its sources (plus ``base_sources``), its problems,
    and the ids of every entry file found (loaded or not, so that a reference to a file that
    failed is not reported a second time as "unknown entry").

    Cross-entry checks (duplicate ids, aliases, compositions) are the Catalog's, since they
    span folders when a user's catalog is loaded beside the shipped one.
    """
    ctx = _Ctx()
    root = Path(root)
    shown_root = shown_root if shown_root is not None else str(root)
    if not root.is_dir():
        ctx.add(shown_root, "$", "not a catalog folder (no such directory)")
        return [], dict(base_sources or {}), ctx.problems, set()

    def shown(p: Path) -> str:
        return str(Path(shown_root) / p.relative_to(root))

    source_files, entry_files = catalog_files(root)
    if not entry_files:
        ctx.add(shown_root, "$", "no entry files (<vendor>/<id>.toml) in this folder")
    docs: list[tuple[str, dict]] = []
    for p in source_files:
        doc = read_toml(p, shown(p), ctx)
        if doc is None:
            continue
        extra = [k for k in doc if k != "sources"]
        for k in extra:
            ctx.add(shown(p), f"$.{k}", f"a file named _*.toml holds only [sources.*] tables (found {k!r})")
        docs.append((shown(p), doc))
    entry_docs: list[tuple[Path, dict]] = []
    for p in entry_files:
        doc = read_toml(p, shown(p), ctx)
        if doc is not None:
            entry_docs.append((p, doc))
            docs.append((shown(p), doc))
    sources = collect_sources(ctx, docs, base_sources or {})

    entries: list[Accelerator] = []
    for p, doc in entry_docs:
        rel = p.relative_to(root)
        if len(rel.parts) != 2:
            ctx.add(shown(p), "$", "an entry file belongs at <vendor>/<id>.toml")
            continue
        entry = parse_entry(ctx, shown(p), doc, sources, rel.parts[0], p.stem)
        if entry is not None:
            entries.append(entry)
    return entries, sources, ctx.problems, {p.stem for p in entry_files}


def raise_if_problems(problems: list[Problem]) -> None:
    if problems:
        raise CatalogError(problems)
