"""A metric's answer: a value in a stated unit, or a missing value with its reason, plus its inputs."""

from __future__ import annotations

import math
from typing import Any

from attrs import frozen

from ..model import SOURCE_KINDS, Claim

# -------------------------------------------------------------------------- results


@frozen
class Result:
    """A metric value with its unit and provenance, or a missing value with its reason."""

    value: float | None
    unit: str
    inputs: tuple[Claim, ...] = ()
    reason: str | None = None
    note: str | None = None
    # why a value is missing, when the entry says: "not-supported", "not-published" or "not-found"
    # (accelspec.model.GAP_REASONS); None for a value nobody has recorded a reason for yet
    gap: str | None = None

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


def _missing(unit: str, reason: str, inputs: tuple[Claim, ...] = (), gap: str | None = None) -> Result:
    return Result(None, unit, inputs, reason, gap=gap)


def checked(value: float, unit: str, inputs: tuple[Claim, ...] = (), note: str | None = None) -> Result:
    """A Result for a computed value, or a missing one when the arithmetic left the positive finite
    range (an input of 1e-320 W, a 1e308 EFLOP/s figure): never 0, infinity or an exception."""
    if not (isinstance(value, float) or isinstance(value, int)) or not math.isfinite(value) or value <= 0:
        return Result(None, unit, inputs, f"out of range: the inputs give {value!r}")
    return Result(float(value), unit, inputs, note=note)
