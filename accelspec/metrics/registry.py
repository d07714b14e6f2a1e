"""The registry of named metrics: unit, display label, description, formula, inputs, function.

Fixed metrics are registered here; metrics whose name carries parameters
(``decode_tokens_per_s_70b_fp8_x8``) are made on demand by :mod:`.parametric`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs
from attrs import frozen

from ..model import PRECISION_BITS, PRECISIONS, Accelerator
from .fields import DEFAULT, Context, _ratio, field, price
from .labels import label_for
from .precision import compute_unit
from .result import Result, _missing, checked

# -------------------------------------------------------------------------- the registry


@frozen
class Metric:
    """A named metric: unit, one-line description, formula, inputs, and the function."""

    name: str
    unit: str
    description: str
    formula: str
    inputs: tuple[str, ...]
    fn: Callable[[Accelerator, Context], Result] = attrs.field(repr=False)
    group: str = "metric"
    higher_is_better: bool = True
    # the short display label tables and charts print; derived from the name once, here
    label: str = attrs.field(default=attrs.Factory(lambda m: label_for(m.name, m.description), takes_self=True))
    # the same formula over numpy columns named like the flat export (accelspec.metrics.vectorized)
    columns: tuple[str, ...] = ()
    vector: Callable | None = attrs.field(default=None, repr=False)
    # the citation a table prints for the values this metric gave the entries named (MLPerf's terms ask
    # for one per result shown); None for metrics whose provenance is their input claims
    cite: Callable[[Sequence[str]], str | None] | None = attrs.field(default=None, repr=False)

    def __call__(self, e: Accelerator, ctx: Context = DEFAULT) -> Result:
        return self.fn(e, ctx)


REGISTRY: dict[str, Metric] = {}


def _register(m: Metric) -> None:
    REGISTRY[m.name] = m


def _field_metric(name: str, path: str, unit: str, description: str) -> None:
    _register(Metric(name, unit, description, path, (path,), lambda e, ctx, p=path, u=unit: field(e, p, u, ctx), group="field",
                     columns=(name,), vector=lambda c, ctx, n=name: c[n]))


def _vratio(num: str, den: str, scale: float = 1.0) -> dict:
    """``columns`` and ``vector`` of a metric that is one column over another (times ``scale``)."""
    return {"columns": (num, den), "vector": lambda c, ctx: c[num] / c[den] * scale}


# fields, under their flat-export names
_field_metric("memory_gb", "memory.capacity", "GB", "memory capacity (decimal GB)")
_field_metric("memory_bandwidth_gbs", "memory.bandwidth", "GB/s", "memory bandwidth")
_field_metric("tdp_w", "power.tdp", "W", "TDP / board / system power, as the entry's own claim states")
_field_metric("scaleup_bandwidth_gbs", "interconnect.scaleup_bandwidth", "GB/s", "scale-up interconnect, aggregate bidirectional")
_field_metric("die_area_mm2", "die_area", "mm²", "die area (logic dies, see the claim's note)")
_field_metric("process_nm", "process_node", "nm", "process node (marketing number)")
_field_metric("transistors_billion", "transistors", "billion", "transistor count")
for _p in PRECISIONS:
    _u = compute_unit(_p)
    _k = f"{_p}_tops" if _p.startswith("int") else f"{_p}_tflops"
    _field_metric(_k, f"compute.{_p}.dense", _u, f"dense peak {_p.upper()} (matrix unit where there is one)")
    _field_metric(f"{_k}_sparse", f"compute.{_p}.sparse", _u, f"sparse peak {_p.upper()} (structured sparsity)")
_register(Metric("price_usd", "USD", "price of one (the USD price claim shown, over what it bought; see `accelspec claims CHIP prices`)",
                 "price / count", ("prices",), price, group="field", higher_is_better=False,
                 columns=("price_usd",), vector=lambda c, ctx: c["price_usd"]))


def _per_watt(p: str, sparse: bool) -> None:
    slot = "sparse" if sparse else "dense"
    u = compute_unit(p)
    base = f"{p}_tops" if p.startswith("int") else f"{p}_tflops"
    name = f"{base}_per_watt" + ("_sparse" if sparse else "")
    _register(Metric(
        name, f"{u}/W", f"{slot} {p.upper()} peak per watt of TDP", f"compute.{p}.{slot} / power.tdp",
        (f"compute.{p}.{slot}", "power.tdp"),
        lambda e, ctx, p=p, slot=slot, u=u: _ratio(field(e, f"compute.{p}.{slot}", u, ctx), field(e, "power.tdp", "W", ctx), f"{u}/W"),
        group="efficiency", **_vratio(base + ("_sparse" if sparse else ""), "tdp_w"),
    ))


def _balance(p: str) -> None:
    u = compute_unit(p)
    base = f"{p}_tops" if p.startswith("int") else f"{p}_tflops"
    _register(Metric(
        f"bytes_per_flop_{p}", "B/FLOP", f"memory bytes per dense {p.upper()} operation (machine balance)",
        f"memory.bandwidth (B/s) / compute.{p}.dense (op/s)", ("memory.bandwidth", f"compute.{p}.dense"),
        lambda e, ctx, p=p, u=u: _ratio(field(e, "memory.bandwidth", "GB/s", ctx), field(e, f"compute.{p}.dense", u, ctx), "B/FLOP", 1e9 / 1e12),
        group="balance", higher_is_better=True, **_vratio("memory_bandwidth_gbs", base, 1e9 / 1e12),
    ))
    _register(Metric(
        f"ridge_point_{p}", "FLOP/B", f"roofline ridge point at dense {p.upper()}: the arithmetic intensity where compute becomes the bound",
        f"compute.{p}.dense (op/s) / memory.bandwidth (B/s)", (f"compute.{p}.dense", "memory.bandwidth"),
        lambda e, ctx, p=p, u=u: _ratio(field(e, f"compute.{p}.dense", u, ctx), field(e, "memory.bandwidth", "GB/s", ctx), "FLOP/B", 1e12 / 1e9),
        group="balance", higher_is_better=False, **_vratio(base, "memory_bandwidth_gbs", 1e12 / 1e9),
    ))


def _cost(p: str) -> None:
    u = compute_unit(p)
    base = f"{p}_tops" if p.startswith("int") else f"{p}_tflops"
    _register(Metric(
        f"usd_per_{base}", f"USD/({u})", f"price per dense {p.upper()} {u}", f"price / compute.{p}.dense",
        ("prices", f"compute.{p}.dense"),
        lambda e, ctx, p=p, u=u: _ratio(price(e, ctx), field(e, f"compute.{p}.dense", u, ctx), f"USD/({u})"),
        group="cost", higher_is_better=False, **_vratio("price_usd", base),
    ))


for _p in PRECISIONS:
    _per_watt(_p, False)
    _per_watt(_p, True)
    _balance(_p)
    _cost(_p)
del _p, _u, _k

_register(Metric("memory_bandwidth_per_watt", "GB/s/W", "memory bandwidth per watt of TDP", "memory.bandwidth / power.tdp",
                 ("memory.bandwidth", "power.tdp"),
                 lambda e, ctx: _ratio(field(e, "memory.bandwidth", "GB/s", ctx), field(e, "power.tdp", "W", ctx), "GB/s/W"),
                 group="efficiency", **_vratio("memory_bandwidth_gbs", "tdp_w")))
_register(Metric("memory_capacity_per_watt", "GB/W", "memory capacity per watt of TDP", "memory.capacity / power.tdp",
                 ("memory.capacity", "power.tdp"),
                 lambda e, ctx: _ratio(field(e, "memory.capacity", "GB", ctx), field(e, "power.tdp", "W", ctx), "GB/W"),
                 group="efficiency", **_vratio("memory_gb", "tdp_w")))
_register(Metric("usd_per_gb", "USD/GB", "price per GB of memory", "price / memory.capacity", ("prices", "memory.capacity"),
                 lambda e, ctx: _ratio(price(e, ctx), field(e, "memory.capacity", "GB", ctx), "USD/GB"),
                 group="cost", higher_is_better=False, **_vratio("price_usd", "memory_gb")))
_register(Metric("usd_per_gbs", "USD/(GB/s)", "price per GB/s of memory bandwidth", "price / memory.bandwidth",
                 ("prices", "memory.bandwidth"),
                 lambda e, ctx: _ratio(price(e, ctx), field(e, "memory.bandwidth", "GB/s", ctx), "USD/(GB/s)"),
                 group="cost", higher_is_better=False, **_vratio("price_usd", "memory_bandwidth_gbs")))


# ---- export-control quantities (the classification itself is accelspec.exportcontrol)

def tpp_by_precision(e: Accelerator, ctx: Context = DEFAULT) -> dict[str, Result]:
    """TPP per precision: dense TOPS × bit length. Sparse figures never count."""
    out = {}
    for p in PRECISIONS:
        r = field(e, f"compute.{p}.dense", compute_unit(p), ctx)
        out[p] = checked(r.value * PRECISION_BITS[p], "TPP", r.inputs) if not r.missing else _missing("TPP", r.reason)
    return out


def tpp(e: Accelerator, ctx: Context = DEFAULT) -> Result:
    per = {p: r for p, r in tpp_by_precision(e, ctx).items() if not r.missing}
    if not per:
        sparse_only = any(e.claim(f"compute.{p}.sparse") for p in PRECISIONS)
        return _missing("TPP", "only sparse compute figures (TPP counts dense only)" if sparse_only else "no dense compute figure")
    best = max(per, key=lambda p: per[p].value)
    return attrs.evolve(per[best], note=f"set by {best}")


def performance_density(e: Accelerator, ctx: Context = DEFAULT) -> Result:
    return _ratio(tpp(e, ctx), field(e, "die_area", "mm²", ctx), "TPP/mm²")


_DENSE_COLUMNS = tuple(f"{p}_tops" if p.startswith("int") else f"{p}_tflops" for p in PRECISIONS)


def _tpp_vector(c, ctx):
    import numpy as np

    # fmax ignores a missing precision (NaN) and is NaN only where every precision is missing
    return np.fmax.reduce([c[col] * PRECISION_BITS[p] for col, p in zip(_DENSE_COLUMNS, PRECISIONS)])


_register(Metric("tpp", "TPP", "total processing performance: max over precisions of dense TOPS × bit length (export control)",
                 "max_p(compute.p.dense × bits(p))", tuple(f"compute.{p}.dense" for p in PRECISIONS), tpp, group="export control",
                 columns=_DENSE_COLUMNS, vector=_tpp_vector))
_register(Metric("performance_density", "TPP/mm²", "TPP per mm² of applicable die area (export control)", "tpp / die_area",
                 ("compute.*.dense", "die_area"), performance_density, group="export control",
                 columns=_DENSE_COLUMNS + ("die_area_mm2",), vector=lambda c, ctx: _tpp_vector(c, ctx) / c["die_area_mm2"]))
