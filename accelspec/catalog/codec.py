"""Records as plain data and back: every field kept, nothing executed.

``encode_*`` turn :mod:`accelspec.model` records into dicts of str, float, int, bool and
lists (JSON-ready); ``decode_*`` rebuild equal records. Dates are written as their text
("2025-09"); a claim's value is decoded by its field's type, so a date field's "2025" is a date
and a text field's "2025" stays text. Sources are referenced by id inside entries and kept once.
"""

from __future__ import annotations

from typing import Any

from ..model import (
    FIELD_TYPES,
    Accelerator,
    Claim,
    Component,
    Gap,
    PartialDate,
    Relation,
    Source,
)

_SOURCE_OPTIONAL = ("publisher", "url", "language", "via", "note", "file")
_CLAIM_OPTIONAL = ("unit", "note", "kind", "quote", "derivation", "engine", "direction", "item", "count", "bound", "max")
_ENTRY_OPTIONAL = ("family", "form_factor", "notes", "replaces", "file")


def encode_source(s: Source) -> dict[str, Any]:
    d: dict[str, Any] = {"id": s.id, "title": s.title, "kind": s.kind}
    if s.date is not None:
        d["date"] = str(s.date)
    for k in _SOURCE_OPTIONAL:
        v = getattr(s, k)
        if v is not None:
            d[k] = v
    return d


def decode_source(d: dict[str, Any]) -> Source:
    date = PartialDate.parse(d["date"]) if "date" in d else None
    return Source(id=d["id"], title=d["title"], kind=d["kind"], date=date, **{k: d.get(k) for k in _SOURCE_OPTIONAL})


def encode_claim(c: Claim) -> dict[str, Any]:
    value = str(c.value) if isinstance(c.value, PartialDate) else c.value
    d: dict[str, Any] = {"value": value, "source": c.source.id}
    if c.date is not None:
        d["date"] = str(c.date)
    for k in _CLAIM_OPTIONAL:
        v = getattr(c, k)
        if v is not None:
            d[k] = v
    return d


def decode_claim(d: dict[str, Any], ftype: str, sources: dict[str, Source]) -> Claim:
    value = d["value"]
    if ftype == "date":
        value = PartialDate.parse(value)
    elif ftype != "text":
        value = float(value)
    date = PartialDate.parse(d["date"]) if "date" in d else None
    return Claim(value=value, source=sources[d["source"]], date=date, **{k: d.get(k) for k in _CLAIM_OPTIONAL})


def encode_entry(e: Accelerator) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": e.id, "name": e.name, "vendor": e.vendor, "kind": e.kind, "level": e.level, "status": e.status,
        "market": e.market, "region": e.region, "aliases": list(e.aliases), "generic": e.generic,
        "variants": list(e.variants),
    }
    for k in _ENTRY_OPTIONAL:
        v = getattr(e, k)
        if v is not None:
            d[k] = v
    d["fields"] = {path: [encode_claim(c) for c in claims] for path, claims in e.fields.items()}
    d["prices"] = [encode_claim(c) for c in e.prices]
    d["contains"] = [{"id": c.id, "count": c.count, "source": c.source.id, **({"note": c.note} if c.note else {})}
                     for c in e.contains]
    d["gaps"] = {path: _drop_none({"reason": g.reason, "source": g.source.id if g.source else None, "quote": g.quote,
                                   "note": g.note, "searched": g.searched}) for path, g in e.gaps.items()}
    d["relations"] = [_drop_none({"metric": r.metric, "ratio": r.ratio, "to": r.to, "source": r.source.id,
                                  "quote": r.quote, "note": r.note}) for r in e.relations]
    return d


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def decode_entry(d: dict[str, Any], sources: dict[str, Source]) -> Accelerator:
    fields = {path: tuple(decode_claim(c, FIELD_TYPES[path], sources) for c in claims)
              for path, claims in d["fields"].items()}
    return Accelerator(
        id=d["id"], name=d["name"], vendor=d["vendor"], kind=d["kind"], level=d["level"], status=d["status"],
        market=d["market"], region=d["region"], aliases=tuple(d["aliases"]), generic=d["generic"],
        variants=tuple(d["variants"]), fields=fields,
        prices=tuple(decode_claim(c, "money", sources) for c in d["prices"]),
        contains=tuple(Component(id=c["id"], count=c["count"], source=sources[c["source"]], note=c.get("note"))
                       for c in d["contains"]),
        gaps={path: Gap(path, g["reason"], sources[g["source"]] if "source" in g else None, g.get("quote"),
                        g.get("note"), g.get("searched")) for path, g in d.get("gaps", {}).items()},
        relations=tuple(Relation(r["metric"], float(r["ratio"]), r["to"], sources[r["source"]], r.get("quote"),
                                 r.get("note")) for r in d.get("relations", [])),
        **{k: d.get(k) for k in _ENTRY_OPTIONAL},
    )
