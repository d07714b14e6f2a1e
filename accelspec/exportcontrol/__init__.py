"""US export-control reading of an AI chip: TPP, performance density, ECCN 3A090 and the 2026 rules.

The rule facts (gathered in ``shared/design/export-controls.md``) come from these documents:

* October 2022 rule, 87 FR 62186: ECCN 3A090.a = aggregate bidirectional chip-to-chip I/O of
  600 GB/s or more AND bit length × TOPS of 4800 or more.
* October 2023 rule, 88 FR 73458 (FR Doc 2023-23055), still the test in 2026: TPP and
  performance density (PD); 3A090.a.1, a.2, b.1, b.2; the note for chips not designed or
  marketed for datacenters; licence exception NAC/ACA.
* December 2024 rule, 89 FR 96790: 3A090.c, high-bandwidth memory (HBM stacks, not chips;
  not assessed here, see :data:`NOTE_3A090C`).
* January 2026 rule, 91 FR 1684 (FR Doc 2026-00789): licence applications for China/Macau
  are reviewed case by case for a controlled chip with TPP < 21,000 and total DRAM bandwidth
  < 6,500 GB/s (the H200, the MI325X); otherwise the presumption is denial.
* January 2026 Proclamation 11002: a 25% duty on two bands of TPP and DRAM bandwidth.

Definitions used (88 FR 73458): TPP = 2 × MacTOPS × bit length, which is the **dense** datasheet
TOPS (a MAC already counted as two operations) × the bit length of the multiply inputs, computed
for every precision and taking the highest; sparse figures never count. PD = TPP / applicable
die area in mm² (logic dies on a non-planar process, caches included, HBM/DRAM excluded; the
sum of the logic dies for multi-die parts).

Not in any rule, so not implemented as thresholds: a "70 TFLOPS" chip cap (the 70 Weighted
TeraFLOPS of ECCN 4A003.b is an FP64 limit for whole computers), and the April 2025 licence
requirement on the H20, which came from a letter to NVIDIA, not from a threshold.

This module reads numbers against published thresholds. **It is not legal advice**: the rules
have definitions, exceptions and end-use tests that no spec sheet captures.

Float noise guard: TPP and PD are rounded to 9 decimal places before any comparison, so that a
division such as ``1600 / (1600 / 5.92)`` cannot move a chip across a line by 1e-15. Datasheet
figures never carry that many digits, so the rounding never changes a real answer.

Layout: :mod:`.thresholds` (the numbers of each rule), :mod:`.rules` (one function per rule
and the margins), :mod:`.inputs` (what a classification reads, from an entry or by hand),
:mod:`.result` (:class:`Classification`), :mod:`.classify` (putting them together),
:mod:`.render` (table, JSON, CSV), :mod:`.chart` (the map; matplotlib only there). The command
line is :mod:`accelspec.cli.exportcontrol`.
"""

from __future__ import annotations

from .classify import classify, classify_all
from .inputs import Inputs, inputs_from_entry
from .render import records, table, to_csv, to_json
from .result import Classification
from .rules import Margin
from .thresholds import (
    DRAM_2026,
    EXTRA_KEYS,
    INPUT_NAMES,
    IO_2022,
    NOT_LEGAL_ADVICE,
    NOTE_3A090C,
    PD_A2,
    PD_B1,
    PD_B2,
    RECORD_KEYS,
    RULES,
    TARIFF_BAND1,
    TARIFF_BAND2,
    TPP_2022,
    TPP_2026,
    TPP_A1,
    TPP_A2,
    TPP_B1,
)


def __getattr__(name: str):
    # the chart is loaded only when asked for, so ``import accelspec.exportcontrol`` stays free of matplotlib
    if name == "plot_map":
        from .chart import plot_map

        return plot_map
    if name == "cli_run":  # the command line's entry, kept reachable here as before the split
        from ..cli.exportcontrol import cli_run

        return cli_run
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Classification", "Inputs", "Margin", "classify", "classify_all", "cli_run", "inputs_from_entry", "plot_map",
    "records", "table", "to_csv", "to_json",
    "NOT_LEGAL_ADVICE", "NOTE_3A090C", "RULES", "TPP_A1", "TPP_A2", "TPP_B1", "PD_A2", "PD_B1", "PD_B2", "IO_2022", "TPP_2022", "TPP_2026", "DRAM_2026", "TARIFF_BAND1", "TARIFF_BAND2", "INPUT_NAMES", "RECORD_KEYS", "EXTRA_KEYS",
]
