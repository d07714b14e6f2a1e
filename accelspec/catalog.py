"""The Catalog collection: cross-entry checks, lookup by any name, ranked search, filters.

Lookups go exact -> raising (as pycountry does): ``get`` matches a normalized name exactly
and never falls back to a "close" chip, so ``get("H20")`` cannot return the H200. Fuzzy
matching only ever produces *suggestions* in the error, or a ranked list from ``find``.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from . import loader, model, names
from .errors import AmbiguousAcceleratorError, CatalogError, Problem, UnknownAcceleratorError
from .model import Accelerator, Source


class Catalog:
    """An immutable, ordered collection of accelerators with their sources.

    Build one with :func:`load_catalog`; the shipped catalog is :func:`builtin_catalog`.
    Iteration order is stable: by vendor, then id.
    """

    def __init__(self, entries: Iterable[Accelerator], sources: dict[str, Source]):
        self._entries = {e.id: e for e in sorted(entries, key=lambda e: (e.vendor, e.id))}
        self.sources = dict(sources)
        self._index: dict[str, set[str]] = {}      # names an entry states (id, name, aliases)
        self._derived: dict[str, set[str]] = {}    # the same with a vendor word stripped
        for e in self._entries.values():
            for n in self.names_of(e):
                k = names.key(n)
                self._index.setdefault(k, set()).add(e.id)
                for _vid, rest in names.strip_vendor(k):
                    self._derived.setdefault(rest, set()).add(e.id)

    @staticmethod
    def names_of(e: Accelerator) -> tuple[str, ...]:
        return (e.id, e.name) + e.aliases

    # ---------------------------------------------------------------- collection protocol

    def __iter__(self) -> Iterator[Accelerator]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, query: object) -> bool:
        try:
            self.get(query)  # type: ignore[arg-type]
        except (UnknownAcceleratorError, AmbiguousAcceleratorError):
            return False
        return True

    def __getitem__(self, query: str) -> Accelerator:
        return self.get(query)

    def __repr__(self) -> str:
        return f"<Catalog: {len(self)} entries, {len(self.sources)} sources>"

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self._entries)

    # ---------------------------------------------------------------- lookup

    def get(self, query: str | Accelerator) -> Accelerator:
        """The entry named by ``query``: an id, name or alias, in English or Chinese.

        Matching ignores case, spaces, hyphens, full-width forms and traditional/simplified
        differences, and nothing else. A miss raises ``UnknownAcceleratorError`` with ranked
        suggestions; a name shared by several entries raises ``AmbiguousAcceleratorError``.
        """
        if isinstance(query, Accelerator):
            return query
        if not isinstance(query, str):
            raise TypeError(f"expected a chip name or id (got {query!r})")
        k = names.key(query)
        ids = self._index.get(k)
        if not ids:
            # "英伟达 H20", "NVIDIA H20": a vendor word, then a name of that vendor's entry
            for vid, rest in names.strip_vendor(k):
                found = {i for i in self._index.get(rest, set()) | self._derived.get(rest, set())
                         if self._entries[i].vendor == vid}
                if found:
                    ids = found
                    break
        if not ids:
            ids = self._derived.get(k)
        if not ids:
            raise UnknownAcceleratorError(query, self.suggest(query))
        if len(ids) > 1:
            raise AmbiguousAcceleratorError(query, sorted(ids))
        return self._entries[next(iter(ids))]

    def suggest(self, query: str, n: int = 3) -> list[str]:
        """Up to ``n`` names close to ``query``, best first (one per entry)."""
        return [name for _score, name, _id in self._ranked(query)][:n]

    def _ranked(self, query: str) -> list[tuple[float, str, str]]:
        q = names.key(query)
        if not q:
            return []
        best: dict[str, tuple[float, str]] = {}
        for e in self._entries.values():
            for n in self.names_of(e):
                k = names.key(n)
                score = difflib.SequenceMatcher(None, q, k).ratio()
                if q in k:  # "910" in "ascend910b": a containing name ranks high
                    score = max(score, 0.6 + 0.4 * len(q) / len(k))
                if score > best.get(e.id, (0.0, ""))[0]:
                    best[e.id] = (score, n)
            # show a name in the query's script: an English query gets an English name
            if e.id in best and _has_cjk(best[e.id][1]) and not _has_cjk(query):
                best[e.id] = (best[e.id][0], e.name)
        ranked = sorted(((s, n, i) for i, (s, n) in best.items() if s >= 0.5), key=lambda t: (-t[0], len(t[1]), t[2]))
        return ranked

    def find(self, text: str, limit: int = 10) -> list[Accelerator]:
        """Entries matching ``text``, best first: an exact name, then names containing it, then close ones."""
        try:
            exact = [self.get(text)]
        except (UnknownAcceleratorError, AmbiguousAcceleratorError) as e:
            exact = [self._entries[i] for i in getattr(e, "candidates", [])]
        out = list(exact)
        for _s, _n, i in self._ranked(text):
            if self._entries[i] not in out:
                out.append(self._entries[i])
        return out[:limit]

    def select(self, *, where: Callable[[Accelerator], bool] | None = None, **criteria: Any) -> list[Accelerator]:
        """Entries whose attributes match every criterion, in catalog order.

        A criterion's value may be one value or a collection of accepted values:
        ``select(vendor=["nvidia", "huawei"], level="package", status="shipping")``.
        Keys are the identity fields (vendor, kind, level, status, market, region, family,
        form_factor, generic). ``where`` is any predicate on an entry.
        """
        allowed = ("vendor", "kind", "level", "status", "market", "region", "family", "form_factor", "generic")
        for k in criteria:
            if k not in allowed:
                raise TypeError(f"select() got an unknown criterion {k!r}; valid: {', '.join(allowed)}, where")
        out = []
        for e in self._entries.values():
            ok = True
            for k, want in criteria.items():
                have = getattr(e, k)
                accepted = set(want) if isinstance(want, (list, tuple, set, frozenset)) else {want}
                if have not in accepted:
                    ok = False
                    break
            if ok and (where is None or where(e)):
                out.append(e)
        return out


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


# ------------------------------------------------------------------------ building catalogs


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
    return list(combined.values()), problems


def builtin_path() -> Path:
    """Where the shipped catalog is: inside the installed package, or the checkout's catalog/."""
    packaged = Path(__file__).parent / "_catalog"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "catalog"


@functools.lru_cache(maxsize=1)
def builtin_catalog() -> Catalog:
    """The shipped catalog, read once per process and cached."""
    entries, sources, problems, found = loader.load_folder(builtin_path(), shown_root="catalog")
    entries, more = _cross_check(entries, {}, found)
    loader.raise_if_problems(problems + more)
    return Catalog(entries, sources)


def load_catalog(path: str | Path | None = None, include_builtin: bool = True) -> Catalog:
    """Load a catalog folder, by default beside the shipped catalog.

    With ``include_builtin=True`` the folder's entries are added to the shipped ones and may
    cite the shipped sources; an entry whose id is already shipped must say
    ``replaces = "<id>"`` (silent shadowing is an error). Every problem is raised at once as a
    ``CatalogError``.
    """
    if path is None:
        if not include_builtin:
            raise ValueError("load_catalog() needs a path when include_builtin=False")
        return builtin_catalog()
    base = builtin_catalog() if include_builtin else None
    entries, sources, problems, found = loader.load_folder(
        Path(path), base_sources=base.sources if base else None
    )
    shipped = {e.id: e for e in base} if base else {}
    combined, more = _cross_check(entries, shipped, found)
    loader.raise_if_problems(problems + more)
    return Catalog(combined, sources)


__all__ = ["Catalog", "CatalogError", "builtin_catalog", "load_catalog", "builtin_path"]
