"""The full export: everything a catalog holds, as one JSON document that reads back into an equal catalog.

Entries with identity, aliases, notes and compositions; every claim with its engine, direction,
kind override, note, quote, derivation, bound, range, price date, item and count; every gap and
relative claim; every source, cited or not. ``accelspec export --format full`` writes it;
:func:`load` (or ``load_catalog("x.json")``) reads it back, checking every record with the same
kind of ``$.path`` problems as the TOML loader. ``dumps(load(dumps(c))) == dumps(c)``, byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..catalog import Catalog, codec
from ..errors import CatalogError, Problem
from ..model import Accelerator, Source

FORMAT = "accelspec-full"
VERSION = 1


def to_data(catalog: Catalog, entries: Iterable[Accelerator] | None = None) -> dict[str, Any]:
    """The catalog (or the given entries of it, with every source of the catalog) as plain data."""
    chosen = list(catalog) if entries is None else list(entries)
    return {
        "format": FORMAT, "version": VERSION,
        "sources": [codec.encode_source(s) for s in sorted(catalog.sources.values(), key=lambda s: s.id)],
        "entries": [codec.encode_entry(e) for e in chosen],
    }


def dumps(catalog: Catalog, entries: Iterable[Accelerator] | None = None) -> str:
    """The full export as JSON text: keys in a fixed order, UTF-8 kept, one newline at the end."""
    return json.dumps(to_data(catalog, entries), ensure_ascii=False, indent=1) + "\n"


def load(path: str | Path) -> Catalog:
    """A catalog from a full export file; every problem raised at once as a ``CatalogError``."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise CatalogError([Problem(str(p), "$", f"cannot read file: {getattr(e, 'strerror', None) or e}")]) from None
    return loads(text, str(p))


def loads(text: str, shown: str = "<full export>") -> Catalog:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as e:
        raise CatalogError([Problem(shown, "$", f"invalid JSON: {e}")]) from None
    problems: list[Problem] = []

    def bad(path: str, message: str) -> None:
        problems.append(Problem(shown, path, message))

    if not isinstance(data, dict) or data.get("format") != FORMAT:
        bad("$.format", f"not an accelspec full export (expected format {FORMAT!r})")
        raise CatalogError(problems)
    if data.get("version") != VERSION:
        bad("$.version", f"unsupported version {data.get('version')!r} (this accelspec reads {VERSION})")
        raise CatalogError(problems)
    sources: dict[str, Source] = {}
    for i, d in enumerate(_list(data, "sources", bad)):
        try:
            s = codec.decode_source(d)
        except Exception as e:  # noqa: BLE001 - any malformed record becomes a problem with its path
            bad(f"$.sources[{i}]", _why(e))
            continue
        if s.id in sources:
            bad(f"$.sources[{i}].id", f"duplicate source id {s.id!r}")
        sources[s.id] = s
    entries: list[Accelerator] = []
    for i, d in enumerate(_list(data, "entries", bad)):
        try:
            e = codec.decode_entry(d, sources)
        except KeyError as e:
            bad(f"$.entries[{i}]", f"missing key or unknown source {e.args[0]!r}")
            continue
        except Exception as e:  # noqa: BLE001
            bad(f"$.entries[{i}]", _why(e))
            continue
        for path, message in _claim_problems(e):
            bad(f"$.entries[{i}].{path}", message)
        entries.append(e)
    if problems:
        raise CatalogError(problems)
    from ..catalog.build import _cross_check

    entries, more = _cross_check(entries, {}, set())
    if more:
        raise CatalogError(more)
    return Catalog(entries, sources)


def _claim_problems(e: Accelerator):
    """What the TOML loader would refuse in a claim: a unit of the wrong dimension, a value out of range."""
    import math

    from .. import units
    from ..loader.claims import RANGE
    from ..model import FIELD_TYPES

    for path, claims in list(e.fields.items()) + [("prices", e.prices)]:
        ftype = "money" if path == "prices" else FIELD_TYPES.get(path)
        if ftype is None:
            yield f"fields.{path}", f"unknown field {path!r}"
            continue
        for j, c in enumerate(claims):
            where = f"fields.{path}[{j}]" if path != "prices" else f"prices[{j}]"
            if ftype in ("text", "date"):
                continue
            if not units.is_unit(c.unit) or not (units.dimension(c.unit) == ftype or
                                                  (ftype == "money" and units.dimension(c.unit).startswith("money"))):
                yield f"{where}.unit", f"unit {c.unit!r} does not fit {path}"
            elif not (math.isfinite(c.value) and RANGE[0] <= abs(c.value) and c.value > 0):
                yield f"{where}.value", f"value must be positive and finite (got {c.value!r})"


def _list(data: dict, key: str, bad) -> list:
    v = data.get(key)
    if not isinstance(v, list):
        bad(f"$.{key}", f"expected an array (got {type(v).__name__})")
        return []
    return v


def _why(e: Exception) -> str:
    return f"malformed record ({type(e).__name__}: {e})"


def same(a: Catalog, b: Catalog) -> bool:
    """True when two catalogs hold the same entries, claims and sources (what the full export keeps)."""
    return to_data(a) == to_data(b)
