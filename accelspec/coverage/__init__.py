"""What the catalog knows and what it lacks, and why: per entry, per vendor, for the chips in the news.

:mod:`.fields` defines the ten fields a comparison needs and reads one entry's state for each
(the kind of the value shown, or the reason it is empty); :mod:`.report` adds them up and prints
them (``accelspec coverage``; docs/coverage.md is generated from it).
"""

from __future__ import annotations

from .fields import FIELDS, REASONS, cell, entry_coverage
from .report import coverage_report, coverage_rows, group_summary

__all__ = ["FIELDS", "REASONS", "cell", "coverage_report", "coverage_rows", "entry_coverage", "group_summary"]
