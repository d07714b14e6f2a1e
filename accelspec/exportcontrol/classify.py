"""Putting a classification together: inputs in, each rule's decision, the result out."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from .. import metrics
from ..errors import ArgumentTypeError
from ..model import PRECISION_BITS, Accelerator
from .inputs import Inputs, inputs_from_entry
from .result import Classification
from .rules import (
    _by_numbers,
    _china_2026,
    _die_area_hint,
    _eccn_2022,
    _eccn_2023,
    _margins,
    _nac_aca,
    _tariff,
)
from .thresholds import INPUT_NAMES, PD_B2, TARIFF_BAND2, TPP_A1, _clean, _fmt


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
            raise ArgumentTypeError(f"classify() takes no numbers with a catalog entry (got {', '.join(numbers)})")
        return _classify_inputs(inputs_from_entry(x, ctx, datacenter))
    if isinstance(x, Inputs):
        if numbers:
            raise ArgumentTypeError(f"classify() takes no numbers with Inputs (got {', '.join(numbers)})")
        return _classify_inputs(x if datacenter is None else attrs.evolve(x, datacenter=datacenter))
    if x is not None:
        raise ArgumentTypeError(f"classify() takes an Accelerator, a chip name or Inputs (got {x!r})")
    valid = [a.name for a in attrs.fields(Inputs) if a.name not in ("datacenter", "claims")]
    unknown = [k for k in numbers if k not in valid]
    if unknown:
        raise ArgumentTypeError(f"unknown input {unknown[0]!r}; valid: {', '.join(valid)}")
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
