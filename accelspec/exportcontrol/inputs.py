"""What a classification reads: dense compute, die area, datacenter, interconnect, DRAM bandwidth; from an entry or given by hand."""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from attrs import field, frozen

from .. import metrics
from ..errors import ArgumentTypeError, ArgumentValueError
from ..model import PRECISION_BITS, PRECISIONS, Accelerator, Claim
from .thresholds import _MARKED_KINDS, _clean

# ====================================================================== inputs


def _number(name: str, value: Any, *, positive: bool) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ArgumentTypeError(f"{name!r} must be a number (got {value!r})")
    v = float(value)
    if not math.isfinite(v) or v < 0 or (positive and v == 0):
        need = "positive" if positive else "non-negative"
        raise ArgumentValueError(f"{name!r} must be a {need} finite number (got {value!r})")
    return v


def _dense_map(value: Mapping[str, float] | None) -> Mapping[str, float]:
    """Precision names normalised ('bfloat16' -> 'bf16'); every figure positive and finite."""
    out: dict[str, float] = {}
    for key, tops in dict(value or {}).items():
        p = metrics.precision(key)  # raises UnknownFieldError listing the valid precisions
        if p in out:
            raise ArgumentValueError(f"precision {p!r} given twice (as {key!r})")
        out[p] = _number(f"dense {key}", tops, positive=True)
    return MappingProxyType(out)


def _pos(name: str):
    return lambda v: _number(name, v, positive=True)


def _nonneg(name: str):
    return lambda v: _number(name, v, positive=False)


def _datacenter(v: Any) -> bool | None:
    if v is None or isinstance(v, bool):
        return v
    raise ArgumentTypeError(f"'datacenter' must be True, False or None (got {v!r})")


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
            raise ArgumentValueError("give either 'tpp' or 'dense' figures, not both (TPP is computed from the dense figures)")

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
