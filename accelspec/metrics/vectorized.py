"""The metrics over whole columns: thousands of hypothetical chips at numpy speed.

>>> import numpy as np
>>> from accelspec.metrics.vectorized import evaluate
>>> r = evaluate("bf16_tflops_per_watt", {"bf16_tflops": [989.4, np.nan, 148.0], "tdp_w": [700, 400, 0]})
>>> r.values.round(3).tolist()
[1.413, nan, nan]
>>> r.reasons()
[None, 'no bf16_tflops', 'no tdp_w']

Columns are named like the flat export (``docs/export.md``: ``bf16_tflops``, ``tdp_w``,
``memory_gb``, ``price_usd`` ...) in the export's units. A missing input is NaN, and so is a
zero, a negative or an infinite one: each gives NaN out, never 0 or infinity, and
:meth:`VectorResult.reasons` says which input was missing. The formulas are the registry's
own (``Metric.vector``), so a column answers what :func:`accelspec.metrics.compute` answers for
each chip built from the same numbers. numpy is imported here only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..errors import AccelspecError, UnknownFieldError
from .fields import DEFAULT, Context


class MissingColumnError(AccelspecError, KeyError):
    """A metric needs a column the caller did not give."""

    def __init__(self, metric: str, column: str, needed: tuple[str, ...]):
        self.metric, self.column, self.needed = metric, column, needed
        super().__init__(f"metric {metric!r} needs column {column!r} (it reads {', '.join(needed)})")

    def __str__(self) -> str:
        return self.args[0]


class VectorResult:
    """Values of one metric over many chips: NaN where missing, with the inputs that made it so."""

    __slots__ = ("name", "unit", "values", "_inputs")

    def __init__(self, name: str, unit: str, values: np.ndarray, inputs: dict[str, np.ndarray]):
        self.name, self.unit, self.values, self._inputs = name, unit, values, inputs

    @property
    def missing(self) -> np.ndarray:
        return np.isnan(self.values)

    def missing_inputs(self) -> dict[str, np.ndarray]:
        """For each input column, where it was missing (NaN, zero, negative or infinite)."""
        return {c: np.isnan(a) for c, a in self._inputs.items()}

    def reasons(self) -> list[str | None]:
        """Per chip: None, or 'no <column>[, no <column>]' naming the missing inputs."""
        masks = self.missing_inputs()
        out: list[str | None] = []
        for i, miss in enumerate(self.missing.tolist()):
            if not miss:
                out.append(None)
                continue
            cols = [c for c, m in masks.items() if m[i]]
            out.append(", ".join(f"no {c}" for c in cols) if cols else "does not apply (e.g. the model does not fit)")
        return out

    def __len__(self) -> int:
        return len(self.values)

    def __repr__(self) -> str:
        return f"<VectorResult {self.name} [{self.unit}]: {len(self)} values, {int(self.missing.sum())} missing>"


def evaluate(name: str, columns: Mapping[str, Any], ctx: Context = DEFAULT) -> VectorResult:
    """The metric ``name`` over columns of equal length (lists or arrays)."""
    from . import get_metric

    m = get_metric(name)
    if m.vector is None:
        raise UnknownFieldError(name, [], "this metric has no vectorised form (it reads text, dates or prices by rule)")
    inputs: dict[str, np.ndarray] = {}
    for col in m.columns:
        if col not in columns:
            raise MissingColumnError(name, col, m.columns)
        inputs[col] = _clean(np.asarray(columns[col], dtype=float))
    with np.errstate(all="ignore"):
        out = _clean(np.asarray(m.vector(inputs, ctx), dtype=float))
    return VectorResult(name, m.unit, out, inputs)


def _clean(a: np.ndarray) -> np.ndarray:
    """``a`` with zero, negative and infinite values made NaN (a new array only when one is found).

    NaN needs no work: it stays NaN through any formula. Two reductions that skip NaN tell
    whether anything else needs it, so the common case (clean data) costs two passes, not a copy.
    """
    with np.errstate(invalid="ignore"):
        if a.size == 0 or (np.fmin.reduce(a, axis=None) > 0 and np.fmax.reduce(a, axis=None) < np.inf):
            return a
        return np.where((a > 0) & (a < np.inf), a, np.nan)  # a copy: the caller's array is never changed
