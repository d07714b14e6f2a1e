"""TOML catalog files -> model records, with every problem reported at once.

The loader is strict: unknown keys, unknown units, a source that is not defined, a negative,
zero or non-finite number, sparse below dense, duplicate ids, an alias claimed by two entries,
a composition naming an unknown entry — each is a ``Problem`` naming the file, the field path
(``$.memory.bandwidth``) and the bad value, and all of them are raised together as one
``CatalogError``. Files are TOML only (``tomllib``): nothing in them is executed.

Layout: ``<root>/<vendor>/<id>.toml`` holds one entry; any ``_*.toml`` file (at the root or in
a vendor folder) holds only ``[sources.*]`` tables that every file may cite.
"""

from __future__ import annotations

import difflib
import math
import re
import sys
from pathlib import Path
from typing import Any, Iterable

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

from . import model, units
from .errors import CatalogError, Problem
from .model import Accelerator, Claim, Component, PartialDate, Source

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

_CLAIM_KEYS = ("value", "unit", "source", "note", "kind", "quote", "derivation")
_SOURCE_KEYS = ("title", "kind", "publisher", "url", "date", "language", "via", "note")
_IDENTITY = {
    # key: (required, allowed values or None for free text)
    "id": (True, None),
    "name": (True, None),
    "vendor": (True, None),
    "kind": (True, model.KINDS),
    "level": (True, model.LEVELS),
    "status": (True, model.STATUSES),
    "market": (True, model.MARKETS),
    "family": (False, None),
    "form_factor": (False, model.FORM_FACTORS),
    "region": (False, model.REGIONS),
    "notes": (False, None),
    "replaces": (False, None),
}
_TOP_CLAIMS = tuple(p for p in model.FIELD_TYPES if "." not in p)
_GROUPS = {
    "memory": ("capacity", "type", "bandwidth", "stacks", "bus_width"),
    "power": ("tdp",),
    "interconnect": ("technology", "scaleup_bandwidth"),
}
_TOP_KEYS = (
    tuple(_IDENTITY)
    + ("aliases", "generic", "variants")
    + _TOP_CLAIMS
    + tuple(_GROUPS)
    + ("compute", "prices", "contains", "sources")
)


class _Ctx:
    """Problems collected while reading one catalog, each tagged with its file."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str, path: str, message: str) -> None:
        self.problems.append(Problem(file, path, message))


def _did_you_mean(word: str, valid: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(valid), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _check_keys(ctx: _Ctx, file: str, path: str, table: dict, valid: Iterable[str]) -> None:
    valid = tuple(valid)
    for k in table:
        if k not in valid:
            ctx.add(file, f"{path}.{k}", f"unknown key {k!r}{_did_you_mean(k, valid)} (valid: {', '.join(valid)})")


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


# --------------------------------------------------------------------------- files


MAX_FILE_BYTES = 1 << 20
"""A catalog file larger than this (1 MiB) is refused unread: real entries are a few KiB."""


def read_toml(path: Path, shown: str, ctx: _Ctx) -> dict | None:
    """Parse one file; a parser failure becomes a Problem, never a traceback."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            ctx.add(shown, "$", f"file is {size:,} bytes; a catalog file may be at most {MAX_FILE_BYTES:,}")
            return None
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as e:
        ctx.add(shown, "$", f"invalid TOML: {e}")
    except RecursionError:  # a hostile file nesting arrays or tables thousands deep
        ctx.add(shown, "$", "invalid TOML: nested too deeply to parse")
    except UnicodeDecodeError as e:
        ctx.add(shown, "$", f"not UTF-8 text: {e.reason} at byte {e.start}")
    except OSError as e:
        ctx.add(shown, "$", f"cannot read file: {e.strerror or e}")
    return None


def catalog_files(root: Path) -> tuple[list[Path], list[Path]]:
    """(source files, entry files) under ``root``, sorted for a stable order."""
    source_files, entry_files = [], []
    for p in sorted(root.rglob("*.toml")):
        (source_files if p.name.startswith("_") else entry_files).append(p)
    return source_files, entry_files


# --------------------------------------------------------------------------- sources


def parse_source(ctx: _Ctx, file: str, sid: str, raw: Any) -> Source | None:
    path = f"$.sources.{sid}"
    if not isinstance(raw, dict):
        ctx.add(file, path, f"a source must be a table (got {raw!r})")
        return None
    _check_keys(ctx, file, path, raw, _SOURCE_KEYS)
    ok = True
    if not _ID.match(sid):
        ctx.add(file, path, f"source id must be lower-case kebab (got {sid!r})")
        ok = False
    for req in ("title", "kind"):
        if req not in raw:
            ctx.add(file, path, f"missing required key {req!r}")
            ok = False
    kind = raw.get("kind")
    if kind is not None and kind not in model.SOURCE_KINDS:
        ctx.add(file, f"{path}.kind", f"'kind' must be in {list(model.SOURCE_KINDS)!r} (got {kind!r})")
        ok = False
    for k in ("title", "publisher", "url", "language", "via", "note"):
        if k in raw and not (isinstance(raw[k], str) and raw[k].strip()):
            ctx.add(file, f"{path}.{k}", f"{k!r} must be non-empty text (got {raw[k]!r})")
            ok = False
    date = None
    if "date" in raw:
        try:
            date = PartialDate.parse(raw["date"])
        except ValueError as e:
            ctx.add(file, f"{path}.date", str(e))
            ok = False
    if not ok:
        return None
    return Source(
        id=sid, title=raw["title"], kind=kind, publisher=raw.get("publisher"), url=raw.get("url"),
        date=date, language=raw.get("language"), via=raw.get("via"), note=raw.get("note"), file=file,
    )


def collect_sources(ctx: _Ctx, docs: list[tuple[str, dict]], known: dict[str, Source]) -> dict[str, Source]:
    """Every source defined in ``docs`` plus ``known``; a second definition of an id is a problem."""
    sources = dict(known)
    for file, doc in docs:
        raw = doc.get("sources", {})
        if not isinstance(raw, dict):
            ctx.add(file, "$.sources", f"'sources' must be a table of tables (got {raw!r})")
            continue
        for sid, sraw in raw.items():
            src = parse_source(ctx, file, sid, sraw)
            if src is None:
                continue
            if sid in sources:
                ctx.add(file, f"$.sources.{sid}", f"source id {sid!r} is already defined in {sources[sid].file}")
                continue
            sources[sid] = src
    return sources


# --------------------------------------------------------------------------- claims


class _Claims:
    """Parses the claims of one entry file against the sources known to the catalog."""

    def __init__(self, ctx: _Ctx, file: str, sources: dict[str, Source]):
        self.ctx, self.file, self.sources = ctx, file, sources

    def problem(self, path: str, message: str) -> None:
        self.ctx.add(self.file, path, message)

    def source(self, path: str, raw: dict) -> Source | None:
        if "source" not in raw:
            self.problem(path, "missing required key 'source'; every value cites a source")
            return None
        sid = raw["source"]
        if not isinstance(sid, str) or sid not in self.sources:
            local = sorted(s.id for s in self.sources.values() if s.file == self.file)
            defined = f"; defined here: {', '.join(local)}" if local else ""
            self.problem(f"{path}.source", f"unknown source {sid!r}{_did_you_mean(str(sid), self.sources)}{defined}")
            return None
        return self.sources[sid]

    def many(self, path: str, raw: Any, ftype: str, extra: tuple[str, ...] = ()) -> tuple[Claim, ...]:
        """One claim (a table) or several (an array of tables)."""
        if isinstance(raw, dict):
            c = self.one(path, raw, ftype, extra)
            return (c,) if c else ()
        if isinstance(raw, list) and raw:
            out = [self.one(f"{path}[{i}]", r, ftype, extra) for i, r in enumerate(raw)]
            return tuple(c for c in out if c)
        self.problem(path, f"expected a claim table {{ value = ..., source = ... }} or an array of them (got {raw!r})")
        return ()

    def one(self, path: str, raw: Any, ftype: str, extra: tuple[str, ...] = ()) -> Claim | None:
        if not isinstance(raw, dict):
            self.problem(path, f"expected a claim table {{ value = ..., source = ... }} (got {raw!r})")
            return None
        n_before = len(self.ctx.problems)
        _check_keys(self.ctx, self.file, path, raw, _CLAIM_KEYS + extra)
        src = self.source(path, raw)
        value, unit = self.value(path, raw, ftype)
        opts: dict[str, Any] = {}
        for k in ("note", "quote", "derivation", "item"):
            if k in raw:
                if isinstance(raw[k], str) and raw[k].strip():
                    opts[k] = raw[k]
                else:
                    self.problem(f"{path}.{k}", f"{k!r} must be non-empty text (got {raw[k]!r})")
        for k, allowed in (("kind", model.SOURCE_KINDS), ("engine", model.ENGINES), ("direction", model.DIRECTIONS)):
            if k in raw:
                if raw[k] in allowed:
                    opts[k] = raw[k]
                else:
                    self.problem(f"{path}.{k}", f"{k!r} must be in {list(allowed)!r} (got {raw[k]!r})")
        if "date" in extra:
            if "date" not in raw:
                self.problem(path, "missing required key 'date' (when the price was quoted)")
            else:
                try:
                    opts["date"] = PartialDate.parse(raw["date"])
                except ValueError as e:
                    self.problem(f"{path}.date", str(e))
        if len(self.ctx.problems) > n_before or src is None:
            return None
        return Claim(value=value, unit=unit, source=src, **opts)

    def value(self, path: str, raw: dict, ftype: str) -> tuple[Any, str | None]:
        if "value" not in raw:
            self.problem(path, "missing required key 'value'")
            return None, None
        v = raw["value"]
        if ftype == "text":
            if "unit" in raw:
                self.problem(f"{path}.unit", f"a text value takes no unit (got {raw['unit']!r})")
            if not (isinstance(v, str) and v.strip()):
                self.problem(f"{path}.value", f"expected non-empty text (got {v!r})")
            return v, None
        if ftype == "date":
            if "unit" in raw:
                self.problem(f"{path}.unit", f"a date takes no unit (got {raw['unit']!r})")
            try:
                return PartialDate.parse(v), None
            except ValueError as e:
                self.problem(f"{path}.value", str(e))
                return None, None
        # a number with a unit of the field's dimension
        if not _is_number(v):
            self.problem(f"{path}.value", f"expected a number (got {v!r})")
        elif not math.isfinite(v):
            self.problem(f"{path}.value", f"value must be finite (got {v!r})")
        elif v < 0:
            self.problem(f"{path}.value", f"value must not be negative (got {v!r})")
        elif v == 0:
            self.problem(f"{path}.value", "value must be positive (got 0); leave an unknown value out instead of writing 0")
        unit = raw.get("unit")
        dims = (ftype,) if not ftype.startswith("money") else ("money:USD", "money:CNY")
        valid = [u for u in units.UNITS if units.dimension(u) in dims]
        if unit is None:
            self.problem(path, f"missing required key 'unit' (one of {valid!r})")
        elif not units.is_unit(unit) or units.dimension(unit) not in dims:
            self.problem(f"{path}.unit", f"'unit' must be in {valid!r} (got {unit!r})")
        return (float(v) if _is_number(v) else v), unit


# --------------------------------------------------------------------------- entries


def parse_entry(ctx: _Ctx, file: str, doc: dict, sources: dict[str, Source], vendor_dir: str, stem: str) -> Accelerator | None:
    n_before = len(ctx.problems)
    _check_keys(ctx, file, "$", doc, _TOP_KEYS)
    ident: dict[str, Any] = {}
    for key_, (required, allowed) in _IDENTITY.items():
        if key_ not in doc:
            if required:
                ctx.add(file, "$", f"missing required key {key_!r}")
            continue
        v = doc[key_]
        if not (isinstance(v, str) and v.strip()):
            ctx.add(file, f"$.{key_}", f"{key_!r} must be non-empty text (got {v!r})")
        elif allowed is not None and v not in allowed:
            ctx.add(file, f"$.{key_}", f"{key_!r} must be in {list(allowed)!r} (got {v!r})")
        else:
            ident[key_] = v
    eid = ident.get("id")
    if eid is not None:
        if not _ID.match(eid):
            ctx.add(file, "$.id", f"id must be lower-case kebab such as 'nvidia-h20' (got {eid!r})")
        elif eid != stem:
            ctx.add(file, "$.id", f"id {eid!r} does not match the file name {stem + '.toml'!r}")
    vendor = ident.get("vendor")
    if vendor is not None:
        if vendor != vendor_dir:
            ctx.add(file, "$.vendor", f"vendor {vendor!r} does not match the folder {vendor_dir!r}")
        elif eid and not eid.startswith(vendor + "-"):
            ctx.add(file, "$.id", f"id {eid!r} must start with the vendor prefix {vendor + '-'!r}")

    lists: dict[str, tuple[str, ...]] = {}
    for key_ in ("aliases", "variants"):
        v = doc.get(key_, [])
        if not (isinstance(v, list) and all(isinstance(a, str) and a.strip() for a in v)):
            ctx.add(file, f"$.{key_}", f"{key_!r} must be an array of non-empty strings (got {v!r})")
            v = []
        lists[key_] = tuple(v)
    generic = doc.get("generic", False)
    if not isinstance(generic, bool):
        ctx.add(file, "$.generic", f"'generic' must be true or false (got {generic!r})")
        generic = False
    if generic and not lists["variants"]:
        ctx.add(file, "$.variants", "a generic entry must list the variants it stands for")

    cp = _Claims(ctx, file, sources)
    fields: dict[str, tuple[Claim, ...]] = {}
    for key_ in _TOP_CLAIMS:
        if key_ in doc:
            fields[key_] = cp.many(f"$.{key_}", doc[key_], model.FIELD_TYPES[key_])
    for group, members in _GROUPS.items():
        table = doc.get(group)
        if table is None:
            continue
        if not isinstance(table, dict):
            ctx.add(file, f"$.{group}", f"{group!r} must be a table (got {table!r})")
            continue
        _check_keys(ctx, file, f"$.{group}", table, members)
        for m in members:
            if m in table:
                path = f"{group}.{m}"
                extra = ("direction",) if path == "interconnect.scaleup_bandwidth" else ()
                fields[path] = cp.many(f"$.{path}", table[m], model.FIELD_TYPES[path], extra)
    compute = doc.get("compute", {})
    if not isinstance(compute, dict):
        ctx.add(file, "$.compute", f"'compute' must be a table (got {compute!r})")
        compute = {}
    _check_keys(ctx, file, "$.compute", compute, model.PRECISIONS)
    for prec in model.PRECISIONS:
        table = compute.get(prec)
        if table is None:
            continue
        if not isinstance(table, dict):
            ctx.add(file, f"$.compute.{prec}", f"expected a table with dense/sparse/vector (got {table!r})")
            continue
        _check_keys(ctx, file, f"$.compute.{prec}", table, model.COMPUTE_SLOTS)
        for slot in model.COMPUTE_SLOTS:
            if slot in table:
                path = f"compute.{prec}.{slot}"
                fields[path] = cp.many(f"$.{path}", table[slot], "compute", ("engine",))
        _check_sparse_not_below_dense(ctx, file, prec, fields)

    prices: list[Claim] = []
    for i, rp in enumerate(_table_array(ctx, file, doc, "prices")):
        path = f"$.prices[{i}]"
        if isinstance(rp, dict) and "item" not in rp:
            ctx.add(file, path, "missing required key 'item' (what was bought)")
        c = cp.one(path, rp, "money", ("date", "item"))
        if c:
            prices.append(c)

    contains: list[Component] = []
    for i, rc in enumerate(_table_array(ctx, file, doc, "contains")):
        path = f"$.contains[{i}]"
        if not isinstance(rc, dict):
            ctx.add(file, path, f"expected a table with id, count, source (got {rc!r})")
            continue
        _check_keys(ctx, file, path, rc, ("id", "count", "source", "note"))
        cid, count = rc.get("id"), rc.get("count")
        ok = True
        if not isinstance(cid, str):
            ctx.add(file, f"{path}.id", f"expected the id of a catalog entry (got {cid!r})")
            ok = False
        if not (isinstance(count, int) and not isinstance(count, bool) and count > 0):
            ctx.add(file, f"{path}.count", f"count must be a positive whole number (got {count!r})")
            ok = False
        src = cp.source(path, rc)
        if ok and src:
            contains.append(Component(id=cid, count=count, source=src, note=rc.get("note")))

    if len(ctx.problems) > n_before:
        return None
    return Accelerator(
        id=ident["id"], name=ident["name"], vendor=ident["vendor"], kind=ident["kind"], level=ident["level"],
        status=ident["status"], market=ident["market"], family=ident.get("family"),
        form_factor=ident.get("form_factor"), region=ident.get("region", "global"),
        aliases=lists["aliases"], notes=ident.get("notes"), generic=generic, variants=lists["variants"],
        replaces=ident.get("replaces"), fields=fields, prices=tuple(prices), contains=tuple(contains), file=file,
    )


def _table_array(ctx: _Ctx, file: str, doc: dict, key: str) -> list:
    """The ``[[key]]`` array of a file (empty when absent); anything else is a problem."""
    raw = doc.get(key, [])
    if not isinstance(raw, list):
        ctx.add(file, f"$.{key}", f"{key!r} must be an array of tables ([[{key}]]) (got {raw!r})")
        return []
    return raw


def _check_sparse_not_below_dense(ctx: _Ctx, file: str, prec: str, fields: dict) -> None:
    dense = model.pick(fields.get(f"compute.{prec}.dense", ()))
    sparse = model.pick(fields.get(f"compute.{prec}.sparse", ()))
    if dense and sparse and dense.unit and sparse.unit:
        d, s = dense.to("TFLOP/s"), sparse.to("TFLOP/s")
        if s < d:
            ctx.add(file, f"$.compute.{prec}", f"sparse {sparse.value:g} {sparse.unit} is below dense {dense.value:g} {dense.unit}")


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
