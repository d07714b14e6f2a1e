"""One accelerator file -> an :class:`~accelspec.model.Accelerator`, every problem collected."""

from __future__ import annotations

from typing import Any

from .. import model
from ..model import Accelerator, Claim, Component, Source
from .annotations import parse_gaps, parse_relations
from .claims import _Claims
from .common import _ID, _check_keys, _Ctx

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
    + ("compute", "prices", "contains", "gaps", "relations", "sources")
)

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
        c = cp.one(path, rp, "money", ("date", "item", "count"))
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

    gaps = parse_gaps(cp, doc, fields, bool(prices))
    relations = parse_relations(cp, _table_array(ctx, file, doc, "relations"))

    if len(ctx.problems) > n_before:
        return None
    return Accelerator(
        id=ident["id"], name=ident["name"], vendor=ident["vendor"], kind=ident["kind"], level=ident["level"],
        status=ident["status"], market=ident["market"], family=ident.get("family"),
        form_factor=ident.get("form_factor"), region=ident.get("region", "global"),
        aliases=lists["aliases"], notes=ident.get("notes"), generic=generic, variants=lists["variants"],
        replaces=ident.get("replaces"), fields=fields, prices=tuple(prices), contains=tuple(contains),
        gaps=gaps, relations=relations, file=file,
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
