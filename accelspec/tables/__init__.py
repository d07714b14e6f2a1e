"""Comparison tables: a few chips side by side, or many chips ranked.

:mod:`.table` is the :class:`Table` (cells with provenance, footnotes, reasons for every
empty cell, every output format); :mod:`.build` makes one (:func:`compare`, :func:`rank`);
:mod:`.entry` prints one entry's fields and claims (``accelspec show`` / ``claims``).
Labels and units come from the metric registry; nothing here computes a metric.
"""

from __future__ import annotations

from .build import compare, default_fields, rank
from .table import MISSING, Table, header, label

__all__ = ["MISSING", "Table", "compare", "default_fields", "header", "label", "rank"]
