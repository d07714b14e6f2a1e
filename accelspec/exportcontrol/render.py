"""Classifications as a table (text, GitHub, Markdown), records, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from .classify import classify_all
from .result import Classification
from .thresholds import _RULES_LINE, EXTRA_KEYS, NOT_LEGAL_ADVICE, RECORD_KEYS, _fmt

# ====================================================================== tables and records

TABLE_HEADERS = ("Chip", "TPP (precision)", "PD", "Die-area basis", "2022", "2023", "Datacenter", "NAC/ACA",
                 "2026 review", "Tariff", "Missing")
UNKNOWN = "?"
NONE = "—"


def _cell(c: Classification, key: str) -> str:
    v = getattr(c, key)
    if key in c.undecided:
        return UNKNOWN
    if v is None:
        return NONE
    if isinstance(v, bool):
        if key == "nac_aca_eligible" and c.eccn_2023 is None:
            return NONE  # no licence needed, so no exception to use
        return "yes" if v else "no"
    return str(v)


def _row(c: Classification) -> list[str]:
    tpp = NONE if c.tpp is None else f"{_fmt(c.tpp)} ({c.tpp_precision})"
    pd = NONE if c.performance_density is None else f"{c.performance_density:.2f}"
    dc = {True: "yes", False: "no", None: UNKNOWN}[c.datacenter]
    return [c.name or "hypothetical chip", tpp, pd, c.die_area_kind or NONE, _cell(c, "eccn_2022"), _cell(c, "eccn_2023"),
            dc, _cell(c, "nac_aca_eligible"), _cell(c, "china_review_2026"), _cell(c, "tariff_2026"),
            ", ".join(c.missing) or NONE]


def table(entries: Iterable[Any], *, catalog=None, fmt: str = "text") -> str:
    """One row per chip (a tabulate table): TPP, PD, die-area basis, each rule, what is missing.

    ``fmt`` is "text", "github"/"markdown", "html" or any tabulate format; "csv" and "json"
    give the records instead. '—' = not controlled / not applicable, '?' = undecided.
    """
    results = classify_all(entries, catalog=catalog)
    if fmt == "csv":
        return to_csv(results)
    if fmt == "json":
        return to_json(results)
    from tabulate import tabulate

    tablefmt = {"text": "simple", "markdown": "github"}.get(fmt, fmt)
    text = tabulate([_row(c) for c in results], headers=TABLE_HEADERS, tablefmt=tablefmt, disable_numparse=True)
    if tablefmt == "html":
        return text
    legend = f"{NONE} = not controlled / not applicable, {UNKNOWN} = undecided (an input is missing). {_RULES_LINE} {NOT_LEGAL_ADVICE}"
    return text + "\n\n" + legend


def records(entries: Iterable[Any], *, catalog=None) -> list[dict[str, Any]]:
    return [c.to_record() for c in classify_all(entries, catalog=catalog)]


def to_json(results: list[Classification] | Classification) -> str:
    data = results.to_record() if isinstance(results, Classification) else [c.to_record() for c in results]
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_csv(results: list[Classification]) -> str:
    keys = ("id", "name") + RECORD_KEYS + EXTRA_KEYS
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(keys)
    for c in results:
        rec = c.to_record()
        row = []
        for k in keys:
            v = rec.get(k)
            if isinstance(v, list):
                v = "; ".join(map(str, v))
            elif isinstance(v, dict):
                v = "; ".join(f"{p}={_fmt(t)}" for p, t in v.items())
            row.append("" if v is None else v)
        w.writerow(row)
    return buf.getvalue()
