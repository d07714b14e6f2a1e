"""US export-control reading of an AI chip: TPP, performance density, ECCN 3A090 and the 2026 rules.

The rule facts (gathered in ``shared/design/export-controls.md``) come from these documents:

* October 2022 rule, 87 FR 62186: ECCN 3A090.a = aggregate bidirectional chip-to-chip I/O of
  600 GB/s or more AND bit length × TOPS of 4800 or more.
* October 2023 rule, 88 FR 73458 (FR Doc 2023-23055), still the test in 2026: TPP and
  performance density (PD); 3A090.a.1, a.2, b.1, b.2; the note for chips not designed or
  marketed for datacenters; licence exception NAC/ACA.
* December 2024 rule, 89 FR 96790: 3A090.c, high-bandwidth memory (HBM stacks, not chips;
  not assessed here, see :data:`NOTE_3A090C`).
* January 2026 rule, 91 FR 1684 (FR Doc 2026-00789): licence applications for China/Macau
  are reviewed case by case for a controlled chip with TPP < 21,000 and total DRAM bandwidth
  < 6,500 GB/s (the H200, the MI325X); otherwise the presumption is denial.
* January 2026 Proclamation 11002: a 25% duty on two bands of TPP and DRAM bandwidth.

Definitions used (88 FR 73458): TPP = 2 × MacTOPS × bit length, which is the **dense** datasheet
TOPS (a MAC already counted as two operations) × the bit length of the multiply inputs, computed
for every precision and taking the highest; sparse figures never count. PD = TPP / applicable
die area in mm² (logic dies on a non-planar process, caches included, HBM/DRAM excluded; the
sum of the logic dies for multi-die parts).

Not in any rule, so not implemented as thresholds: a "70 TFLOPS" chip cap (the 70 Weighted
TeraFLOPS of ECCN 4A003.b is an FP64 limit for whole computers), and the April 2025 licence
requirement on the H20, which came from a letter to NVIDIA, not from a threshold.

This module reads numbers against published thresholds. **It is not legal advice**: the rules
have definitions, exceptions and end-use tests that no spec sheet captures.

Float noise guard: TPP and PD are rounded to 9 decimal places before any comparison, so that a
division such as ``1600 / (1600 / 5.92)`` cannot move a chip across a line by 1e-15. Datasheet
figures never carry that many digits, so the rounding never changes a real answer.

The command line (``accelspec export-control``) is :mod:`accelspec.exportcontrol_cli` and the
chart is :mod:`accelspec.exportcontrol_plot`; both are re-exported here as ``cli_run`` and
``plot_map``.
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs
from attrs import field, frozen

from . import metrics
from .model import PRECISION_BITS, PRECISIONS, Accelerator, Claim

NOT_LEGAL_ADVICE = "Not legal advice: a reading of published thresholds, not a licensing determination."
NOTE_3A090C = ("3A090.c (89 FR 96790, Dec 2024) controls high-bandwidth memory by its bandwidth density "
               "(> 2 GB/s per mm²); it concerns HBM stacks, not the chips classified here.")
RULES = {
    "2022": "87 FR 62186 (Oct 2022)",
    "2023": "88 FR 73458, FR Doc 2023-23055 (Oct 2023)",
    "2024": "89 FR 96790 (Dec 2024)",
    "2026": "91 FR 1684, FR Doc 2026-00789 (Jan 2026)",
    "tariff": "Proclamation 11002 (Jan 2026)",
}

_RULES_LINE = (f"Rules: 2022 = {RULES['2022']}; 2023 = {RULES['2023']} (NAC/ACA is its licence exception); "
               f"2026 China = {RULES['2026']} licence review for China/Macau; 2026 tariff = {RULES['tariff']}.")

# ---- thresholds (88 FR 73458 unless noted); the operators live in the functions below
TPP_A1 = 4800.0          # 3A090.a.1: TPP >= 4800
TPP_A2 = 1600.0          # 3A090.a.2 and .b.2: TPP >= 1600
TPP_B1 = 2400.0          # 3A090.b.1: 2400 <= TPP < 4800
PD_A2 = 5.92             # 3A090.a.2: PD >= 5.92; .b.*: PD < 5.92
PD_B1 = 1.6              # 3A090.b.1: PD >= 1.6
PD_B2 = 3.2              # 3A090.b.2: PD >= 3.2
IO_2022 = 600.0          # 87 FR 62186: chip-to-chip I/O >= 600 GB/s
TPP_2022 = 4800.0        # 87 FR 62186: bits x TOPS >= 4800
TPP_2026 = 21000.0       # 91 FR 1684: TPP < 21,000 for case-by-case review
DRAM_2026 = 6500.0       # 91 FR 1684: DRAM bandwidth < 6,500 GB/s for case-by-case review
TARIFF_BAND1 = ((14000.0, 17500.0), (4500.0, 5000.0))   # exclusive on both ends
TARIFF_BAND2 = ((20800.0, 21100.0), (5800.0, 6200.0))   # inclusive on both ends (edges not verified)

# input names, in the order `missing` lists them (they mirror the CLI flags)
INPUT_NAMES = ("dense_compute", "die_area", "datacenter", "interconnect", "dram_bandwidth")

RECORD_KEYS = ("tpp", "tpp_precision", "performance_density", "die_area_mm2", "eccn_2022", "eccn_2023",
               "datacenter", "nac_aca_eligible", "china_review_2026", "tariff_2026", "missing", "notes")
EXTRA_KEYS = ("tpp_by_precision", "die_area_basis", "die_area_kind", "outside_by_datacenter_note",
              "interconnect_gbs", "dram_bandwidth_gbs", "margins", "undecided")

_MARKED_KINDS = ("press", "estimate", "rumour")


def _clean(x: float | None) -> float | None:
    """Round away float noise before comparing with a threshold (see the module docstring)."""
    return None if x is None else round(float(x), 9)


def _fmt(x: float) -> str:
    """'2,368', '4,799.99', '2.9091': thousands separators, at most 4 decimals, no trailing zeros."""
    if abs(x - round(x)) < 1e-9:
        return f"{round(x):,}"
    return f"{x:,.4f}".rstrip("0").rstrip(".")


# ====================================================================== inputs


def _number(name: str, value: Any, *, positive: bool) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name!r} must be a number (got {value!r})")
    v = float(value)
    if not math.isfinite(v) or v < 0 or (positive and v == 0):
        need = "positive" if positive else "non-negative"
        raise ValueError(f"{name!r} must be a {need} finite number (got {value!r})")
    return v


def _dense_map(value: Mapping[str, float] | None) -> Mapping[str, float]:
    """Precision names normalised ('bfloat16' -> 'bf16'); every figure positive and finite."""
    out: dict[str, float] = {}
    for key, tops in dict(value or {}).items():
        p = metrics.precision(key)  # raises UnknownFieldError listing the valid precisions
        if p in out:
            raise ValueError(f"precision {p!r} given twice (as {key!r})")
        out[p] = _number(f"dense {key}", tops, positive=True)
    return MappingProxyType(out)


def _pos(name: str):
    return lambda v: _number(name, v, positive=True)


def _nonneg(name: str):
    return lambda v: _number(name, v, positive=False)


def _datacenter(v: Any) -> bool | None:
    if v is None or isinstance(v, bool):
        return v
    raise TypeError(f"'datacenter' must be True, False or None (got {v!r})")


@frozen
class Inputs:
    """What the rules need to know about one chip, real or hypothetical.

    ``dense`` maps precision -> dense peak in TOPS/TFLOPS (never sparse); or give ``tpp``
    directly. ``die_area_mm2`` is the applicable die area (logic dies, 88 FR 73458);
    ``die_area_basis`` says which dies and ``die_area_kind`` the source kind ("vendor",
    "estimate", "given"). ``datacenter`` is the qualitative "designed or marketed for use in
    datacenters" (None = unknown). ``interconnect_gbs`` is aggregate bidirectional chip-to-chip
    I/O; ``dram_bandwidth_gbs`` the total DRAM (HBM) bandwidth.
    """

    dense: Mapping[str, float] = field(factory=dict, converter=_dense_map, hash=False)
    tpp: float | None = field(default=None, converter=_pos("tpp"))
    die_area_mm2: float | None = field(default=None, converter=_pos("die_area_mm2"))
    die_area_basis: str | None = None
    die_area_kind: str | None = None
    datacenter: bool | None = field(default=None, converter=_datacenter)
    interconnect_gbs: float | None = field(default=None, converter=_nonneg("interconnect_gbs"))
    dram_bandwidth_gbs: float | None = field(default=None, converter=_nonneg("dram_bandwidth_gbs"))
    name: str | None = None
    id: str | None = None
    dense_reason: str | None = None      # why there is no dense figure (from a catalog entry)
    # precision -> sparse peak, for precisions with a sparse figure and no dense one: the
    # unknown dense figure could still set the TPP, so these can make the TPP undecidable
    sparse_only: Mapping[str, float] = field(factory=dict, converter=_dense_map, hash=False)
    notes: tuple[str, ...] = field(default=(), converter=tuple)
    claims: tuple[Claim, ...] = field(default=(), converter=tuple, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.tpp is not None and self.dense:
            raise ValueError("give either 'tpp' or 'dense' figures, not both (TPP is computed from the dense figures)")

    def tpp_by_precision(self) -> dict[str, float]:
        """Dense TOPS × bit length for each precision given (88 FR 73458), largest first.

        Ties (the H100's 1,979 FP8 × 8 = 989.5 BF16 × 16) are listed narrowest format first,
        so the precision named as setting the TPP is the one public analyses quote (FP8 × 8).
        """
        per = {p: _clean(v * PRECISION_BITS[p]) for p, v in self.dense.items()}
        order = {p: i for i, p in enumerate(PRECISIONS)}
        return dict(sorted(per.items(), key=lambda kv: (-kv[1], PRECISION_BITS[kv[0]], order[kv[0]])))


def inputs_from_entry(entry: Accelerator, ctx: metrics.Context = metrics.DEFAULT,
                      datacenter: bool | None = None) -> Inputs:
    """The rule inputs of a catalog entry.

    Dense figures via :func:`accelspec.metrics.field` (a card that contains two chips sums
    them, the highest level of integration up to a board); sparse never counts. Die area from
    the entry's ``die_area`` claim, whose note says which dies (for a composition without
    one, the sum over its components). Datacenter from ``market == "datacenter"`` unless
    ``datacenter`` overrides it. Interconnect from ``interconnect.scaleup_bandwidth`` and DRAM
    bandwidth from ``memory.bandwidth``, both in GB/s, bidirectional.
    """
    dense: dict[str, float] = {}
    claims: list[Claim] = []
    notes: list[str] = []
    for p in PRECISIONS:
        r = metrics.field(entry, f"compute.{p}.dense", metrics.compute_unit(p), ctx)
        if not r.missing:
            dense[p] = r.value
            claims.extend(r.inputs)
            if r.note and r.note not in notes:
                notes.append(f"dense compute is the {r.note}")
    dense_reason = None if dense else _no_dense_reason(entry, ctx)
    sparse_only = {}
    for p in PRECISIONS:
        if p not in dense:
            r = metrics.field(entry, f"compute.{p}.sparse", metrics.compute_unit(p), ctx)
            if not r.missing:
                sparse_only[p] = r.value
    area, basis, kind, area_claims = _die_area(entry, ctx)
    claims.extend(area_claims)
    if kind in _MARKED_KINDS:
        notes.append(f"the die area comes from {'an' if kind == 'estimate' else 'a'} {kind} source, "
                     "so PD and the classes that depend on it rest on it")
    if datacenter is None:
        dc = entry.market == "datacenter"
    else:
        dc = datacenter
        notes.append(f"datacenter set to {'yes' if dc else 'no'} by the caller (catalog market: {entry.market!r})")
    io_r = metrics.field(entry, "interconnect.scaleup_bandwidth", "GB/s", ctx)
    bw_r = metrics.field(entry, "memory.bandwidth", "GB/s", ctx)
    claims.extend(io_r.inputs + bw_r.inputs)
    if entry.level in ("server", "rack"):
        notes.append(f"this entry is a {entry.level}: the rules compute TPP at the highest level of integration "
                     "up to a circuit board, so these sums over many boards do not classify one chip")
    if entry.id == "nvidia-h20":
        # the source articles are about the H20; its April 2025 licence requirement is not a threshold
        notes.append("the April 2025 licence requirement on the H20 came from a letter to NVIDIA, "
                     "not from a threshold in the rule; it is not assessed here")
    return Inputs(
        dense=dense, die_area_mm2=area, die_area_basis=basis, die_area_kind=kind, datacenter=dc,
        interconnect_gbs=io_r.value, dram_bandwidth_gbs=bw_r.value, name=entry.name, id=entry.id,
        dense_reason=dense_reason, sparse_only=sparse_only, notes=tuple(notes), claims=tuple(claims),
    )


def _no_dense_reason(entry: Accelerator, ctx: metrics.Context) -> str:
    sparse = any(not metrics.field(entry, f"compute.{p}.sparse", metrics.compute_unit(p), ctx).missing for p in PRECISIONS)
    if sparse:
        return "only sparse compute figures are recorded, and TPP counts dense figures only"
    return "no dense compute figure is recorded"


def _die_area(entry: Accelerator, ctx: metrics.Context):
    """(mm², basis, kind, claims) from the entry's die_area claim, or summed over its components
    by :func:`accelspec.metrics.field` (the logic dies up to the circuit board)."""
    r = metrics.field(entry, "die_area", "mm²", ctx)
    if r.missing:
        return None, None, None, ()
    if r.note:  # "sum of 2 × fake-chip"
        basis = "sum of the logic dies of " + r.note.removeprefix("sum of ")
    else:
        basis = r.inputs[0].note or "die area as recorded (the claim does not say which dies)"
    return r.value, basis, r.weakest_kind, r.inputs


# ====================================================================== decisions


@frozen
class _Decision:
    """One rule's answer: ``decided`` False means an input that could change it is missing."""

    value: Any
    why: str
    decided: bool = True
    missing: tuple[str, ...] = ()


@frozen
class Margin:
    """The distance from a figure to a threshold: 'TPP 2,368 is 32 below the 3A090.b.1 floor of 2,400'."""

    threshold: str
    quantity: str
    value: float
    limit: float

    @property
    def distance(self) -> float:
        """Signed: positive above the threshold, negative below."""
        return _clean(self.value - self.limit)

    def __str__(self) -> str:
        unit = " GB/s" if "bandwidth" in self.quantity or "interconnect" in self.quantity else ""
        head = f"{self.quantity} {_fmt(self.value)}{unit}"
        if self.distance == 0:
            return f"{head} is exactly at the {self.threshold} of {_fmt(self.limit)}{unit}"
        side = "above" if self.distance > 0 else "below"
        return f"{head} is {_fmt(abs(self.distance))}{unit} {side} the {self.threshold} of {_fmt(self.limit)}{unit}"


def _eccn_2022(tpp: float | None, io: float | None) -> _Decision:
    """87 FR 62186 3A090.a: chip-to-chip I/O >= 600 GB/s AND bits x TOPS >= 4800."""
    if io is not None and io < IO_2022:
        # the H800 case: below 600 GB/s the 2022 rule does not apply, whatever the TPP
        return _Decision(None, f"no: chip-to-chip I/O {_fmt(io)} GB/s is below 600 GB/s")
    if tpp is None:
        return _Decision(None, "cannot tell: no TPP", False, ("dense_compute",))
    if tpp < TPP_2022:
        return _Decision(None, f"no: TPP {_fmt(tpp)} is below 4,800")
    if io is None:
        return _Decision(None, f"cannot tell: TPP {_fmt(tpp)} ≥ 4,800, and the chip-to-chip I/O is unknown", False, ("interconnect",))
    return _Decision("3A090.a", f"yes: TPP {_fmt(tpp)} ≥ 4,800 and chip-to-chip I/O {_fmt(io)} GB/s ≥ 600 GB/s")


def _by_numbers(tpp: float, pd: float) -> str | None:
    """The 3A090 paragraph TPP and PD meet, .a before .b (88 FR 73458); TPP < 4800 here."""
    if tpp >= TPP_A2 and pd >= PD_A2:
        return "3A090.a.2"
    if TPP_B1 <= tpp < TPP_A1 and PD_B1 <= pd < PD_A2:
        return "3A090.b.1"
    if tpp >= TPP_A2 and PD_B2 <= pd < PD_A2:
        return "3A090.b.2"
    return None


def _eccn_2023(tpp: float | None, pd: float | None, dc: bool | None) -> _Decision:
    """88 FR 73458: .a first (.a prevails over .b), then the note for non-datacenter chips."""
    if tpp is None:
        return _Decision(None, "cannot classify: no TPP", False, ("dense_compute",))
    if tpp >= TPP_A1:
        return _Decision("3A090.a.1", f"3A090.a.1: TPP {_fmt(tpp)} ≥ 4,800 (no density test needed)")
    if tpp < TPP_A2:
        return _Decision(None, f"not 3A090: TPP {_fmt(tpp)} is below 1,600, whatever the density")
    if dc is False:
        return _Decision(None, f"not 3A090: not designed or marketed for datacenters and TPP {_fmt(tpp)} < 4,800 (the datacenter note)")
    if pd is None:
        need = ("die_area",) + (("datacenter",) if dc is None else ())
        return _Decision(None, f"cannot classify: TPP {_fmt(tpp)} is between 1,600 and 4,800, so the class depends on the die area", False, need)
    cls = _by_numbers(tpp, pd)
    if cls is None:
        return _Decision(None, f"not 3A090: TPP {_fmt(tpp)} with PD {_fmt(pd)} meets no paragraph")
    if dc is None:
        return _Decision(None, f"cannot classify: meets {cls} by its numbers, but the datacenter note "
                               "applies if it is not designed or marketed for datacenters", False, ("datacenter",))
    return _Decision(cls, f"{cls}: TPP {_fmt(tpp)}, PD {_fmt(pd)}")


def _nac_aca(eccn: _Decision, tpp: float | None, dc: bool | None) -> _Decision:
    """NAC/ACA (88 FR 73458): 3A090.a not for datacenters with TPP >= 4800, or 3A090.b for datacenters."""
    if not eccn.decided:
        return _Decision(None, "cannot tell: the class is unknown", False, eccn.missing)
    if eccn.value is None:
        return _Decision(False, "not applicable: not 3A090")
    if eccn.value.startswith("3A090.a"):
        if dc is None:
            return _Decision(None, "cannot tell: eligible only if not designed or marketed for datacenters", False, ("datacenter",))
        if dc is False and tpp >= TPP_A1:
            return _Decision(True, "eligible: 3A090.a, not for datacenters, TPP ≥ 4,800")
        return _Decision(False, "not eligible: 3A090.a designed or marketed for datacenters")
    ok = dc is True
    return _Decision(ok, "eligible: 3A090.b designed or marketed for datacenters" if ok else "not eligible")


def _china_2026(eccn: _Decision, tpp: float | None, dram: float | None) -> _Decision:
    """91 FR 1684: controlled, TPP < 21,000 AND DRAM bandwidth < 6,500 GB/s -> case-by-case."""
    if not eccn.decided:
        return _Decision(None, "cannot tell: the class is unknown", False, eccn.missing)
    if eccn.value is None:
        return _Decision("not controlled", "not controlled: not 3A090")
    if tpp >= TPP_2026:
        return _Decision("presumption of denial", f"presumption of denial: TPP {_fmt(tpp)} is not below 21,000")
    if dram is None:
        return _Decision(None, f"cannot tell: TPP {_fmt(tpp)} < 21,000, and the DRAM bandwidth is unknown", False, ("dram_bandwidth",))
    if dram < DRAM_2026:
        return _Decision("case-by-case", f"case-by-case review: TPP {_fmt(tpp)} < 21,000 and DRAM bandwidth {_fmt(dram)} GB/s < 6,500 GB/s")
    return _Decision("presumption of denial", f"presumption of denial: DRAM bandwidth {_fmt(dram)} GB/s is not below 6,500 GB/s")


def _tariff(tpp: float | None, dram: float | None) -> _Decision:
    """Proclamation 11002: 14,000 < TPP < 17,500 and 4,500 < DRAM < 5,000; or 20,800 ≤ TPP ≤ 21,100 and 5,800 ≤ DRAM ≤ 6,200."""
    if tpp is None:
        return _Decision(None, "cannot tell: no TPP", False, ("dense_compute",))
    (t1lo, t1hi), (d1lo, d1hi) = TARIFF_BAND1
    (t2lo, t2hi), (d2lo, d2hi) = TARIFF_BAND2
    band1 = t1lo < tpp < t1hi
    band2 = t2lo <= tpp <= t2hi
    if not (band1 or band2):
        return _Decision(False, f"no: TPP {_fmt(tpp)} is outside both bands")
    if dram is None:
        return _Decision(None, f"cannot tell: TPP {_fmt(tpp)} is in a band, and the DRAM bandwidth is unknown", False, ("dram_bandwidth",))
    if band1 and d1lo < dram < d1hi:
        return _Decision(True, f"yes (band 1): 14,000 < TPP {_fmt(tpp)} < 17,500 and 4,500 < {_fmt(dram)} GB/s < 5,000")
    if band2 and d2lo <= dram <= d2hi:
        return _Decision(True, f"yes (band 2): 20,800 ≤ TPP {_fmt(tpp)} ≤ 21,100 and 5,800 ≤ {_fmt(dram)} GB/s ≤ 6,200")
    return _Decision(False, f"no: DRAM bandwidth {_fmt(dram)} GB/s is outside the band for TPP {_fmt(tpp)}")


def _nearest(quantity: str, value: float, limits: dict[float, str]) -> Margin:
    limit = min(limits, key=lambda t: (abs(value - t), t))
    return Margin(limits[limit], quantity, value, limit)


def _margins(tpp, pd, io, dram) -> tuple[Margin, ...]:
    """The nearest threshold for each figure and rule, the class boundaries first."""
    out = []
    if tpp is not None:
        out.append(_nearest("TPP", tpp, {TPP_A2: "3A090.a.2/b.2 floor", TPP_B1: "3A090.b.1 floor", TPP_A1: "3A090.a.1 floor"}))
    if pd is not None:
        out.append(_nearest("PD", pd, {PD_B1: "3A090.b.1 density floor", PD_B2: "3A090.b.2 density floor",
                                       PD_A2: "3A090.a.2 density floor"}))
    if io is not None:
        out.append(Margin("Oct 2022 3A090.a interconnect floor", "interconnect", io, IO_2022))
    if tpp is not None:
        out.append(Margin("Jan 2026 case-by-case TPP limit", "TPP", tpp, TPP_2026))
    if dram is not None:
        out.append(Margin("Jan 2026 case-by-case DRAM limit", "DRAM bandwidth", dram, DRAM_2026))
    if tpp is not None:
        out.append(_nearest("TPP", tpp, {14000.0: "tariff band-1 lower edge", 17500.0: "tariff band-1 upper edge",
                                         20800.0: "tariff band-2 lower edge", 21100.0: "tariff band-2 upper edge"}))
    if dram is not None:
        out.append(_nearest("DRAM bandwidth", dram, {4500.0: "tariff band-1 lower edge", 5000.0: "tariff band-1 upper edge",
                                                     5800.0: "tariff band-2 lower edge", 6200.0: "tariff band-2 upper edge"}))
    return tuple(out)


def _die_area_hint(tpp: float) -> str:
    """What die area would decide a chip whose TPP is known and whose die area is not."""
    parts = [f"3A090.a.2 if the applicable die area is at most {_fmt(tpp / PD_A2)} mm² (PD ≥ 5.92)"]
    if tpp >= TPP_B1:
        parts.append(f"3A090.b if at most {_fmt(tpp / PD_B1)} mm² (PD ≥ 1.6)")
    else:
        parts.append(f"3A090.b.2 if at most {_fmt(tpp / PD_B2)} mm² (PD ≥ 3.2)")
    return f"with TPP {_fmt(tpp)}: " + "; ".join(parts) + "; otherwise not 3A090"


# ====================================================================== classification


@frozen
class Classification:
    """The reading of one chip under each rule; None where not controlled or not decidable.

    ``undecided`` names the outputs an absent input leaves open (``missing`` names those
    inputs); an output set to None that is not in ``undecided`` means "not controlled".
    ``reasons`` holds one plain sentence per rule.
    """

    name: str | None
    id: str | None
    tpp: float | None
    tpp_precision: str | None
    tpp_by_precision: dict[str, float] = field(hash=False)
    performance_density: float | None
    die_area_mm2: float | None
    die_area_basis: str | None
    die_area_kind: str | None
    eccn_2022: str | None
    eccn_2023: str | None
    datacenter: bool | None
    outside_by_datacenter_note: bool
    nac_aca_eligible: bool | None
    china_review_2026: str | None
    tariff_2026: bool | None
    margins: tuple[Margin, ...]
    missing: tuple[str, ...]
    notes: tuple[str, ...]
    undecided: tuple[str, ...] = ()
    reasons: dict[str, str] = field(factory=dict, hash=False, repr=False)
    inputs: Inputs | None = field(default=None, eq=False, repr=False)

    # ------------------------------------------------------------------ records

    def to_record(self) -> dict[str, Any]:
        """The JSON record: id/name (when known), then RECORD_KEYS, then EXTRA_KEYS."""
        rec: dict[str, Any] = {}
        if self.id is not None:
            rec["id"] = self.id
        if self.name is not None:
            rec["name"] = self.name
        for k in RECORD_KEYS:
            v = getattr(self, k)
            rec[k] = list(v) if isinstance(v, tuple) else v
        rec["tpp_by_precision"] = dict(self.tpp_by_precision)
        rec["die_area_basis"] = self.die_area_basis
        rec["die_area_kind"] = self.die_area_kind
        rec["outside_by_datacenter_note"] = self.outside_by_datacenter_note
        rec["interconnect_gbs"] = self.inputs.interconnect_gbs if self.inputs else None
        rec["dram_bandwidth_gbs"] = self.inputs.dram_bandwidth_gbs if self.inputs else None
        rec["margins"] = [str(m) for m in self.margins]
        rec["undecided"] = list(self.undecided)
        return rec

    # ------------------------------------------------------------------ text

    def _title(self) -> str:
        if self.id and self.name:
            return f"{self.name} ({self.id})"
        return self.name or "hypothetical chip"

    def _tpp_text(self) -> str:
        if self.tpp is None:
            return f"unknown: {self.reasons.get('tpp', 'no dense compute figure')}"
        if self.tpp_precision == "given":
            return f"{_fmt(self.tpp)} (given)"
        p = self.tpp_precision
        dense = self.inputs.dense[p] if self.inputs else self.tpp / PRECISION_BITS[p]
        same = [q.upper() for q, v in self.tpp_by_precision.items() if q != p and v == self.tpp]
        text = f"{_fmt(self.tpp)}, set by {p.upper()} (dense {_fmt(dense)} × {PRECISION_BITS[p]} bits)"
        return text + (f"; {', '.join(same)} give the same" if same else "")

    def _pd_text(self) -> str:
        if self.performance_density is None:
            if self.die_area_mm2 is None:
                return "unknown: no die area"
            return "unknown: no TPP"
        basis = f"; die area {_fmt(self.die_area_mm2)} mm², {self.die_area_basis}"
        kind = f" [{self.die_area_kind}]" if self.die_area_kind else ""
        return f"{_fmt(self.performance_density)} TPP/mm²{basis}{kind}"

    def _rows(self) -> list[tuple[str, str]]:
        dc = {True: "yes: designed or marketed for datacenters", False: "no: not designed or marketed for datacenters",
              None: "unknown: whether it is designed or marketed for datacenters"}[self.datacenter]
        return [
            ("TPP", self._tpp_text()),
            ("Perf. density", self._pd_text()),
            ("Datacenter", dc),
            ("2022 3A090.a", self.reasons.get("eccn_2022", "")),
            ("2023 ECCN", self.reasons.get("eccn_2023", "")),
            ("NAC/ACA", self.reasons.get("nac_aca_eligible", "")),
            ("2026 China", self.reasons.get("china_review_2026", "")),
            ("2026 tariff", self.reasons.get("tariff_2026", "")),
        ]

    def _extras(self) -> list[str]:
        out = []
        if self.margins:
            out.append("Nearest threshold: " + str(self.margins[0]))
        if self.missing:
            out.append("Missing: " + ", ".join(self.missing) + " (" + ", ".join(self.undecided) + " left open)")
        out += [f"Note: {n}" for n in self.notes]
        out.append(_RULES_LINE)
        out.append(NOTE_3A090C)
        out.append(NOT_LEGAL_ADVICE)
        return out

    def __str__(self) -> str:
        width = max(len(k) for k, _ in self._rows())
        lines = [f"{self._title()}: US export-control reading"]
        lines += [f"  {k:<{width}}  {v}" for k, v in self._rows()]
        lines += [f"  {x}" for x in self._extras()]
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        from tabulate import tabulate

        table = tabulate(self._rows(), headers=("", self._title()), tablefmt="github")
        return table + "\n\n" + "\n".join(f"- {x}" for x in self._extras())

    def _repr_html_(self) -> str:
        from tabulate import tabulate

        table = tabulate(self._rows(), headers=("", self._title()), tablefmt="html")
        items = "".join(f"<li>{html.escape(x)}</li>" for x in self._extras())
        return f"<div>{table}<ul style='font-size:smaller'>{items}</ul></div>"


def classify(x: Any = None, /, *, catalog=None, ctx: metrics.Context | None = None,
             datacenter: bool | None = None, **numbers: Any) -> Classification:
    """Classify a chip: an :class:`Accelerator`, a chip name, an :class:`Inputs`, or plain numbers.

    >>> c = classify(dense={"fp8": 1979}, die_area_mm2=814)   # the H100 SXM worked example
    >>> c.tpp, c.eccn_2023, round(c.performance_density, 2)
    (15832.0, '3A090.a.1', 19.45)

    Keyword numbers are :class:`Inputs` fields (``tpp``, ``dense``, ``die_area_mm2``,
    ``interconnect_gbs``, ``dram_bandwidth_gbs``, ``name``); a hypothetical chip is taken as
    designed for datacenters unless ``datacenter=False`` (as on the command line).
    """
    if ctx is None:
        ctx = metrics.Context(catalog=catalog) if catalog is not None else metrics.DEFAULT
    if isinstance(x, str):
        x = ctx.cat().get(x)
    if isinstance(x, Accelerator):
        if numbers:
            raise TypeError(f"classify() takes no numbers with a catalog entry (got {', '.join(numbers)})")
        return _classify_inputs(inputs_from_entry(x, ctx, datacenter))
    if isinstance(x, Inputs):
        if numbers:
            raise TypeError(f"classify() takes no numbers with Inputs (got {', '.join(numbers)})")
        return _classify_inputs(x if datacenter is None else attrs.evolve(x, datacenter=datacenter))
    if x is not None:
        raise TypeError(f"classify() takes an Accelerator, a chip name or Inputs (got {x!r})")
    valid = [a.name for a in attrs.fields(Inputs) if a.name not in ("datacenter", "claims")]
    unknown = [k for k in numbers if k not in valid]
    if unknown:
        raise TypeError(f"unknown input {unknown[0]!r}; valid: {', '.join(valid)}")
    notes = tuple(numbers.pop("notes", ()))
    if datacenter is None:
        datacenter = True
        notes += ("assumed designed or marketed for datacenters (the default for a hypothetical chip)",)
    if numbers.get("die_area_mm2") is not None:
        numbers.setdefault("die_area_basis", "given")
        numbers.setdefault("die_area_kind", "given")
    return _classify_inputs(Inputs(datacenter=datacenter, notes=notes, **numbers))


def _classify_inputs(inp: Inputs) -> Classification:
    per = inp.tpp_by_precision()
    notes = list(inp.notes)
    tpp_why = ""
    if inp.tpp is not None:
        tpp, prec = _clean(inp.tpp), "given"
    elif per:
        prec = next(iter(per))
        tpp = per[prec]
        ceiling = {p: v * PRECISION_BITS[p] for p, v in inp.sparse_only.items()}
        higher = [p.upper() for p, v in ceiling.items() if v > tpp]
        if higher:
            # a precision known only by its sparse peak could set a higher TPP: never guess its dense rate
            names = f"{', '.join(higher)} {'has' if len(higher) == 1 else 'have'}"
            notes.append(f"cannot compute TPP: {names} only sparse figures, and TPP counts dense figures only; "
                         f"the dense figures recorded give {_fmt(tpp)}, the sparse ones up to {_fmt(max(ceiling.values()))}")
            tpp, prec = None, None
            tpp_why = f"{names} only sparse figures (see the note)"
    else:
        tpp, prec = None, None
        tpp_why = inp.dense_reason or "no dense compute figure given"
    area = inp.die_area_mm2
    pd = _clean(tpp / area) if tpp is not None and area is not None else None
    dc = inp.datacenter
    decisions = {"eccn_2022": _eccn_2022(tpp, inp.interconnect_gbs)}
    decisions["eccn_2023"] = eccn = _eccn_2023(tpp, pd, dc)
    decisions["nac_aca_eligible"] = _nac_aca(eccn, tpp, dc)
    decisions["china_review_2026"] = _china_2026(eccn, tpp, inp.dram_bandwidth_gbs)
    decisions["tariff_2026"] = _tariff(tpp, inp.dram_bandwidth_gbs)
    needed = {m for d in decisions.values() for m in d.missing}
    if tpp is None and not per:
        notes.insert(0, f"cannot compute TPP: {tpp_why}")
    if "die_area" in needed and tpp is not None:
        notes.append(_die_area_hint(tpp))
    if eccn.decided and eccn.value == "3A090.b.1" and pd >= PD_B2:
        notes.append("also meets 3A090.b.2 (PD ≥ 3.2); b.1 is listed first")
    if dc is False and tpp is not None and tpp < TPP_A1 and pd is not None and _by_numbers(tpp, pd):
        notes.append(f"by its numbers it meets {_by_numbers(tpp, pd)}, but the datacenter note puts it outside 3A090")
    if tpp is not None and TARIFF_BAND2[0][0] <= tpp <= TARIFF_BAND2[0][1]:
        notes.append("the edges of tariff band 2 are not verified against the proclamation text")
    return Classification(
        name=inp.name, id=inp.id, tpp=tpp, tpp_precision=prec, tpp_by_precision=per,
        performance_density=pd, die_area_mm2=area,
        die_area_basis=inp.die_area_basis or ("given" if area is not None else None),
        die_area_kind=inp.die_area_kind or ("given" if area is not None else None),
        eccn_2022=decisions["eccn_2022"].value, eccn_2023=eccn.value, datacenter=dc,
        outside_by_datacenter_note=bool(dc is False and tpp is not None and tpp < TPP_A1),
        nac_aca_eligible=decisions["nac_aca_eligible"].value,
        china_review_2026=decisions["china_review_2026"].value, tariff_2026=decisions["tariff_2026"].value,
        margins=_margins(tpp, pd, inp.interconnect_gbs, inp.dram_bandwidth_gbs),
        missing=tuple(n for n in INPUT_NAMES if n in needed), notes=tuple(notes),
        undecided=tuple(k for k, d in decisions.items() if not d.decided),
        reasons={"tpp": tpp_why, **{k: d.why for k, d in decisions.items()}}, inputs=inp,
    )


def classify_all(entries: Iterable[Any], *, catalog=None) -> list[Classification]:
    """Classify each entry (or Inputs, or Classification, passed through)."""
    return [e if isinstance(e, Classification) else classify(e, catalog=catalog) for e in entries]


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


# ====================================================================== command line and chart

# Kept in their own modules (the rules are this one's job) and re-exported lazily, so that
# ``from accelspec.exportcontrol import cli_run`` and ``exportcontrol.plot_map`` keep working
# while ``import accelspec.exportcontrol`` loads neither the CLI nor anything of matplotlib.
_ELSEWHERE = {"cli_run": "exportcontrol_cli", "plot_map": "exportcontrol_plot"}


def __getattr__(name: str):
    if name in _ELSEWHERE:
        import importlib

        return getattr(importlib.import_module(f".{_ELSEWHERE[name]}", __package__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Classification", "Inputs", "Margin", "classify", "classify_all", "cli_run", "inputs_from_entry", "plot_map",
    "records", "table", "to_csv", "to_json", "NOT_LEGAL_ADVICE", "NOTE_3A090C", "RULES",
]
