"""Precision names: the catalog's own (bf16, fp8, int8) and the ecosystem's (torch.bfloat16)."""

from __future__ import annotations

from ..errors import UnknownFieldError
from ..model import PRECISIONS

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
