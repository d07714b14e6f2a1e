"""Building catalogs: the shipped one, a user's folder beside it, and the checks that span entries.

The shipped data lives under one data root (``catalog/`` in a checkout, ``accelspec/_catalog``
when installed), one folder per kind of record: ``accelerators/``, ``models/``. A standalone
folder is served from its compiled index (:mod:`.compiled`) when one matches its files.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING

from .. import names
from ..errors import ArgumentValueError, Problem
from ..model import Accelerator
from . import compiled
from .collection import Catalog

if TYPE_CHECKING:
    from pathlib import Path

# The loader (and pathlib, tomllib) are imported inside the functions that read TOML: a start
# served from the compiled index never needs them.


def _cross_check(entries: list[Accelerator], shipped: dict[str, Accelerator],
                 found: set[str] = frozenset()) -> tuple[list[Accelerator], list[Problem]]:
    """Combine a folder's entries with the shipped ones: ids, replacements, aliases, references."""
    problems: list[Problem] = []
    combined: dict[str, Accelerator] = dict(shipped)
    seen_here: dict[str, Accelerator] = {}
    for e in entries:
        if e.id in seen_here:
            problems.append(Problem(e.file, "$.id", f"duplicate id {e.id!r}; also defined in {seen_here[e.id].file}"))
            continue
        seen_here[e.id] = e
        if e.replaces is not None:
            if e.replaces not in shipped:
                problems.append(Problem(e.file, "$.replaces", f"replaces {e.replaces!r}, which is not a shipped entry"))
                continue
            del combined[e.replaces]
        elif e.id in shipped:
            problems.append(Problem(
                e.file, "$.id",
                f"id {e.id!r} is already a shipped entry; add replaces = {e.id!r} to replace it on purpose",
            ))
            continue
        combined[e.id] = e

    owners: dict[str, tuple[Accelerator, str]] = {}
    for e in combined.values():
        spots = [("$.id", e.id), ("$.name", e.name)] + [(f"$.aliases[{i}]", a) for i, a in enumerate(e.aliases)]
        for path, n in spots:
            k = names.key(n)
            if k in owners and owners[k][0].id != e.id:
                other, other_name = owners[k]
                problems.append(Problem(
                    e.file or e.id, path,
                    f"name {n!r} is also claimed by {other.id!r} (as {other_name!r}) in {other.file}",
                ))
            owners.setdefault(k, (e, n))
    for e in combined.values():
        for i, comp in enumerate(e.contains):
            if comp.id not in combined and comp.id not in found:
                problems.append(Problem(e.file, f"$.contains[{i}].id", f"unknown entry {comp.id!r}"))
            elif comp.id == e.id:
                problems.append(Problem(e.file, f"$.contains[{i}].id", "an entry cannot contain itself"))
        for i, vid in enumerate(e.variants):
            if vid not in combined and vid not in found:
                problems.append(Problem(e.file, f"$.variants[{i}]", f"unknown entry {vid!r}"))
        for i, rel in enumerate(e.relations):
            if rel.to not in combined and rel.to not in found:
                problems.append(Problem(e.file, f"$.relations[{i}].to", f"unknown entry {rel.to!r}"))
            elif rel.to == e.id:
                problems.append(Problem(e.file, f"$.relations[{i}].to", "an entry cannot be measured against itself"))
    problems += _cycles(combined)
    return list(combined.values()), problems


def _cycles(entries: dict[str, Accelerator]) -> list[Problem]:
    """A composition that contains itself through others (A holds B, B holds A) sums forever."""
    problems, state = [], {}  # id -> 1 while on the path, 2 when done

    def visit(eid: str, path: list[str]) -> None:
        state[eid] = 1
        for comp in entries[eid].contains:
            if comp.id not in entries or comp.id == eid:
                continue  # unknown ids and self-containment are reported above
            if state.get(comp.id) == 1:
                loop = path[path.index(comp.id):] + [comp.id]
                e = entries[eid]
                i = next(i for i, c in enumerate(e.contains) if c.id == comp.id)
                problems.append(Problem(e.file or e.id, f"$.contains[{i}].id", f"composition cycle: {' → '.join(loop)}"))
            elif comp.id not in state:
                visit(comp.id, path + [comp.id])
        state[eid] = 2

    for eid in sorted(entries):
        if eid not in state:
            visit(eid, [eid])
    return problems


def builtin_path() -> "Path":
    """The shipped data root: inside the installed package (``_catalog``), or the checkout's ``catalog/``.

    It holds one folder per kind of record; the accelerators are ``builtin_path() / "accelerators"``.
    """
    from pathlib import Path

    return Path(_data_root())


def _data_root() -> str:
    # os.path, not pathlib: the shipped catalog's start-up path imports no pathlib
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    packaged = os.path.join(package, "_catalog")
    return packaged if os.path.isdir(packaged) else os.path.join(os.path.dirname(package), "catalog")


def accelerator_folder(path: "Path") -> "Path":
    """A folder to read accelerators from: a data root's ``accelerators/``, or the folder itself."""
    sub = path / "accelerators"
    return sub if sub.is_dir() else path


def _load_standalone(root: "Path", shown_root: str | None = None) -> Catalog:
    """A folder on its own: from its compiled index when it matches the files, else read and checked."""
    shown_root = shown_root if shown_root is not None else str(root)
    cat = compiled.load(root, shown_root)
    if cat is not None:
        return cat
    from pathlib import Path

    from .. import loader

    entries, sources, problems, found = loader.load_folder(Path(root), shown_root=shown_root)
    entries, more = _cross_check(entries, {}, found)
    loader.raise_if_problems(problems + more)
    cat = Catalog(entries, sources)
    compiled.save(root, cat, shown_root)
    return cat


@functools.lru_cache(maxsize=1)
def builtin_catalog() -> Catalog:
    """The shipped catalog, read once per process and cached."""
    return _load_standalone(os.path.join(_data_root(), "accelerators"), shown_root="catalog/accelerators")


def load_catalog(path: str | Path | None = None, include_builtin: bool = True) -> Catalog:
    """Load a catalog folder, by default beside the shipped catalog.

    ``path`` is a folder of ``<vendor>/<id>.toml`` files, or a data root holding one as
    ``accelerators/``. With ``include_builtin=True`` the folder's entries are added to the
    shipped ones and may cite the shipped sources; an entry whose id is already shipped must say
    ``replaces = "<id>"`` (silent shadowing is an error). Every problem is raised at once as a
    ``CatalogError``.
    """
    if path is None:
        if not include_builtin:
            raise ArgumentValueError("load_catalog() needs a path when include_builtin=False")
        return builtin_catalog()
    from pathlib import Path

    from .. import loader

    root = accelerator_folder(Path(path))
    if not include_builtin:
        return _load_standalone(root)
    base = builtin_catalog()
    entries, sources, problems, found = loader.load_folder(root, base_sources=base.sources)
    combined, more = _cross_check(entries, {e.id: e for e in base}, found)
    loader.raise_if_problems(problems + more)
    return Catalog(combined, sources)
