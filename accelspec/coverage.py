"""What the catalog knows and what it lacks: per entry, per field, by kind of source.

``accelspec coverage`` prints it; docs/coverage.md is generated from it. A hole here is a
field no source we read gives — left empty on purpose rather than guessed.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable

from .model import SOURCE_KINDS, Accelerator, pick
from .names import vendor_name

# The fields every chip entry is expected to have where any source gives them (issue #3).
EXPECTED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("memory", ("memory.capacity",)),
    ("mem type", ("memory.type",)),
    ("bandwidth", ("memory.bandwidth",)),
    ("power", ("power.tdp",)),
    ("dense compute", tuple(f"compute.{p}.dense" for p in ("fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "fp6", "fp4", "int8", "int4"))),
    ("scale-up", ("interconnect.scaleup_bandwidth",)),
    ("process", ("process_node", "process_name")),
    ("die area", ("die_area",)),
    ("announced", ("announced", "released")),
    ("price", ()),
)
_ABBR = {"vendor": "V", "measured": "M", "secondary": "S", "press": "P", "estimate": "E", "rumour": "R"}


def entry_coverage(e: Accelerator) -> dict[str, str | None]:
    """For each expected field group: the kind of the claim shown, or None when missing."""
    out: dict[str, str | None] = {}
    for label, paths in EXPECTED:
        if label == "price":
            c = pick(e.prices)
        else:
            c = next((pick(e.fields[p]) for p in paths if e.fields.get(p)), None)
        out[label] = c.effective_kind if c else None
    return out


def _applicable(e: Accelerator) -> list[str]:
    """Field groups that apply to an entry's level (a rack has no die area or process)."""
    labels = [label for label, _ in EXPECTED]
    if e.level in ("server", "rack"):
        labels = [x for x in labels if x not in ("die area", "process", "mem type")]
    if e.level == "card" and e.contains:
        labels = [x for x in labels if x != "die area"]
    return labels


def coverage_rows(entries: Iterable[Accelerator]) -> list[dict]:
    rows = []
    for e in entries:
        cov = entry_coverage(e)
        applicable = _applicable(e)
        missing = [k for k in applicable if cov[k] is None]
        rows.append({"id": e.id, "vendor": e.vendor, "status": e.status, "level": e.level,
                     "fields": cov, "missing": missing,
                     "filled": sum(1 for k in applicable if cov[k] is not None), "expected": len(applicable),
                     "claims": sum(len(v) for v in e.fields.values()) + len(e.prices)})
    return rows


def coverage_report(entries: Iterable[Accelerator], fmt: str = "text") -> str:
    rows = coverage_rows(entries)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2)
    from tabulate import tabulate

    labels = [label for label, _ in EXPECTED]
    table = [[r["id"], *[(_ABBR[r["fields"][k]] if r["fields"][k] else ("·" if k in r["missing"] else "n/a")) for k in labels],
              f"{r['filled']}/{r['expected']}"] for r in rows]
    tablefmt = "github" if fmt == "markdown" else "simple"
    out = [tabulate(table, headers=["entry", *labels, "filled"], tablefmt=tablefmt, disable_numparse=True)]
    out.append("")
    out.append("Kind of the claim shown: V vendor, M measured, S secondary, P press, E estimate, R rumour; "
               "· missing (no source we read gives it); n/a does not apply at this level.")
    by_vendor: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_vendor[r["vendor"]].append(r)
    vt = []
    for v, rs in sorted(by_vendor.items()):
        kinds = Counter(k for r in rs for k in r["fields"].values() if k)
        filled = sum(r["filled"] for r in rs)
        expected = sum(r["expected"] for r in rs)
        vt.append([vendor_name(v), len(rs), f"{filled}/{expected}", f"{filled / expected:.0%}" if expected else "—",
                   " ".join(f"{_ABBR[k]}{kinds[k]}" for k in SOURCE_KINDS if kinds[k])])
    out.append("")
    out.append(tabulate(vt, headers=["vendor", "entries", "filled", "share", "by kind"], tablefmt=tablefmt, disable_numparse=True))
    total_f = sum(r["filled"] for r in rows)
    total_e = sum(r["expected"] for r in rows)
    out.append("")
    out.append(f"{len(rows)} entries; {total_f} of {total_e} expected field groups filled"
               + (f" ({total_f / total_e:.0%})" if total_e else ""))
    return "\n".join(out)
