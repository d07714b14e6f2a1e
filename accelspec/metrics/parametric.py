"""What a model needs: metrics whose names carry parameters, resolved by pattern.

``max_params_b_<w>[_x<chips>]``, ``decode_tokens_per_s_<N>b_<w>[_x<chips>]`` and
``prefill_tokens_per_s_<N>b_<w>[_x<chips>]``: a dense model of N billion parameters at weight
precision ``w``, on ``chips`` chips.
"""

from __future__ import annotations

import re

from ..errors import InvalidValueError, UnknownFieldError
from ..model import Accelerator
from .fields import DEFAULT, Context, field
from .precision import compute_unit
from .registry import Metric
from .result import Result, _missing, checked

# ---- what a model needs: parameterised names, resolved by pattern

_BYTES_PER_PARAM = {"fp32": 4.0, "bf16": 2.0, "fp16": 2.0, "fp8": 1.0, "int8": 1.0, "fp6": 0.75, "fp4": 0.5, "int4": 0.5}

_MODEL_PATTERNS = {
    "max_params_b": re.compile(r"^max_params_b_(?P<w>[a-z0-9]+)(?:_x(?P<n>\d+))?$"),
    "decode": re.compile(r"^decode_tokens_per_s_(?P<params>\d+(?:\.\d+)?)b_(?P<w>[a-z0-9]+)(?:_x(?P<n>\d+))?$"),
    "prefill": re.compile(r"^prefill_tokens_per_s_(?P<params>\d+(?:\.\d+)?)b_(?P<w>[a-z0-9]+)(?:_x(?P<n>\d+))?$"),
}


MAX_CHIPS = 1_000_000
MAX_PARAMS_B = 1_000_000.0   # a million billion parameters: beyond any model, still a finite number


def _count(name: str, digits: str | None) -> int:
    """The ``_x<N>`` chip count: a whole number from 1 to a million, read without overflow."""
    if digits is None:
        return 1
    if len(digits) > 7 or not (1 <= int(digits) <= MAX_CHIPS):
        raise InvalidValueError("chip count", digits if len(digits) <= 12 else digits[:12] + "...",
                                f"in {name[:60]!r}: a whole number from 1 to {MAX_CHIPS:,}")
    return int(digits)


def _params(name: str, text: str) -> float:
    """The ``<N>b`` model size in billions of parameters: positive and at most a million billion."""
    value = float(text) if len(text) <= 12 else float("inf")
    if not (0 < value <= MAX_PARAMS_B):
        raise InvalidValueError("model size", text if len(text) <= 12 else text[:12] + "...",
                                f"in {name[:60]!r}: billions of parameters, more than 0 and at most {MAX_PARAMS_B:,.0f}")
    return value


def _check_chips(chips: object) -> None:
    if isinstance(chips, bool) or not isinstance(chips, int) or not (1 <= chips <= MAX_CHIPS):
        raise InvalidValueError("chips", chips, f"a whole number from 1 to {MAX_CHIPS:,}")


def _check_params(params_b: object) -> None:
    import math

    if isinstance(params_b, bool) or not isinstance(params_b, (int, float)) or not math.isfinite(params_b) \
            or not (0 < params_b <= MAX_PARAMS_B):
        raise InvalidValueError("params_b", params_b, f"billions of parameters, more than 0 and at most {MAX_PARAMS_B:,.0f}")


def _weights(w: str) -> float:
    if w not in _BYTES_PER_PARAM:
        raise UnknownFieldError(w, list(_BYTES_PER_PARAM), f"weight precision must be one of {', '.join(_BYTES_PER_PARAM)}")
    return _BYTES_PER_PARAM[w]


def max_params_b(e: Accelerator, weight_precision: str = "fp16", chips: int = 1, ctx: Context = DEFAULT) -> Result:
    """Largest dense model (billions of parameters) whose weights fit in memory, keeping ``ctx.headroom`` free."""
    _check_chips(chips)
    mem = field(e, "memory.capacity", "GB", ctx)
    if mem.missing:
        return _missing("B params", mem.reason)
    usable = mem.value * chips * (1 - ctx.headroom)
    return checked(usable / _weights(weight_precision), "B params", mem.inputs,
                  note=f"{chips} × {mem.value:g} GB, {ctx.headroom:.0%} kept for activations/KV cache, {_weights(weight_precision):g} B/param")


def decode_tokens_per_s(e: Accelerator, params_b: float, weight_precision: str = "fp16", chips: int = 1, ctx: Context = DEFAULT) -> Result:
    """Upper bound of batch-1 decode: every token reads all weights once (bandwidth / weight bytes)."""
    _check_params(params_b)
    weight_gb = params_b * _weights(weight_precision)
    fit = max_params_b(e, weight_precision, chips, ctx)
    if fit.missing:
        return _missing("tokens/s", fit.reason)
    if fit.value < params_b:
        return _missing("tokens/s", f"{weight_gb:g} GB of weights do not fit in {chips} × {fit.inputs[0].to('GB'):g} GB with {ctx.headroom:.0%} headroom" if fit.inputs else "weights do not fit", fit.inputs)
    bw = field(e, "memory.bandwidth", "GB/s", ctx)
    if bw.missing:
        return _missing("tokens/s", bw.reason, fit.inputs)
    return checked(bw.value * chips / weight_gb, "tokens/s", fit.inputs + bw.inputs,
                  note=f"upper bound: {chips} × {bw.value:g} GB/s / {weight_gb:g} GB of weights, batch 1")


def prefill_tokens_per_s(e: Accelerator, params_b: float, weight_precision: str = "fp16", chips: int = 1, ctx: Context = DEFAULT) -> Result:
    """Compute-bound prefill rate: dense peak at the weight precision / (2 × parameters) per token."""
    _check_chips(chips)
    _check_params(params_b)
    p = "int8" if weight_precision == "int8" else ("int4" if weight_precision == "int4" else weight_precision)
    r = field(e, f"compute.{p}.dense", compute_unit(p), ctx)
    if r.missing:
        return _missing("tokens/s", r.reason)
    return checked(r.value * 1e12 * chips / (2 * params_b * 1e9), "tokens/s", r.inputs,
                  note=f"peak: {chips} × {r.value:g} {compute_unit(p)} / (2 × {params_b:g}e9 FLOP per token)")


def model_metric(name: str) -> Metric | None:
    for kind, pat in _MODEL_PATTERNS.items():
        m = pat.match(name)
        if not m:
            continue
        w = m.group("w")
        _weights(w)
        n = _count(name, m.group("n"))
        bpp = _weights(w)
        if kind == "max_params_b":
            return Metric(name, "B params", f"largest dense model whose {w} weights fit in {n} chip(s), keeping headroom free",
                          "memory.capacity × chips × (1 − headroom) / bytes per parameter", ("memory.capacity",),
                          lambda e, ctx: max_params_b(e, w, n, ctx), group="model",
                          columns=("memory_gb",), vector=lambda c, ctx: c["memory_gb"] * n * (1 - ctx.headroom) / bpp)
        params = _params(name, m.group("params"))
        if kind == "decode":
            def decode_vector(c, ctx):
                import numpy as np

                fits = c["memory_gb"] * n * (1 - ctx.headroom) / bpp >= params
                return np.where(fits, c["memory_bandwidth_gbs"] * n / (params * bpp), np.nan)

            return Metric(name, "tokens/s", f"batch-1 decode upper bound for a dense {params:g}B model in {w} on {n} chip(s)",
                          "memory.bandwidth × chips / weight bytes", ("memory.bandwidth", "memory.capacity"),
                          lambda e, ctx: decode_tokens_per_s(e, params, w, n, ctx), group="model",
                          columns=("memory_gb", "memory_bandwidth_gbs"), vector=decode_vector)
        col = f"{w}_tops" if w.startswith("int") else f"{w}_tflops"
        return Metric(name, "tokens/s", f"compute-bound prefill rate for a dense {params:g}B model in {w} on {n} chip(s)",
                      "compute.<w>.dense × chips / (2 × params)", (f"compute.{w}.dense",),
                      lambda e, ctx: prefill_tokens_per_s(e, params, w, n, ctx), group="model",
                      columns=(col,), vector=lambda c, ctx: c[col] * 1e12 * n / (2 * params * 1e9))
    return None


MODEL_EXAMPLES = ("max_params_b_fp16", "max_params_b_fp8", "max_params_b_fp8_x8", "decode_tokens_per_s_70b_fp8",
                  "decode_tokens_per_s_70b_fp16_x8", "prefill_tokens_per_s_70b_fp8")
