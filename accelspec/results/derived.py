"""Values derived from MLPerf results, each labelled as derived and tied to its result ID; rankings; footnotes.

MLPerf publishes a system's throughput. What accelspec adds is arithmetic on it, said as such:
the value per accelerator (per catalog entry: a GB200 superchip is two of MLPerf's GPUs), and per
joule where MLPerf measured the system's power. A ranking holds one suite, round, division, system
type, benchmark and scenario, and MLPerf results only (MLPerf's terms of use forbid comparing its
results with other numbers); each table ends with the footnote MLPerf's terms ask for.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from attrs import frozen

from ..errors import InvalidValueError
from .records import THROUGHPUTS, Result, ResultSet

DERIVED_NOTE = ("per accel. = value / accelerators as MLPerf counts them (GPUs: a GB200 superchip is two), "
                "per J = value / the system power MLPerf measured: derived by accelspec, not MLPerf results.")
TRADEMARK = ("The MLPerf name and logo are trademarks of MLCommons Association. "
             "See www.mlcommons.org for more information.")


@frozen
class Derived:
    """A value computed from one MLPerf result (``result_id``), or why there is none; always derived."""

    value: float | None
    unit: str
    result_id: str
    basis: str | None = None
    reason: str | None = None

    def __str__(self) -> str:
        return f"{self.value:,.4g} {self.unit} (derived)" if self.value is not None else f"— ({self.reason})"


def _throughput_reason(r: Result) -> str | None:
    if r.unit in THROUGHPUTS:
        return None
    what = "a time to train" if r.unit == "minutes" else "a latency"
    return f"{r.unit} is {what} (lower is better), not a throughput to share among accelerators"


def per_accelerator(r: Result) -> Derived:
    """The throughput per accelerator as MLPerf counts them (per GPU, a GB200 superchip being two):
    the one basis every system shares, so the one a ranking uses."""
    unit = f"{r.unit} per accelerator"
    reason = _throughput_reason(r)
    if reason is None and r.mixed:
        reason = f"mixed system ({' + '.join(str(s) for s in r.shares)}): one value per accelerator would blend chips"
    if reason is not None:
        return Derived(None, unit, r.id, reason=reason)
    s = r.shares[0]
    basis = f"per {s.counted} ({s.per_entry} per {s.id})" if s.per_entry > 1 else f"per {s.name}"
    return Derived(r.value / r.accelerators, unit, r.id, basis=basis)


def per_entry(r: Result) -> Derived:
    """The throughput per catalog entry (per GB200 superchip: two of MLPerf's GPUs), to set beside the
    entry's own datasheet figures; none for a mixed system or a spelling with no entry."""
    unit = f"{r.unit} per catalog entry"
    reason = _throughput_reason(r)
    if reason is None and r.mixed:
        reason = "mixed system: no single catalog entry"
    if reason is None and r.shares[0].id is None:
        reason = f"{r.accelerator!r} has no catalog entry (catalog/results/aliases.toml)"
    if reason is not None:
        return Derived(None, unit, r.id, reason=reason)
    s = r.shares[0]
    return Derived(r.value / r.entries, unit, r.id, basis=f"per {s.id}" + (
        f" ({s.per_entry} {s.counted}s as MLPerf counts them)" if s.per_entry > 1 else ""))


def per_joule(r: Result) -> Derived:
    """Work per joule of system energy: throughput / the power MLPerf measured at the wall."""
    unit = r.unit.replace("/s", "/J")
    reason = _throughput_reason(r)
    if reason is None and r.power is None:
        reason = "no power measured for this result"
    if reason is not None:
        return Derived(None, unit, r.id, reason=reason)
    return Derived(r.value / r.power, unit, r.id, basis="the whole system's power as MLPerf measured it")


# --------------------------------------------------------------------------- groups and ranking

GroupKey = tuple[str, str, str, str, str, str]


def group_key(r: Result) -> GroupKey:
    return (r.suite, r.version, r.division, r.system_type or "", r.benchmark, r.scenario or "")


def rank(results: Sequence[Result]) -> list[Result]:
    """One comparable group, best first: per accelerator for a throughput (mixed systems after, by
    value), the value itself where lower is better. Anything but MLPerf results of one group is refused."""
    results = list(results)
    for x in results:
        if not isinstance(x, Result):
            raise TypeError(f"MLPerf results are never ranked with other numbers (got {x!r})")
    keys = sorted({group_key(r) for r in results})
    if len(keys) > 1:
        raise InvalidValueError("ranking", " | ".join(" ".join(filter(None, k)) for k in keys),
                                "a ranking holds one suite, round, division, benchmark and scenario; use groups()")
    if results and results[0].better == "lower":
        return sorted(results, key=lambda r: (r.value, r.id))

    def order(r: Result):
        pa = per_accelerator(r).value
        return (pa is None, -(pa if pa is not None else r.value), r.id)

    return sorted(results, key=order)


def groups(results: Iterable[Result]) -> list[tuple[GroupKey, list[Result]]]:
    """Results split into rankable groups (newest round first within a benchmark and scenario), each ranked."""
    by: dict[GroupKey, list[Result]] = {}
    for r in results:
        by.setdefault(group_key(r), []).append(r)
    order = sorted(by, key=lambda k: (k[0], k[4], k[5], k[2], k[3], [-int(x) for x in k[1][1:].split(".")]))
    return [(k, rank(by[k])) for k in order]


def footnote(results: Sequence[Result]) -> str:
    """MLPerf's citation for one group: suite, round, division, benchmark, scenario, retrieval, result IDs."""
    r = results[0]
    ids = list(dict.fromkeys(x.id for x in results))
    what = f"MLPerf {r.version} {r.suite.title()} {r.division.title()}"
    what += f" ({r.system_type})" if r.system_type else ""
    what += f" {r.benchmark}" + (f" {r.scenario}" if r.scenario else "")
    where = f"Retrieved from https://github.com/{r.repository} (commit {r.commit[:7]}) on {r.retrieved}"
    if r.suite == "training":
        entries = (f"results {', '.join(ids)} (submitter/system: MLCommons's entry numbers are not in the results "
                   "repository); time to train computed by accelspec from the result logs with MLPerf's scoring rule")
    else:
        entries = f"entr{'y' if len(ids) == 1 else 'ies'} {', '.join(ids)}"
    return f"{what}. {where}, {entries}. {TRADEMARK}"


# --------------------------------------------------------------------------- rows and rendering


def record(r: Result, results: ResultSet | None = None) -> dict:
    """One result as plain data: what MLPerf published, the catalog's reading of it, and the derived values."""
    pa, pe, pj = per_accelerator(r), per_entry(r), per_joule(r)
    twin = results.twin_of(r) if results is not None else None
    return {
        "result_id": r.id, "suite": r.suite, "version": r.version, "division": r.division,
        "system_type": r.system_type, "submitter": r.submitter, "system": r.system, "platform": r.platform,
        "accelerator": "+".join(s.id or s.spelling for s in r.shares) if r.mixed else r.shares[0].id,
        "accelerator_name": r.accelerator, "accelerators": r.accelerators, "catalog_entries": r.entries,
        "per_node": r.per_node, "nodes": r.nodes,
        "benchmark": r.benchmark, "scenario": r.scenario, "value": r.value, "unit": r.unit, "better": r.better,
        "per_accelerator": pa.value, "per_accelerator_unit": pa.unit, "per_accelerator_basis": pa.basis,
        "per_accelerator_reason": pa.reason, "per_catalog_entry": pe.value, "per_catalog_entry_basis": pe.basis,
        "power": r.power, "power_unit": "W" if r.power is not None else None,
        "per_joule": pj.value, "per_joule_unit": pj.unit, "per_joule_reason": pj.reason,
        "precision": r.precision, "software": r.software, "availability": r.availability,
        "same_run_as": r.same_run_as, "also_listed_as": twin.benchmark if twin is not None else None,
        "runs": r.runs, "converged": r.converged, "scaling": r.scaling, "notes": "; ".join(r.notes) or None,
        "url": r.url, "system_url": r.system_url, "retrieved": str(r.retrieved),
        "source": f"{r.repository}@{r.commit}", "derived": "per_accelerator, per_catalog_entry, per_joule",
    }


def _num(v: float | None) -> str:
    if v is None:
        return "—"
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:,.1f}" if abs(v) >= 10 else f"{v:,.3g}"


def _who(r: Result) -> str:
    return " + ".join(str(s) for s in r.shares)


def _cut(text: str, width: int = 46) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _text_block(n: int, rs: list[Result], resultset: ResultSet | None) -> str:
    """One group: a title, the ranked table, the notes of its rows, its MLPerf footnote."""
    from tabulate import tabulate

    r0 = rs[0]
    head = f"MLPerf {r0.suite.title()} {r0.version} · {r0.division}" + (f" · {r0.system_type}" if r0.system_type else "")
    head += f" · {r0.benchmark}" + (f" · {r0.scenario}" if r0.scenario else "")
    head += f" [{n}]\n{r0.unit}, {r0.better} is better"
    throughput, powered = r0.better == "higher", any(r.power is not None for r in rs)
    precisions = {r.precision or "—" for r in rs}
    one_precision = r0.suite == "inference" and len(precisions) == 1
    if one_precision:  # said once in the title instead of in a column: the table stays within 100 columns
        head += f" · precision {precisions.pop()}"
    heads = ["result", "submitter", "system", "accelerators", r0.unit]
    heads += (["per accel."] if throughput else []) + (["W", "per J"] if powered else [])
    heads += [] if one_precision else (["precision"] if r0.suite == "inference" else ["runs"])
    table, notes = [], []
    for r in rs:
        twin = resultset.twin_of(r) if resultset is not None else None
        for text in r.notes + ((f"the same run is also listed as {twin.benchmark}",) if twin else ()):
            notes.append(f"  {r.id}: {text}")
        row = [r.id + (" (preview)" if r.preview else ""), _cut(r.submitter, 10 if powered else 14), _cut(r.system, 13 if powered else 26), _who(r),
               _num(r.value)]
        row += [_num(per_accelerator(r).value)] if throughput else []
        row += [_num(r.power), _num(per_joule(r).value)] if powered else []
        if not one_precision:
            row += [r.precision or "—"] if r0.suite == "inference" else [f"{r.converged}/{r.runs}"]
        table.append(row)
    import textwrap

    body = tabulate(table, headers=heads, tablefmt="simple", disable_numparse=True)
    wrap = lambda s: textwrap.fill(s, 100, subsequent_indent="    ", break_long_words=False,  # noqa: E731
                                   break_on_hyphens=False)
    return "\n".join([head, body] + [wrap(x) for x in notes] + [wrap(f"[{n}] {footnote(rs)}")])


def render(results: Iterable[Result], fmt: str = "text", resultset: ResultSet | None = None) -> str:
    """Text (one ranked table per group, each with its footnote), JSON or CSV of the results."""
    grouped = groups(results)
    rows = [record(r, resultset) for _k, rs in grouped for r in rs]
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2)
    if fmt == "csv":
        import csv
        import io

        out = io.StringIO()
        if rows:
            w = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        return out.getvalue().rstrip("\n")
    if fmt != "text":
        raise InvalidValueError("format", fmt, "(valid: text, json, csv)")
    blocks = []
    for n, (_key, rs) in enumerate(grouped, 1):
        blocks.append(_text_block(n, rs, resultset))
    if not blocks:
        return "no MLPerf results match"
    import textwrap

    return "\n\n".join(blocks) + "\n\n" + textwrap.fill(DERIVED_NOTE, 100, break_on_hyphens=False)
