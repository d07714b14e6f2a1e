"""Derived metrics: a registry of named, documented, pure functions of catalog entries.

Every metric returns a :class:`Result`: a value in the metric's stated unit **or** ``None``
with a reason ("no TDP"), never 0 or infinity, plus the claims it was computed from, so a
figure built on a press claim or an estimate is marked as such wherever it is shown.

Names read like the flat export: ``bf16_tflops`` (dense), ``bf16_tflops_per_watt``,
``memory_bandwidth_per_watt``, ``bytes_per_flop_bf16``, ``ridge_point_fp8``,
``usd_per_bf16_tflops``, ``max_params_b_fp8``, ``decode_tokens_per_s_70b_fp8``,
``decode_tokens_per_s_70b_fp8_x8`` (eight chips), ``tpp``, ``performance_density``.
``accelspec metrics`` lists them all.

Layout: :mod:`.result` (the answer), :mod:`.precision` (names), :mod:`.fields` (reading the
catalog, compositions, prices), :mod:`.registry` (fixed metrics), :mod:`.parametric` (metrics
named with parameters), :mod:`.vectorized` (the same formulas over numpy columns),
:mod:`.listing` (``accelspec metrics``).
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import UnknownFieldError, did_you_mean
from ..model import FIELD_TYPES, PRECISIONS, Accelerator
from .fields import DEFAULT, Context, field, price, price_claim
from .listing import render_registry
from .parametric import (
    MODEL_EXAMPLES,
    decode_tokens_per_s,
    max_params_b,
    model_metric,
    prefill_tokens_per_s,
)
from .precision import compute_unit, precision
from .registry import REGISTRY, Metric, performance_density, tpp, tpp_by_precision
from .result import Result


def get_metric(name: str) -> Metric:
    """A metric by name (registry, model pattern, or a numeric field path such as memory.capacity)."""
    if name in REGISTRY:
        return REGISTRY[name]
    m = model_metric(name)
    if m is not None:
        return m
    if name.startswith("mlperf_"):
        from .measured import mlperf_metric

        m = mlperf_metric(name)
        if m is not None:
            return m
    if name in FIELD_TYPES and FIELD_TYPES[name] not in ("text", "date"):
        from .. import units

        unit = units.CANONICAL[FIELD_TYPES[name]]
        if name.startswith("compute."):
            unit = compute_unit(name.split(".")[1])
        return Metric(name, unit, name, name, (name,), lambda e, ctx: field(e, name, unit, ctx), group="field")
    import difflib

    valid = list(REGISTRY) + list(MODEL_EXAMPLES) + ["mlperf_llama2-70b-99_offline"]
    close = difflib.get_close_matches(name, valid, n=3, cutoff=0.5)

    hint = did_you_mean(close) if close else "see `accelspec metrics`"
    raise UnknownFieldError(name, valid, hint)


def resolver(name: str) -> Callable[[Accelerator], Result]:
    m = get_metric(name)
    return lambda e: m(e)


def compute(e: Accelerator, name: str, ctx: Context = DEFAULT) -> Result:
    """``compute(get("H200"), "bf16_tflops_per_watt")`` — one metric of one entry."""
    return get_metric(name)(e, ctx)


__all__ = [
    "DEFAULT", "MODEL_EXAMPLES", "PRECISIONS", "REGISTRY", "Context", "Metric", "Result", "compute", "compute_unit",
    "decode_tokens_per_s", "field", "get_metric", "max_params_b", "performance_density", "precision",
    "prefill_tokens_per_s", "price", "price_claim", "render_registry", "resolver", "tpp", "tpp_by_precision",
]
