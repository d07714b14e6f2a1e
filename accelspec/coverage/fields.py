"""The ten fields a comparison needs, and one entry's state for each.

A state is the kind of the source behind the value shown (``vendor``, ``press`` ...), or, for an
empty field, one of three reasons (:data:`REASONS`): the chip has no such unit (a sourced fact),
the vendor does not publish it, or nobody has found it yet — with or without a record of where
we looked. Compositions count: a card of two chips has the compute its chips have.
"""

from __future__ import annotations

from ..metrics import Context, field, price
from ..model import Accelerator, pick

# label -> how to read it: field paths tried in order (BF16 accepts FP16), with their unit
FIELDS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("memory", (("memory.capacity", "GB"),)),
    ("bandwidth", (("memory.bandwidth", "GB/s"),)),
    ("power", (("power.tdp", "W"),)),
    ("BF16", (("compute.bf16.dense", "TFLOP/s"), ("compute.fp16.dense", "TFLOP/s"))),
    ("INT8", (("compute.int8.dense", "TOP/s"),)),
    ("FP8", (("compute.fp8.dense", "TFLOP/s"),)),
    ("scale-up", (("interconnect.scaleup_bandwidth", "GB/s"),)),
    ("process", (("process_node", ""), ("process_name", ""))),
    ("die area", (("die_area", "mm²"),)),
    ("price", ()),
)

REASONS = ("not-supported", "not-published", "not-found", "partial", "unrecorded")
"""Why a field is empty: not supported; not published by the vendor; not found (where we looked is
recorded); only a bound, a range or a figure whose dense/sparse basis is not stated ("partial");
not yet found with nothing recorded. The last three are all "not yet found" as values."""


def applicable(e: Accelerator) -> list[str]:
    """The fields that apply at an entry's level (a rack has no die area or process of its own)."""
    labels = [label for label, _ in FIELDS]
    if e.level in ("server", "rack"):
        labels = [x for x in labels if x not in ("die area", "process")]
    if e.level == "card" and e.contains:
        labels = [x for x in labels if x != "die area"]
    return labels


def cell(e: Accelerator, label: str, ctx: Context) -> tuple[str | None, str | None]:
    """``(kind, None)`` when the field has a value; ``(None, reason)`` when it is empty."""
    if label == "price":
        r = price(e, ctx)
        if not r.missing:
            return r.weakest_kind, None
        if e.prices:  # a CNY price: a value, not converted
            return pick(e.prices).effective_kind, None
        return None, r.gap or "unrecorded"
    paths = dict(FIELDS)[label]
    if label == "process":
        c = next((pick(e.fields[p]) for p, _u in paths if e.fields.get(p)), None)
        if c is not None:
            return c.effective_kind, None
        gap = e.gap("process_node") or e.gap("process_name")
        return None, gap.reason if gap else "unrecorded"
    reason = None
    for path, unit in paths:
        r = field(e, path, unit, ctx)
        if not r.missing:
            return r.weakest_kind, None
        reason = reason or r.gap
    if reason is None and _partial(e, paths):
        reason = "partial"
    return None, reason or "unrecorded"


def _partial(e: Accelerator, paths) -> bool:
    """Something short of a value: a bound or range, or a compute figure of unstated basis."""
    for path, _unit in paths:
        if e.fields.get(path):
            return True  # only bounds or ranges (a value would have been found)
        if path.endswith(".dense") and e.fields.get(path[: -len("dense")] + "unspecified"):
            return True
    return False


def entry_coverage(e: Accelerator, ctx: Context | None = None) -> dict[str, str | None]:
    """For each of the ten fields: the kind of the value shown, or None when empty."""
    ctx = ctx or Context()
    return {label: cell(e, label, ctx)[0] for label, _ in FIELDS}
