"""MLPerf results as metrics, so ``compare`` and ``rank`` take them by name.

``mlperf_<benchmark>_<scenario>`` (``mlperf_llama2-70b-99_offline``): each entry's best
closed-division result for that benchmark and scenario in the newest round that has it, divided by
the system's accelerators (per catalog entry: a GB200 superchip is two of MLPerf's GPUs). The
value is derived from an MLPerf result, and the table prints that result's citation. One round per
column, so a ranking never mixes rounds; an entry with results only in older rounds is missing,
with the reason. The records live one floor up (:mod:`accelspec.results`), imported inside the
functions only when such a name is asked for.
"""

from __future__ import annotations

import re

from ..model import Accelerator
from .fields import Context
from .registry import Metric
from .result import Result

PATTERN = re.compile(r"^mlperf_(?P<benchmark>[a-z0-9][a-z0-9.\-]*)_(?P<scenario>offline|server|interactive"
                     r"|singlestream|multistream)$")
EXAMPLE = "mlperf_llama2-70b-99_offline"


def mlperf_metric(name: str) -> Metric | None:
    """The metric for ``name``, or None when the name is not an MLPerf one; an unknown benchmark raises."""
    m = PATTERN.match(name)
    if m is None:
        return None
    from ..results.best import column  # upward, inside the function: results is floor 4

    col = column(m.group("benchmark"), m.group("scenario"))   # raises for an unknown benchmark or scenario

    def fn(e: Accelerator, ctx: Context) -> Result:
        return col.result(e, ctx.catalog)

    return Metric(name, f"{col.unit} per chip",
                  f"best MLPerf {col.benchmark} {col.scenario} result per chip, closed division, {col.version} "
                  "(derived: result / accelerators)", "MLPerf result / accelerators in the system", (), fn,
                  group="mlperf", label=f"MLPerf {col.benchmark} {col.scenario}", cite=col.cite)
