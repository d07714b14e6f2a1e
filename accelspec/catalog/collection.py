"""The Catalog collection: lookup by any name, ranked search, filters.

Lookups go exact -> raising (as pycountry does): ``get`` matches a normalized name exactly
and never falls back to a "close" chip, so ``get("H20")`` cannot return the H200. Fuzzy
matching only ever produces *suggestions* in the error, or a ranked list from ``find``.

A catalog holds its lookup index as plain data (:class:`Index`), so that a catalog served from
the compiled index (:mod:`.compiled`) answers ``get`` after decoding one entry, not all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .. import names
from ..errors import (
    AmbiguousAcceleratorError,
    ArgumentTypeError,
    UnknownAcceleratorError,
)
from ..model import Accelerator, Source

FILTERS = ("vendor", "kind", "level", "status", "market", "region", "family", "form_factor", "generic")
"""Identity fields :meth:`Catalog.select` filters on."""


def names_of(e: Accelerator) -> tuple[str, ...]:
    """Every name an entry answers to: id, display name, aliases."""
    return (e.id, e.name) + e.aliases


class Index:
    """Which entry each name key belongs to, in plain lists and dicts (what the compiled file stores).

    ``order`` is the catalog order (vendor, then id); ``vendors`` and ``names`` are per id;
    ``keys`` maps a name key to ids, ``derived`` the same key with a vendor or product-line
    word stripped ("ascend910b" -> "910b").
    """

    __slots__ = ("order", "vendors", "names", "keys", "derived")

    def __init__(self, order: list[str], vendors: dict[str, str], names_: dict[str, tuple[str, ...]],
                 keys: dict[str, list[str]], derived: dict[str, list[str]]):
        self.order, self.vendors, self.names, self.keys, self.derived = order, vendors, names_, keys, derived

    @classmethod
    def build(cls, entries: Iterable[Accelerator]) -> "Index":
        ordered = sorted(entries, key=lambda e: (e.vendor, e.id))
        keys: dict[str, list[str]] = {}
        derived: dict[str, list[str]] = {}
        for e in ordered:
            for n in names_of(e):
                k = names.key(n)
                _add(keys, k, e.id)
                for _vid, rest in names.strip_vendor(k):
                    _add(derived, rest, e.id)
        return cls([e.id for e in ordered], {e.id: e.vendor for e in ordered},
                   {e.id: names_of(e) for e in ordered}, keys, derived)

    def to_data(self) -> dict[str, Any]:
        return {"order": self.order, "vendors": self.vendors, "names": self.names, "keys": self.keys,
                "derived": self.derived}

    @classmethod
    def from_data(cls, d: dict[str, Any]) -> "Index":
        return cls(d["order"], d["vendors"], {i: tuple(n) for i, n in d["names"].items()}, d["keys"], d["derived"])


def _add(table: dict[str, list[str]], key: str, eid: str) -> None:
    ids = table.setdefault(key, [])
    if eid not in ids:
        ids.append(eid)


class Catalog:
    """An immutable, ordered collection of accelerators with their sources.

    Build one with :func:`load_catalog`; the shipped catalog is :func:`builtin_catalog`.
    Iteration order is stable: by vendor, then id.
    """

    def __init__(self, entries: Iterable[Accelerator], sources: dict[str, Source], *,
                 index: Index | None = None, decode: Callable[[str], Accelerator] | None = None,
                 suggestions: Callable[[], Any] | None = None):
        """``entries`` and ``sources`` as loaded; or, from the compiled index, no entries, an
        ``index``, a ``decode`` function that builds one entry by id when first asked for, and a
        ``suggestions`` function that returns the stored suggestion index on the first miss."""
        self.sources = dict(sources)
        if decode is None:
            entries = list(entries)
            self._index = index or Index.build(entries)
            self._entries: dict[str, Accelerator] = {e.id: e for e in entries}
        else:
            assert index is not None, "a lazily decoded catalog needs its index"
            self._index, self._entries = index, {}
        self._decode = decode
        self._stored_suggestions = suggestions
        self._suggestions = None  # a NameIndex, built (or read from the compiled index) on the first miss

    @staticmethod
    def names_of(e: Accelerator) -> tuple[str, ...]:
        return names_of(e)

    def _entry(self, eid: str) -> Accelerator:
        e = self._entries.get(eid)
        if e is None:
            e = self._entries[eid] = self._decode(eid)  # type: ignore[misc]
        return e

    # ---------------------------------------------------------------- collection protocol

    def __iter__(self) -> Iterator[Accelerator]:
        return (self._entry(i) for i in self._index.order)

    def __len__(self) -> int:
        return len(self._index.order)

    def __contains__(self, query: object) -> bool:
        # a miss answers False without ranking suggestions over every name
        if isinstance(query, Accelerator):
            return query.id in self._index.vendors
        return isinstance(query, str) and len(self._resolve(query)) == 1

    def __getitem__(self, query: str) -> Accelerator:
        return self.get(query)

    def __repr__(self) -> str:
        return f"<Catalog: {len(self)} entries, {len(self.sources)} sources>"

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self._index.order)

    # ---------------------------------------------------------------- lookup

    def _resolve(self, query: str) -> list[str]:
        """The ids a query names exactly (after folding): none, one, or several (ambiguous)."""
        idx = self._index
        k = names.key(query)
        ids = idx.keys.get(k)
        if not ids:
            # "英伟达 H20", "NVIDIA H20": a vendor word, then a name of that vendor's entry
            for vid, rest in names.strip_vendor(k):
                found = [i for i in dict.fromkeys(idx.keys.get(rest, []) + idx.derived.get(rest, []))
                         if idx.vendors[i] == vid]
                if found:
                    ids = found
                    break
        if not ids:
            ids = idx.derived.get(k)
        return list(ids or ())

    def get(self, query: str | Accelerator) -> Accelerator:
        """The entry named by ``query``: an id, name or alias, in English or Chinese.

        Matching ignores case, spaces, hyphens, full-width forms and traditional/simplified
        differences, and nothing else. A miss raises ``UnknownAcceleratorError`` with ranked
        suggestions; a name shared by several entries raises ``AmbiguousAcceleratorError``.
        """
        if isinstance(query, Accelerator):
            return query
        if not isinstance(query, str):
            raise ArgumentTypeError(f"expected a chip name or id (got {query!r})")
        ids = self._resolve(query)
        if not ids:
            raise UnknownAcceleratorError(query, self.suggest(query))
        if len(ids) > 1:
            raise AmbiguousAcceleratorError(query, sorted(ids))
        return self._entry(ids[0])

    def suggest(self, query: str, n: int = 3) -> list[str]:
        """Up to ``n`` names close to ``query``, best first (one per entry)."""
        return [name for _score, name, _id in self._ranked(query)][:n]

    def _ranked(self, query: str) -> list[tuple[float, str, str]]:
        q = names.key(query)
        if not q:
            return []
        if self._suggestions is None:
            self._suggestions = self._stored_suggestions() if self._stored_suggestions else self.name_index()
        best: dict[str, tuple[float, str]] = {}
        for score, (eid, n) in self._suggestions.close(q):
            if score > best.get(eid, (0.0, ""))[0]:
                best[eid] = (score, n)
        for eid, (score, n) in best.items():
            # show a name in the query's script: an English query gets an English name
            if _has_cjk(n) and not _has_cjk(query):
                best[eid] = (score, self._index.names[eid][1])
        return sorted(((s, n, i) for i, (s, n) in best.items()), key=lambda t: (-t[0], len(t[1]), t[2]))

    def name_index(self):
        """The suggestion index over every name: ``(key, (id, name))`` items (difflib only from here)."""
        from ..suggest import NameIndex

        return NameIndex((names.key(n), (eid, n)) for eid in self._index.order for n in self._index.names[eid])

    def _filter_value(self, key: str, value: Any) -> Any:
        """A filter value as entries hold it, or an error with suggestions (a typo never selects nothing).

        Vendors may be named as readers name them ("Huawei", "华为"); other keys take their values.
        """
        valid = _valid_values(self, key)
        if value in valid:
            return value
        if key == "vendor" and isinstance(value, str):
            vid = names.vendor_id(value)
            if vid is not None:
                return vid  # a known vendor with no entry here selects nothing, as it should
        from ..errors import InvalidValueError, close_hint

        raise InvalidValueError(key, value, close_hint(str(value), [str(v) for v in valid]))

    def find(self, text: str, limit: int = 10) -> list[Accelerator]:
        """Entries matching ``text``, best first: an exact name, then names containing it, then close ones."""
        ids = self._resolve(text) if isinstance(text, str) else []
        out = [self._entry(i) for i in (ids if len(ids) == 1 else sorted(ids))]
        for _s, _n, i in self._ranked(text):
            e = self._entry(i)
            if e not in out:
                out.append(e)
        return out[:limit]

    def select(self, *, where: Callable[[Accelerator], bool] | None = None, **criteria: Any) -> list[Accelerator]:
        """Entries whose attributes match every criterion, in catalog order.

        A criterion's value may be one value or a collection of accepted values:
        ``select(vendor=["nvidia", "huawei"], level="package", status="shipping")``.
        Keys are the identity fields (vendor, kind, level, status, market, region, family,
        form_factor, generic). ``where`` is any predicate on an entry.
        """
        for k in criteria:
            if k not in FILTERS:
                raise ArgumentTypeError(f"select() got an unknown criterion {k!r}; valid: {', '.join(FILTERS)}, where")
        accepted = {k: {self._filter_value(k, x) for x in (v if isinstance(v, (list, tuple, set, frozenset)) else [v])}
                    for k, v in criteria.items()}
        ids = self._index.order
        if "vendor" in accepted:  # the index knows vendors: no entry of another vendor is decoded
            ids = [i for i in ids if self._index.vendors[i] in accepted["vendor"]]
        out = []
        for i in ids:
            e = self._entry(i)
            if all(getattr(e, k) in want for k, want in accepted.items()) and (where is None or where(e)):
                out.append(e)
        return out


def _valid_values(cat: "Catalog", key: str) -> tuple:
    from .. import model

    enums = {"kind": model.KINDS, "level": model.LEVELS, "status": model.STATUSES, "market": model.MARKETS,
             "region": model.REGIONS, "form_factor": model.FORM_FACTORS, "generic": (True, False)}
    if key in enums:
        return tuple(enums[key])
    if key == "vendor":
        return tuple(sorted(set(cat._index.vendors.values())))
    return tuple(sorted({getattr(e, key) for e in cat if getattr(e, key) is not None}))


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)
