"""The rules' numbers (88 FR 73458 unless noted), their citations, and the float-noise guard."""

from __future__ import annotations

NOT_LEGAL_ADVICE = "Not legal advice: a reading of published thresholds, not a licensing determination."
NOTE_3A090C = ("3A090.c (89 FR 96790, Dec 2024) controls high-bandwidth memory by its bandwidth density "
               "(> 2 GB/s per mm²); it concerns HBM stacks, not the chips classified here.")
RULES = {
    "2022": "87 FR 62186 (Oct 2022)",
    "2023": "88 FR 73458, FR Doc 2023-23055 (Oct 2023)",
    "2024": "89 FR 96790 (Dec 2024)",
    "2026": "91 FR 1684, FR Doc 2026-00789 (Jan 2026)",
    "tariff": "Proclamation 11002 (Jan 2026)",
}

_RULES_LINE = (f"Rules: 2022 = {RULES['2022']}; 2023 = {RULES['2023']} (NAC/ACA is its licence exception); "
               f"2026 China = {RULES['2026']} licence review for China/Macau; 2026 tariff = {RULES['tariff']}.")

# ---- thresholds (88 FR 73458 unless noted); the operators live in the functions below
TPP_A1 = 4800.0          # 3A090.a.1: TPP >= 4800
TPP_A2 = 1600.0          # 3A090.a.2 and .b.2: TPP >= 1600
TPP_B1 = 2400.0          # 3A090.b.1: 2400 <= TPP < 4800
PD_A2 = 5.92             # 3A090.a.2: PD >= 5.92; .b.*: PD < 5.92
PD_B1 = 1.6              # 3A090.b.1: PD >= 1.6
PD_B2 = 3.2              # 3A090.b.2: PD >= 3.2
IO_2022 = 600.0          # 87 FR 62186: chip-to-chip I/O >= 600 GB/s
TPP_2022 = 4800.0        # 87 FR 62186: bits x TOPS >= 4800
TPP_2026 = 21000.0       # 91 FR 1684: TPP < 21,000 for case-by-case review
DRAM_2026 = 6500.0       # 91 FR 1684: DRAM bandwidth < 6,500 GB/s for case-by-case review
TARIFF_BAND1 = ((14000.0, 17500.0), (4500.0, 5000.0))   # exclusive on both ends
TARIFF_BAND2 = ((20800.0, 21100.0), (5800.0, 6200.0))   # inclusive on both ends (edges not verified)

# input names, in the order `missing` lists them (they mirror the CLI flags)
INPUT_NAMES = ("dense_compute", "die_area", "datacenter", "interconnect", "dram_bandwidth")

RECORD_KEYS = ("tpp", "tpp_precision", "performance_density", "die_area_mm2", "eccn_2022", "eccn_2023",
               "datacenter", "nac_aca_eligible", "china_review_2026", "tariff_2026", "missing", "notes")
EXTRA_KEYS = ("tpp_by_precision", "die_area_basis", "die_area_kind", "outside_by_datacenter_note",
              "interconnect_gbs", "dram_bandwidth_gbs", "margins", "undecided")

_MARKED_KINDS = ("press", "estimate", "rumour")


def _clean(x: float | None) -> float | None:
    """Round away float noise before comparing with a threshold (see the module docstring)."""
    return None if x is None else round(float(x), 9)


def _fmt(x: float) -> str:
    """'2,368', '4,799.99', '2.9091': thousands separators, at most 4 decimals, no trailing zeros."""
    if abs(x - round(x)) < 1e-9:
        return f"{round(x):,}"
    return f"{x:,.4f}".rstrip("0").rstrip(".")
