"""Derived metrics: a registry of named, documented, pure functions of catalog entries.

Every metric returns a :class:`Result`: a value in the metric's stated unit **or** ``None``
with a reason ("no TDP"), never 0 or infinity, plus the claims it was computed from, so a
figure built on a press claim or an estimate is marked as such wherever it is shown.

Names read like the flat export: ``bf16_tflops`` (dense), ``bf16_tflops_per_watt``,
``memory_bandwidth_per_watt``, ``bytes_per_flop_bf16``, ``ridge_point_fp8``,
``usd_per_bf16_tflops``, ``max_params_b_fp8``, ``decode_tokens_per_s_70b_fp8``,
``decode_tokens_per_s_70b_fp8_x8`` (eight chips), ``tpp``, ``performance_density``.
``accelspec metrics`` lists them all.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import attrs
from attrs import frozen

from .errors import UnknownFieldError
from .model import FIELD_TYPES, PRECISION_BITS, PRECISIONS, SOURCE_KINDS, Accelerator, Claim, pick

# -------------------------------------------------------------------------- results


@frozen
class Result:
    """A metric value with its unit and provenance, or a missing value with its reason."""

    value: float | None
    unit: str
    inputs: tuple[Claim, ...] = ()
    reason: str | None = None
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        # the "never 0, never infinity" rule is enforced here, not trusted to each formula
        if self.value is not None and (not math.isfinite(self.value) or self.value <= 0):
            raise ValueError(f"metric value must be finite and positive (got {self.value!r})")
        if self.value is None and not self.reason:
            raise ValueError("a missing metric value needs a reason")

    @property
    def missing(self) -> bool:
        return self.value is None

    @property
    def weakest_kind(self) -> str | None:
        """The least trusted source kind among the inputs (what a table marks)."""
        kinds = [c.effective_kind for c in self.inputs]
        return max(kinds, key=SOURCE_KINDS.index) if kinds else None

    @property
    def sources(self) -> tuple:
        seen: dict[str, Any] = {}
        for c in self.inputs:
            seen.setdefault(c.source.id, c.source)
        return tuple(seen.values())

    def __str__(self) -> str:
        return f"{self.value:.4g} {self.unit}" if self.value is not None else f"— ({self.reason})"


def _missing(unit: str, reason: str, inputs: tuple[Claim, ...] = ()) -> Result:
    return Result(None, unit, inputs, reason)


# -------------------------------------------------------------------------- precisions

_PRECISION_ALIASES = {
    "bfloat16": "bf16", "float16": "fp16", "half": "fp16", "float32": "fp32", "float": "fp32", "single": "fp32",
    "float64": "fp64", "double": "fp64", "tensorfloat32": "tf32", "tfloat32": "tf32",
    "float8": "fp8", "float8_e4m3fn": "fp8", "float8_e5m2": "fp8", "float8_e4m3fnuz": "fp8", "float8_e5m2fnuz": "fp8",
    "float6": "fp6", "float4": "fp4", "float4_e2m1fn_x2": "fp4", "int8": "int8", "qint8": "int8", "int4": "int4",
}


def precision(name: str) -> str:
    """A precision name in the ecosystem's spelling: 'bf16', 'torch.bfloat16', 'jnp.float8_e4m3fn'.

    >>> precision("torch.bfloat16")
    'bf16'
    """
    n = str(name).strip().lower()
    n = n.rsplit(".", 1)[-1]
    if n in PRECISIONS:
        return n
    if n in _PRECISION_ALIASES:
        return _PRECISION_ALIASES[n]
    raise UnknownFieldError(name, list(PRECISIONS), f"valid precisions: {' '.join(PRECISIONS)} (or torch-style names such as torch.bfloat16)")


def compute_unit(p: str) -> str:
    return "TOP/s" if p.startswith("int") else "TFLOP/s"


# -------------------------------------------------------------------------- context


@frozen
class Context:
    """Options shared by the metrics of one table or plot.

    ``headroom`` is the share of memory kept free for activations and KV cache when asking
    what model fits (0.2 = weights may use 80%). ``price`` picks a price claim by source id
    (default: the pick rule over USD prices). ``catalog`` resolves compositions.
    """

    catalog: Any = None
    headroom: float = 0.2
    price: str | None = None

    def cat(self):
        if self.catalog is None:
            from .catalog import builtin_catalog

            return builtin_catalog()
        return self.catalog


DEFAULT = Context()

# -------------------------------------------------------------------------- field access

# paths that add up over a composition (two chips on a card: twice the compute and memory; the
# export-control rule likewise sums the logic dies up to the circuit board)
_ADDITIVE = ("memory.capacity", "memory.bandwidth", "die_area") + tuple(
    f"compute.{p}.{s}" for p in PRECISIONS for s in ("dense", "sparse"))


def field(e: Accelerator, path: str, unit: str, ctx: Context = DEFAULT, _depth: int = 0) -> Result:
    """A field in ``unit``: the entry's own claim, or the sum over its composition.

    Compute, memory and die area of a card, server or rack with no claim of its own are summed
    from ``contains``; power never is (a system's power includes CPUs, switches and cooling that
    no sum of chips covers), so it is taken only from the entry's own claim.
    """
    c = e.claim(path)
    if c is not None:
        if not c.is_number:
            return _missing(unit, f"{path} is not a number")
        return Result(c.to(unit), unit, (c,))
    label = _LABELS.get(path, path)
    if path in _ADDITIVE and e.contains and _depth < 8:
        total, inputs, parts = 0.0, [], []
        for comp in e.contains:
            try:
                child = ctx.cat().get(comp.id)
            except KeyError:
                return _missing(unit, f"component {comp.id!r} is not in the catalog")
            r = field(child, path, unit, ctx, _depth + 1)
            if r.missing:
                # "no BF16, nor for its component Jiangyuan D20 chip": one clause, not a nested reason
                return _missing(unit, f"no {label}, nor for its component {child.name}")
            total += comp.count * r.value
            inputs.extend(r.inputs)
            parts.append(f"{comp.count} × {child.id}")
        return Result(total, unit, tuple(inputs), note=f"sum of {' + '.join(parts)}")
    if path.endswith(".dense") and e.claim(path[: -len("dense")] + "sparse") is not None:
        return _missing(unit, f"no dense {label} figure (only sparse)")
    return _missing(unit, f"no {label}")


_LABELS = {
    "power.tdp": "TDP", "memory.capacity": "memory capacity", "memory.bandwidth": "memory bandwidth",
    "interconnect.scaleup_bandwidth": "scale-up bandwidth", "die_area": "die area", "process_node": "process node",
    "transistors": "transistor count",
}
for _p in PRECISIONS:
    for _s in ("dense", "sparse", "vector"):
        _LABELS[f"compute.{_p}.{_s}"] = f"{_p.upper()} {_s}" if _s != "dense" else _p.upper()
del _p, _s


def _ratio(num: Result, den: Result, unit: str, scale: float = 1.0) -> Result:
    if num.missing:
        return _missing(unit, num.reason, num.inputs + den.inputs)
    if den.missing:
        return _missing(unit, den.reason, num.inputs + den.inputs)
    return Result(num.value / den.value * scale, unit, num.inputs + den.inputs)


def price_claim(e: Accelerator, ctx: Context = DEFAULT) -> Claim | None:
    usd = tuple(c for c in e.prices if c.unit == "USD")
    if ctx.price is not None:
        usd = tuple(c for c in usd if c.source.id == ctx.price)
    return pick(usd)


def price(e: Accelerator, ctx: Context = DEFAULT) -> Result:
    c = price_claim(e, ctx)
    if c is None:
        cny = [p for p in e.prices if p.unit != "USD"]
        reason = "no USD price (CNY prices are not converted without a stated rate)" if cny else "no price"
        return _missing("USD", reason)
    return Result(c.value, "USD", (c,), note=f"{c.value:,.0f} USD, {c.date}: {c.item}")


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

    def __call__(self, e: Accelerator, ctx: Context = DEFAULT) -> Result:
        return self.fn(e, ctx)


REGISTRY: dict[str, Metric] = {}


def _register(m: Metric) -> None:
    REGISTRY[m.name] = m


def _field_metric(name: str, path: str, unit: str, description: str) -> None:
    _register(Metric(name, unit, description, path, (path,), lambda e, ctx, p=path, u=unit: field(e, p, u, ctx), group="field"))


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
_register(Metric("price_usd", "USD", "price (the USD price claim shown; see `accelspec claims CHIP prices`)", "price", ("prices",),
                 price, group="field", higher_is_better=False))


def _per_watt(p: str, sparse: bool) -> None:
    slot = "sparse" if sparse else "dense"
    u = compute_unit(p)
    base = f"{p}_tops" if p.startswith("int") else f"{p}_tflops"
    name = f"{base}_per_watt" + ("_sparse" if sparse else "")
    _register(Metric(
        name, f"{u}/W", f"{slot} {p.upper()} peak per watt of TDP", f"compute.{p}.{slot} / power.tdp",
        (f"compute.{p}.{slot}", "power.tdp"),
        lambda e, ctx, p=p, slot=slot, u=u: _ratio(field(e, f"compute.{p}.{slot}", u, ctx), field(e, "power.tdp", "W", ctx), f"{u}/W"),
        group="efficiency",
    ))


def _balance(p: str) -> None:
    u = compute_unit(p)
    _register(Metric(
        f"bytes_per_flop_{p}", "B/FLOP", f"memory bytes per dense {p.upper()} operation (machine balance)",
        f"memory.bandwidth (B/s) / compute.{p}.dense (op/s)", ("memory.bandwidth", f"compute.{p}.dense"),
        lambda e, ctx, p=p, u=u: _ratio(field(e, "memory.bandwidth", "GB/s", ctx), field(e, f"compute.{p}.dense", u, ctx), "B/FLOP", 1e9 / 1e12),
        group="balance", higher_is_better=True,
    ))
    _register(Metric(
        f"ridge_point_{p}", "FLOP/B", f"roofline ridge point at dense {p.upper()}: the arithmetic intensity where compute becomes the bound",
        f"compute.{p}.dense (op/s) / memory.bandwidth (B/s)", (f"compute.{p}.dense", "memory.bandwidth"),
        lambda e, ctx, p=p, u=u: _ratio(field(e, f"compute.{p}.dense", u, ctx), field(e, "memory.bandwidth", "GB/s", ctx), "FLOP/B", 1e12 / 1e9),
        group="balance", higher_is_better=False,
    ))


def _cost(p: str) -> None:
    u = compute_unit(p)
    base = f"{p}_tops" if p.startswith("int") else f"{p}_tflops"
    _register(Metric(
        f"usd_per_{base}", f"USD/({u})", f"price per dense {p.upper()} {u}", f"price / compute.{p}.dense",
        ("prices", f"compute.{p}.dense"),
        lambda e, ctx, p=p, u=u: _ratio(price(e, ctx), field(e, f"compute.{p}.dense", u, ctx), f"USD/({u})"),
        group="cost", higher_is_better=False,
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
                 group="efficiency"))
_register(Metric("memory_capacity_per_watt", "GB/W", "memory capacity per watt of TDP", "memory.capacity / power.tdp",
                 ("memory.capacity", "power.tdp"),
                 lambda e, ctx: _ratio(field(e, "memory.capacity", "GB", ctx), field(e, "power.tdp", "W", ctx), "GB/W"),
                 group="efficiency"))
_register(Metric("usd_per_gb", "USD/GB", "price per GB of memory", "price / memory.capacity", ("prices", "memory.capacity"),
                 lambda e, ctx: _ratio(price(e, ctx), field(e, "memory.capacity", "GB", ctx), "USD/GB"),
                 group="cost", higher_is_better=False))
_register(Metric("usd_per_gbs", "USD/(GB/s)", "price per GB/s of memory bandwidth", "price / memory.bandwidth",
                 ("prices", "memory.bandwidth"),
                 lambda e, ctx: _ratio(price(e, ctx), field(e, "memory.bandwidth", "GB/s", ctx), "USD/(GB/s)"),
                 group="cost", higher_is_better=False))


# ---- export-control quantities (the classification itself is accelspec.exportcontrol)

def tpp_by_precision(e: Accelerator, ctx: Context = DEFAULT) -> dict[str, Result]:
    """TPP per precision: dense TOPS × bit length. Sparse figures never count."""
    out = {}
    for p in PRECISIONS:
        r = field(e, f"compute.{p}.dense", compute_unit(p), ctx)
        out[p] = Result(r.value * PRECISION_BITS[p], "TPP", r.inputs) if not r.missing else _missing("TPP", r.reason)
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


_register(Metric("tpp", "TPP", "total processing performance: max over precisions of dense TOPS × bit length (export control)",
                 "max_p(compute.p.dense × bits(p))", tuple(f"compute.{p}.dense" for p in PRECISIONS), tpp, group="export control"))
_register(Metric("performance_density", "TPP/mm²", "TPP per mm² of applicable die area (export control)", "tpp / die_area",
                 ("compute.*.dense", "die_area"), performance_density, group="export control"))


# ---- what a model needs: parameterised names, resolved by pattern

_BYTES_PER_PARAM = {"fp32": 4.0, "bf16": 2.0, "fp16": 2.0, "fp8": 1.0, "int8": 1.0, "fp6": 0.75, "fp4": 0.5, "int4": 0.5}

_MODEL_PATTERNS = {
    "max_params_b": re.compile(r"^max_params_b_(?P<w>[a-z0-9]+)(?:_x(?P<n>\d+))?$"),
    "decode": re.compile(r"^decode_tokens_per_s_(?P<params>\d+(?:\.\d+)?)b_(?P<w>[a-z0-9]+)(?:_x(?P<n>\d+))?$"),
    "prefill": re.compile(r"^prefill_tokens_per_s_(?P<params>\d+(?:\.\d+)?)b_(?P<w>[a-z0-9]+)(?:_x(?P<n>\d+))?$"),
}


def _weights(w: str) -> float:
    if w not in _BYTES_PER_PARAM:
        raise UnknownFieldError(w, list(_BYTES_PER_PARAM), f"weight precision must be one of {', '.join(_BYTES_PER_PARAM)}")
    return _BYTES_PER_PARAM[w]


def max_params_b(e: Accelerator, weight_precision: str = "fp16", chips: int = 1, ctx: Context = DEFAULT) -> Result:
    """Largest dense model (billions of parameters) whose weights fit in memory, keeping ``ctx.headroom`` free."""
    mem = field(e, "memory.capacity", "GB", ctx)
    if mem.missing:
        return _missing("B params", mem.reason)
    usable = mem.value * chips * (1 - ctx.headroom)
    return Result(usable / _weights(weight_precision), "B params", mem.inputs,
                  note=f"{chips} × {mem.value:g} GB, {ctx.headroom:.0%} kept for activations/KV cache, {_weights(weight_precision):g} B/param")


def decode_tokens_per_s(e: Accelerator, params_b: float, weight_precision: str = "fp16", chips: int = 1, ctx: Context = DEFAULT) -> Result:
    """Upper bound of batch-1 decode: every token reads all weights once (bandwidth / weight bytes)."""
    weight_gb = params_b * _weights(weight_precision)
    fit = max_params_b(e, weight_precision, chips, ctx)
    if fit.missing:
        return _missing("tokens/s", fit.reason)
    if fit.value < params_b:
        return _missing("tokens/s", f"{weight_gb:g} GB of weights do not fit in {chips} × {fit.inputs[0].to('GB'):g} GB with {ctx.headroom:.0%} headroom" if fit.inputs else "weights do not fit", fit.inputs)
    bw = field(e, "memory.bandwidth", "GB/s", ctx)
    if bw.missing:
        return _missing("tokens/s", bw.reason, fit.inputs)
    return Result(bw.value * chips / weight_gb, "tokens/s", fit.inputs + bw.inputs,
                  note=f"upper bound: {chips} × {bw.value:g} GB/s / {weight_gb:g} GB of weights, batch 1")


def prefill_tokens_per_s(e: Accelerator, params_b: float, weight_precision: str = "fp16", chips: int = 1, ctx: Context = DEFAULT) -> Result:
    """Compute-bound prefill rate: dense peak at the weight precision / (2 × parameters) per token."""
    p = "int8" if weight_precision == "int8" else ("int4" if weight_precision == "int4" else weight_precision)
    r = field(e, f"compute.{p}.dense", compute_unit(p), ctx)
    if r.missing:
        return _missing("tokens/s", r.reason)
    return Result(r.value * 1e12 * chips / (2 * params_b * 1e9), "tokens/s", r.inputs,
                  note=f"peak: {chips} × {r.value:g} {compute_unit(p)} / (2 × {params_b:g}e9 FLOP per token)")


def _model_metric(name: str) -> Metric | None:
    for kind, pat in _MODEL_PATTERNS.items():
        m = pat.match(name)
        if not m:
            continue
        w = m.group("w")
        _weights(w)
        n = int(m.group("n") or 1)
        if kind == "max_params_b":
            return Metric(name, "B params", f"largest dense model whose {w} weights fit in {n} chip(s), keeping headroom free",
                          "memory.capacity × chips × (1 − headroom) / bytes per parameter", ("memory.capacity",),
                          lambda e, ctx: max_params_b(e, w, n, ctx), group="model")
        params = float(m.group("params"))
        if kind == "decode":
            return Metric(name, "tokens/s", f"batch-1 decode upper bound for a dense {params:g}B model in {w} on {n} chip(s)",
                          "memory.bandwidth × chips / weight bytes", ("memory.bandwidth", "memory.capacity"),
                          lambda e, ctx: decode_tokens_per_s(e, params, w, n, ctx), group="model")
        return Metric(name, "tokens/s", f"compute-bound prefill rate for a dense {params:g}B model in {w} on {n} chip(s)",
                      "compute.<w>.dense × chips / (2 × params)", (f"compute.{w}.dense",),
                      lambda e, ctx: prefill_tokens_per_s(e, params, w, n, ctx), group="model")
    return None


MODEL_EXAMPLES = ("max_params_b_fp16", "max_params_b_fp8", "max_params_b_fp8_x8", "decode_tokens_per_s_70b_fp8",
                  "decode_tokens_per_s_70b_fp16_x8", "prefill_tokens_per_s_70b_fp8")


def get_metric(name: str) -> Metric:
    """A metric by name (registry, model pattern, or a numeric field path such as memory.capacity)."""
    if name in REGISTRY:
        return REGISTRY[name]
    m = _model_metric(name)
    if m is not None:
        return m
    if name in FIELD_TYPES and FIELD_TYPES[name] not in ("text", "date"):
        from . import units

        unit = units.CANONICAL[FIELD_TYPES[name]]
        if name.startswith("compute."):
            unit = compute_unit(name.split(".")[1])
        return Metric(name, unit, name, name, (name,), lambda e, ctx: field(e, name, unit, ctx), group="field")
    import difflib

    valid = list(REGISTRY) + list(MODEL_EXAMPLES)
    close = difflib.get_close_matches(name, valid, n=3, cutoff=0.5)
    from .errors import did_you_mean

    hint = did_you_mean(close) if close else "see `accelspec metrics`"
    raise UnknownFieldError(name, valid, hint)


def resolver(name: str) -> Callable[[Accelerator], Result]:
    m = get_metric(name)
    return lambda e: m(e)


def compute(e: Accelerator, name: str, ctx: Context = DEFAULT) -> Result:
    """``compute(get("H200"), "bf16_tflops_per_watt")`` — one metric of one entry."""
    return get_metric(name)(e, ctx)


# -------------------------------------------------------------------------- listing


def render_registry(fmt: str = "text") -> str:
    rows = [(m.name, m.unit, m.group, m.description, m.formula) for m in REGISTRY.values()]
    rows += [(n, get_metric(n).unit, "model", get_metric(n).description, get_metric(n).formula) for n in MODEL_EXAMPLES]
    if fmt == "json":
        import json

        keys = ("name", "unit", "group", "description", "formula")
        return json.dumps([dict(zip(keys, r)) for r in rows], ensure_ascii=False, indent=2)
    from tabulate import tabulate

    text = tabulate(rows, headers=("name", "unit", "group", "description", "formula"),
                    tablefmt="github" if fmt == "markdown" else "simple", maxcolwidths=[None, None, None, 48, 40])
    return text + (
        "\n\nModel metrics take parameters in the name: max_params_b_<w>[_x<chips>], "
        "decode_tokens_per_s_<N>b_<w>[_x<chips>], prefill_tokens_per_s_<N>b_<w>[_x<chips>]; "
        "<w> is the weight precision (fp16, bf16, fp8, int8, fp4, int4). Headroom for activations/KV cache: 20%."
    )
