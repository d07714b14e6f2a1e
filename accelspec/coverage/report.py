"""Coverage added up (per entry, per vendor, for the Chinese and China-market group) and printed."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable

from ..metrics import Context
from ..model import SOURCE_KINDS, Accelerator
from ..names import CHINESE_VENDORS, vendor_name
from .fields import FIELDS, REASONS, applicable, cell

_ABBR = {"vendor": "V", "measured": "M", "analyst": "A", "press": "P", "community": "C",
         "estimate": "E", "rumour": "R"}
_REASON_ABBR = {"not-supported": "x", "not-published": "np", "not-found": "?", "partial": "~", "unrecorded": "·"}


def in_the_news_group(e: Accelerator) -> bool:
    """Chinese vendors' entries and NVIDIA's (or anyone's) China-market ones."""
    return e.vendor in CHINESE_VENDORS or e.region == "china"


def coverage_rows(entries: Iterable[Accelerator], catalog=None) -> list[dict]:
    ctx = Context(catalog=catalog)
    rows = []
    for e in entries:
        labels = applicable(e)
        fields, reasons = {}, {}
        for label, _ in FIELDS:
            kind, reason = cell(e, label, ctx) if label in labels else (None, None)
            fields[label] = kind
            if label in labels and kind is None:
                reasons[label] = reason
        rows.append({
            "id": e.id, "vendor": e.vendor, "region": e.region, "status": e.status, "level": e.level,
            "group": "chips in the news" if in_the_news_group(e) else "other",
            "fields": fields, "missing": list(reasons), "reasons": reasons,
            "filled": sum(1 for k in labels if fields[k] is not None), "expected": len(labels),
            "claims": sum(len(v) for v in e.fields.values()) + len(e.prices),
        })
    return rows


def _share(rows: list[dict]) -> dict:
    filled = sum(r["filled"] for r in rows)
    expected = sum(r["expected"] for r in rows)
    reasons = Counter(v for r in rows for v in r["reasons"].values())
    known = filled + reasons["not-supported"]
    return {"entries": len(rows), "filled": filled, "expected": expected, "reasons": dict(reasons),
            "kinds": dict(Counter(k for r in rows for k in r["fields"].values() if k)),
            "share_filled": filled / expected if expected else None,
            "share_filled_or_not_supported": known / expected if expected else None}


def group_summary(rows: list[dict]) -> dict[str, dict]:
    """Totals per vendor, for the chips-in-the-news group and for all entries."""
    by_vendor: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_vendor[r["vendor"]].append(r)
    out = {vendor_name(v): _share(rs) for v, rs in sorted(by_vendor.items())}
    out["Chinese + China-market"] = _share([r for r in rows if r["group"] == "chips in the news"])
    out["all entries"] = _share(rows)
    return out


def _pct(x) -> str:
    return "—" if x is None else f"{x:.0%}"


def coverage_report(entries: Iterable[Accelerator], fmt: str = "text", catalog=None) -> str:
    rows = coverage_rows(entries, catalog)
    summary = group_summary(rows)
    if fmt == "json":  # one record per entry (the group totals are sums over them: see group_summary)
        return json.dumps(rows, ensure_ascii=False, indent=2)
    from tabulate import tabulate

    labels = [label for label, _ in FIELDS]

    def mark(r: dict, k: str) -> str:
        if r["fields"][k]:
            return _ABBR[r["fields"][k]]
        return _REASON_ABBR[r["reasons"][k]] if k in r["reasons"] else "n/a"

    tablefmt = "github" if fmt == "markdown" else "simple"
    table = [[r["id"], *[mark(r, k) for k in labels], f"{r['filled']}/{r['expected']}"] for r in rows]
    out = [tabulate(table, headers=["entry", *labels, "filled"], tablefmt=tablefmt, disable_numparse=True), ""]
    out.append("A value: its kind of source — " + ", ".join(f"{a} {k}" for k, a in _ABBR.items()) + ". "
               "Empty: x not supported (a sourced fact), np not published by the vendor, ? not found (where we "
               "looked is recorded), ~ only a bound, a range or a figure of unstated dense/sparse basis, · not yet "
               "found (nothing recorded); n/a does not apply at this level. "
               "BF16 accepts a dense FP16 figure; compositions count (a card has its chips' compute).")
    vt = []
    for name, s in summary.items():
        vt.append([name, s["entries"], f"{s['filled']}/{s['expected']}", _pct(s["share_filled"]),
                   _pct(s["share_filled_or_not_supported"]),
                   " ".join(f"{_REASON_ABBR[k]}{s['reasons'][k]}" for k in REASONS if s["reasons"].get(k)),
                   " ".join(f"{_ABBR[k]}{s['kinds'][k]}" for k in SOURCE_KINDS if s["kinds"].get(k))])
    out += ["", tabulate(vt, headers=["vendor / group", "entries", "filled", "share", "filled or n/s", "empty, by reason",
                                      "values, by kind"], tablefmt=tablefmt, disable_numparse=True)]
    g = summary["Chinese + China-market"]
    out += ["", f"{len(rows)} entries. Chinese and China-market entries: {g['filled']} of {g['expected']} fields filled "
                f"({_pct(g['share_filled'])}); filled or known not supported: {_pct(g['share_filled_or_not_supported'])}."]
    return "\n".join(out)
