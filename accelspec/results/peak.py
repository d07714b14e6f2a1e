"""Measured against peak: each catalog entry's best MLPerf result in one round beside its dense peak.

The chart (:func:`accelspec.plots.measured_vs_peak`) and the generated table in the docs and the
README both read :func:`vs_peak`, so the two can never disagree. The throughput is MLPerf's divided
by the entries used (:func:`.derived.per_entry`, derived); the peak is the catalog's dense figure at
the precision the result ran in, under the pick rule; their ratio (tokens/s per TFLOP/s of peak) is
derived too. Rows MLPerf's data cannot place on one chip (mixed systems, spellings with no entry,
precisions with no catalog slot, entries with no peak) are returned as ``skipped``, with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen

from .. import metrics
from ..catalog import Catalog, builtin_catalog
from ..errors import InvalidValueError, UnknownAcceleratorError, UnknownFieldError
from ..model import Accelerator
from .derived import Derived, group_key, per_entry
from .records import THROUGHPUTS, Result, ResultSet


@frozen
class PeakRow:
    """One entry: its best result, the throughput per entry (derived) and the dense peak it sets beside."""

    entry: Accelerator
    result: Result
    measured: Derived
    precision: str
    peak: metrics.Result

    @property
    def per_peak(self) -> float:
        """Throughput per unit of dense peak (tokens/s per TFLOP/s): derived."""
        return self.measured.value / self.peak.value


@frozen
class Skipped:
    what: str  # "5.1-0012 (NVIDIA GH200)"
    short: str  # "mixed system", for a count
    reason: str


@frozen
class VsPeak:
    version: str | None
    rows: tuple[PeakRow, ...]
    skipped: tuple[Skipped, ...]
    results: tuple[Result, ...]  # every result of the round considered (closed division), for MLPerf's footnote


def round_key(version: str) -> tuple[int, ...]:
    """'v5.1' → (5, 1), so rounds sort as numbers ('v10.0' after 'v9.1')."""
    return tuple(int(x) for x in version.lstrip("v").split(".") if x.isdigit())


def best_per_entry(rows: Sequence[Result]) -> tuple[dict[str, tuple[Result, Derived]], list[Skipped]]:
    """The best result per catalog id, in first-seen order, and the rows with no single entry."""
    best: dict[str, tuple[Result, Derived]] = {}
    skipped: list[Skipped] = []
    for r in rows:
        d = per_entry(r)
        if d.value is None:
            skipped.append(Skipped(f"{r.id} ({r.accelerator})", "mixed system" if r.mixed else "no catalog entry",
                                   d.reason or ""))
            continue
        cur = best.get(r.shares[0].id)
        if cur is None or d.value > cur[1].value:  # rows come in ID order, so a tie keeps the lower ID
            best[r.shares[0].id] = (r, d)
    return best, skipped


def vs_peak(chips=None, benchmark: str = "llama2-70b-99", scenario: str | None = "Offline", *,
            version: str | None = None, precision: str | None = None, catalog: Catalog | None = None,
            results: ResultSet | None = None, available_only: bool = False) -> VsPeak:
    """Each entry's best closed-division result in one round (``version``; default the newest holding the
    benchmark and scenario) beside its dense peak at the result's precision (or ``precision``).

    ``chips`` (names) restricts and orders the entries; rows follow ``chips`` order, then first-seen.
    Raises :class:`InvalidValueError` for a benchmark that reports a latency or time (not a throughput)
    and for a selection spanning more than one MLPerf group.
    """
    from .loader import builtin_results

    cat = catalog if catalog is not None else builtin_catalog()
    res = results if results is not None else builtin_results()
    wanted = [cat.get(c).id for c in ([chips] if isinstance(chips, str) else chips or [])]
    rows = [r for r in res.select(wanted, benchmark=benchmark, scenario=scenario, version=version,
                                  available_only=available_only, catalog=cat) if r.division == "closed"]
    if not rows:
        return VsPeak(None, (), (), ())
    if rows[0].unit not in THROUGHPUTS:
        raise InvalidValueError("benchmark", benchmark, f"it reports {rows[0].unit!r}, not a throughput; "
                                f"a measured-against-peak comparison needs one of {list(THROUGHPUTS)}")
    newest = max({r.version for r in rows}, key=round_key)
    rows = [r for r in rows if r.version == newest]
    keys = sorted({group_key(r) for r in rows})
    if len(keys) > 1:  # e.g. datacenter and edge: MLPerf results are compared within one group only
        raise InvalidValueError("selection", " | ".join(" ".join(filter(None, k)) for k in keys),
                                "the results span more than one MLPerf group; name the round with version=")
    best, skipped = best_per_entry(rows)
    order = [i for i in wanted if i in best] + [i for i in best if i not in wanted] if wanted else list(best)
    out = []
    for cid in order:
        r, d = best[cid]
        try:
            e = cat.get(cid)
        except UnknownAcceleratorError:  # a user catalog without the entry MLPerf's alias table names
            skipped.append(Skipped(f"{r.id} ({r.accelerator})", "no entry in this catalog",
                                   f"{cid!r} is not in the catalog given"))
            continue
        try:
            p = metrics.precision(precision or r.precision or "")
        except UnknownFieldError:  # a precision the catalog has no slot for ('UINT4', a per-part dict)
            skipped.append(Skipped(f"{r.id} ({e.name})", "precision with no catalog slot",
                                   f"MLPerf precision {r.precision!r} has no catalog peak"))
            continue
        peak = metrics.field(e, f"compute.{p}.dense", metrics.compute_unit(p), metrics.Context(catalog=cat))
        if peak.missing:
            skipped.append(Skipped(f"{r.id} ({e.name})", f"no dense {p.upper()} peak", peak.reason or ""))
            continue
        out.append(PeakRow(e, r, d, p, peak))
    return VsPeak(newest, tuple(out), tuple(skipped), tuple(rows))


def markdown(v: VsPeak) -> str:
    """The table the docs and the README show, with MLPerf's footnote and what was left out."""
    from .derived import footnote

    if not v.rows:
        return "No closed-division result with a dense peak for this selection."
    unit = v.rows[0].result.unit
    head = (f"| chip | MLPerf result | submitter | {unit} per chip (derived) | precision | dense peak "
            f"| {unit} per TFLOP/s of peak (derived) |")
    lines = [head, "|---|---|---|---:|---|---:|---:|"]
    for row in sorted(v.rows, key=lambda x: -x.measured.value):
        kinds = sorted({c.source.kind for c in row.peak.inputs})
        lines.append(f"| {row.entry.name} | {row.result.id} | {row.result.submitter} | {row.measured.value:,.0f} "
                     f"| {row.precision.upper()} | {row.peak.value:,.0f} {row.peak.unit} ({', '.join(kinds)}) "
                     f"| {row.per_peak:.2f} |")
    used = [row.result for row in v.rows]
    notes = ["", footnote(used)]
    if v.skipped:
        notes.append("\nLeft out: " + "; ".join(f"{s.what}: {s.reason}" for s in v.skipped) + ".")
    return "\n".join(lines + notes)
