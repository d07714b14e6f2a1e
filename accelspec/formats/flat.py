"""The flat export: one record per entry with a fixed set of keys in fixed units.

This is a contract that pandas users, CSV users and other tools rely on; keys and units are
listed in ``FLAT_KEYS`` and in docs/export.md. The value exported is the claim the documented
pick rule shows; ``claim_records`` exports every claim instead.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from ..model import PRECISIONS, Accelerator, pick


def _compute_key(precision: str, sparse: bool = False) -> str:
    base = f"{precision}_tops" if precision.startswith("int") else f"{precision}_tflops"
    return base + ("_sparse" if sparse else "")


# key -> (field path, unit) for the numeric keys read straight from a field
_NUMERIC: dict[str, tuple[str, str]] = {
    "process_nm": ("process_node", "nm"),
    "die_area_mm2": ("die_area", "mm²"),
    "transistors_billion": ("transistors", "billion"),
    "memory_gb": ("memory.capacity", "GB"),
    "memory_bandwidth_gbs": ("memory.bandwidth", "GB/s"),
    "tdp_w": ("power.tdp", "W"),
    "scaleup_bandwidth_gbs": ("interconnect.scaleup_bandwidth", "GB/s"),
}
for _p in PRECISIONS:
    _NUMERIC[_compute_key(_p)] = (f"compute.{_p}.dense", "TOP/s" if _p.startswith("int") else "TFLOP/s")
for _p in PRECISIONS:
    _NUMERIC[_compute_key(_p, True)] = (f"compute.{_p}.sparse", "TOP/s" if _p.startswith("int") else "TFLOP/s")
del _p

FLAT_KEYS: tuple[str, ...] = (
    "id", "name", "vendor", "kind", "level", "form_factor", "status", "market", "announced", "released",
    "process_nm", "foundry", "die_area_mm2", "transistors_billion",
    "memory_gb", "memory_type", "memory_bandwidth_gbs", "tdp_w", "scaleup_bandwidth_gbs",
    *(_compute_key(p) for p in PRECISIONS),
    *(_compute_key(p, True) for p in PRECISIONS),
    "price_usd", "price_date",
)
"""The contract's keys, in order. Extra keys (region, family, aliases) follow them."""

KIND_KEYS: tuple[str, ...] = tuple(f"{k}_kind" for k in FLAT_KEYS if k in _NUMERIC) + ("price_usd_kind",)
"""Beside each number, the kind of source it rests on (vendor, measured, analyst, press, ...)."""

EXTRA_KEYS: tuple[str, ...] = ("region", "family", "aliases", *KIND_KEYS)


def usd_price(e: Accelerator):
    """The price claim shown for an entry: the pick rule over its USD prices (CNY is never converted)."""
    return pick(tuple(c for c in e.prices if c.unit == "USD"))


def record(e: Accelerator, catalog=None) -> dict:
    """The flat record of one entry (None where unknown); ``catalog`` resolves compositions."""
    out: dict = {
        "id": e.id, "name": e.name, "vendor": e.vendor, "kind": e.kind, "level": e.level,
        "form_factor": e.form_factor, "status": e.status, "market": e.market,
    }
    for k in ("announced", "released"):
        v = e.value(k)
        out[k] = str(v) if v is not None else None
    from ..metrics import Context, field

    ctx = Context(catalog=catalog)
    kinds: dict[str, str | None] = {}
    for k in FLAT_KEYS:
        if k in _NUMERIC:
            path, unit = _NUMERIC[k]
            # the same reading compare uses: the entry's own value, else the sum over its composition
            # (a card of two chips, a rack); a bound or a range is no value (claim_records keeps it)
            r = field(e, path, unit, ctx)
            out[k] = r.value
            kinds[f"{k}_kind"] = r.weakest_kind if not r.missing else None
    out["foundry"] = e.value("foundry")
    out["memory_type"] = e.value("memory.type")
    price = usd_price(e)
    # the price of one: a board or server price is divided by the count it bought
    if price is not None and not price.is_point:
        price = None  # a range or a bound is no price of one (claim_records keeps it)
    out["price_usd"] = price.value / (price.count or 1) if price else None
    out["price_date"] = str(price.date) if price and price.date else None
    ordered = {k: out.get(k) for k in FLAT_KEYS}
    ordered["region"] = e.region
    ordered["family"] = e.family
    ordered["aliases"] = list(e.aliases)
    ordered.update(kinds)
    ordered["price_usd_kind"] = price.effective_kind if price else None
    return ordered


def records(entries: Iterable[Accelerator], catalog=None) -> list[dict]:
    return [record(e, catalog) for e in entries]


CLAIM_KEYS = ("id", "field", "value", "unit", "kind", "shown", "source", "source_title", "publisher",
              "source_date", "url", "note", "quote", "derivation", "price_date", "item")


def claim_records(entries: Iterable[Accelerator]) -> list[dict]:
    """Every claim of every entry, one record each, with ``shown`` marking the picked one."""
    out = []
    for e in entries:
        groups = [(path, claims) for path, claims in e.fields.items()] + [("prices", e.prices)]
        for path, claims in groups:
            shown = pick(claims) if path != "prices" else usd_price(e)
            for c in claims:
                value = c.value if isinstance(c.value, (float, str)) else str(c.value)
                out.append({
                    "id": e.id, "field": path, "value": value, "unit": c.unit, "kind": c.effective_kind,
                    "shown": c is shown, "source": c.source.id, "source_title": c.source.title,
                    "publisher": c.source.publisher, "source_date": str(c.source.date) if c.source.date else None,
                    "url": c.source.url, "note": c.note, "quote": c.quote, "derivation": c.derivation,
                    "price_date": str(c.date) if c.date else None, "item": c.item,
                })
    return out


def to_json(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)


def to_csv(rows: list[dict], keys: Iterable[str] | None = None) -> str:
    keys = list(keys) if keys is not None else (list(rows[0]) if rows else list(FLAT_KEYS))
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=keys, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: ("|".join(v) if isinstance(v, list) else ("" if v is None else v)) for k, v in r.items()})
    return buf.getvalue()
