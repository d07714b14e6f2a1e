"""Measured results beside the datasheet peaks: MLPerf Inference and Training, as published.

:mod:`.records` is the :class:`Result` record, the :class:`Share` of each accelerator kind in its
system, and the :class:`ResultSet` with its filters; :mod:`.aliases` reads the alias table that maps
MLPerf's spellings to catalog entries; :mod:`.loader` reads ``catalog/results/*.toml`` with the
catalog's own machinery; :mod:`.derived` computes what accelspec adds (per accelerator, per joule),
ranks one comparable group at a time and writes MLPerf's footnote; :mod:`.peak` sets each entry's
best result beside its dense peak (:func:`vs_peak`); :mod:`.best` picks the lines `accelspec show`
prints; :mod:`.flagperf` reads FlagPerf's microbenchmarks (measured beside rated, never replacing it).

>>> import accelspec.results as res
>>> rows = res.select(["H200"], benchmark="llama2-70b-99", scenario="Offline", version="v5.1")
>>> sorted({r.id for r in rows})[:2]
['5.1-0007', '5.1-0013']
"""

from __future__ import annotations

from .derived import (
    Derived,
    footnote,
    groups,
    per_accelerator,
    per_entry,
    per_joule,
    rank,
    record,
    render,
)
from .flagperf import Achieved, FlagPerfFile, Finding, Measurement, achieved, findings, load_flagperf
from .loader import builtin_results, load_results
from .peak import PeakRow, VsPeak, vs_peak
from .records import Alias, Result, ResultSet, Share


def select(chips=(), **filters) -> list[Result]:
    """Shipped results matching the filters (:meth:`ResultSet.select`): chips, benchmark, scenario, suite, version."""
    return builtin_results().select(chips, **filters)


__all__ = ["Achieved", "Alias", "Derived", "FlagPerfFile", "Finding", "Measurement", "PeakRow", "Result", "ResultSet",
           "Share", "VsPeak", "achieved", "builtin_results", "findings", "footnote", "groups", "load_flagperf",
           "load_results", "per_accelerator", "per_entry", "per_joule", "rank", "record", "render", "select", "vs_peak"]
