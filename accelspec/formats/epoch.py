"""Cross-check against Epoch AI's hardware table (ml_hardware.csv, https://epoch.ai/data/machine-learning-hardware).

Each row is matched to a catalog entry (an alias table first, then the catalog's own lookup) and
each mapped column compared with the entry's shown claim, dense figures only. The column names
differ between snapshots, so each field has a small table of the spellings seen:
syedalijabir/gpu-performance ``data/ml_hardware.csv`` @ d354f974f0a2960b21d57ba095a9b570b1045c5f uses
"Memory size per board (Byte)"; other snapshots (quoted in code indexed by the search tools) use
"Memory (bytes)" and "INT4 performance (OP/s)".
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable

from attrs import frozen

from ..errors import CatalogError, InvalidValueError, Problem, UnknownAcceleratorError

# catalog field -> (Epoch's spellings of the column, Epoch's unit). Epoch's plain "FP16" and
# "INT4/FP4" columns are left out: the first is the non-tensor rate, the second mixes two precisions.
COLUMNS: dict[str, tuple[tuple[str, ...], str]] = {
    "memory.capacity": (("Memory size per board (Byte)", "Memory (bytes)"), "GB"),
    "memory.bandwidth": (("Memory bandwidth (byte/s)",), "GB/s"),
    "interconnect.scaleup_bandwidth": (("Intranode bandwidth (byte/s)",), "GB/s"),
    "power.tdp": (("TDP (W)",), "W"),
    "die_area": (("Die Size (mm^2)",), "mm²"),
    "process_node": (("Process size (nm)",), "nm"),
    "transistors": (("Transistors (millions)",), "million"),
    "compute.fp64.vector": (("FP64 (double precision) performance (FLOP/s)",), "TFLOP/s"),
    "compute.fp32.dense": (("FP32 (single precision) performance (FLOP/s)",), "TFLOP/s"),
    "compute.tf32.dense": (("TF32 (TensorFloat-32) performance (FLOP/s)",), "TFLOP/s"),
    "compute.bf16.dense": (("Tensor-FP16/BF16 performance (FLOP/s)",), "TFLOP/s"),
    "compute.fp8.dense": (("FP8 performance (FLOP/s)",), "TFLOP/s"),
    "compute.fp4.dense": (("FP4 performance (FLOP/s)",), "TFLOP/s"),
    "compute.int8.dense": (("INT8 performance (OP/s)",), "TOP/s"),
    "compute.int4.dense": (("INT4 performance (OP/s)",), "TOP/s"),
}
# Epoch's units are base units (B, B/s, FLOP/s); this divides them into the unit named above.
_BASE_DIVISOR = {"GB": 1e9, "GB/s": 1e9, "TFLOP/s": 1e12, "TOP/s": 1e12, "W": 1, "mm²": 1, "nm": 1, "million": 1}
NAME_COLUMNS = ("Hardware name", "Name")

# Epoch name -> (catalog entry, factor applied to Epoch's per-device figures, fields not compared, why)
ALIASES: dict[str, tuple[str, float, tuple[str, ...], str]] = {
    "NVIDIA GB200": ("nvidia-gb200", 2.0, ("power.tdp", "die_area", "process_node", "transistors"),
                     "Epoch's row is per GPU; the catalog entry is a superchip of two GPUs (figures x2; TDP not compared)"),
    "NVIDIA GB300": ("nvidia-gb300", 2.0, ("power.tdp", "die_area", "process_node", "transistors"),
                     "Epoch's row is per GPU; the catalog entry is a superchip of two GPUs (figures x2; TDP not compared)"),
    "NVIDIA L2 PCle": ("nvidia-l2", 1.0, (), "Epoch spells PCIe 'PCle'"),
    "NVIDIA L20 PCle": ("nvidia-l20", 1.0, (), "Epoch spells PCIe 'PCle'"),
    "NVIDIA HGX H20": ("nvidia-h20", 1.0, (), "Epoch names the HGX board; its figures are per GPU"),
}


@frozen
class Finding:
    """One disagreement, or a value one side has and the other lacks."""

    epoch_name: str
    entry: str
    field: str
    status: str  # "differs", "only-epoch", "only-catalog"
    epoch_value: float | None
    catalog_value: float | None
    unit: str
    relative: float | None = None
    note: str = ""


@frozen
class Report:
    findings: tuple[Finding, ...]
    matched: tuple[tuple[str, str], ...]  # (Epoch name, entry id)
    unmatched: tuple[str, ...]
    columns: tuple[str, ...]  # the catalog fields the file's columns gave


def read_rows(text: str, shown: str = "<csv>") -> tuple[list[dict], dict[str, str], str]:
    """The rows, the field → column map found in the header, and the name column."""
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    name_col = next((c for c in NAME_COLUMNS if c in header), None)
    if name_col is None:
        raise CatalogError([Problem(shown, "$.header", f"no hardware name column (expected one of {list(NAME_COLUMNS)}; "
                                                       f"got {header[:5]!r}...)")])
    found = {f: next(c for c in spellings if c in header) for f, (spellings, _) in COLUMNS.items()
             if any(c in header for c in spellings)}
    if not found:
        raise CatalogError([Problem(shown, "$.header", "no known Epoch value column (see accelspec.formats.epoch.COLUMNS)")])
    return list(reader), found, name_col


def _number(raw: str | None, shown: str, where: str, problems: list[Problem]) -> float | None:
    """The cell as a number; an empty cell is None; a bad one is a problem (all are reported at once)."""
    if raw is None or not raw.strip():
        return None
    try:
        x = float(raw)
    except ValueError:
        problems.append(Problem(shown, where, f"not a number: {raw!r}"))
        return None
    if not math.isfinite(x) or x <= 0:
        problems.append(Problem(shown, where, f"value must be positive and finite (got {raw!r})"))
        return None
    return x


def _entry(cat, name: str):
    if name in ALIASES:
        eid, factor, skip, note = ALIASES[name]
        if eid in cat:
            return cat.get(eid), factor, skip, note
        return None, 1.0, (), ""
    try:
        return cat.get(name), 1.0, (), ""
    except (UnknownAcceleratorError, KeyError):
        return None, 1.0, (), ""


def crosscheck(text: str, cat, tolerance: float = 0.05, shown: str = "<csv>") -> Report:
    """Compare an Epoch CSV (its text) with a catalog; ``tolerance`` is relative (0.05 = 5 %)."""
    if not (isinstance(tolerance, (int, float)) and math.isfinite(tolerance) and 0 <= tolerance < 1):
        raise InvalidValueError("tolerance", tolerance, "give a fraction from 0 up to (not including) 1, e.g. 0.05")
    rows, found, name_col = read_rows(text, shown)
    findings, matched, unmatched, problems = [], [], [], []
    for i, row in enumerate(rows, start=2):  # line 1 is the header
        name = (row.get(name_col) or "").strip()
        if not name:
            continue
        e, factor, skip, note = _entry(cat, name)
        if e is None:
            unmatched.append(name)
            continue
        matched.append((name, e.id))
        for fld, col in found.items():
            if fld in skip:
                continue
            unit = COLUMNS[fld][1]
            ev = _number(row.get(col), shown, f"$[line {i}].{col}", problems)
            ev = ev / _BASE_DIVISOR[unit] * factor if ev is not None else None
            c = e.claim(fld)
            cv = c.to(unit) if c is not None and c.is_point and c.is_number else None
            if ev is None and cv is None:
                continue
            if ev is None or cv is None:
                findings.append(Finding(name, e.id, fld, "only-catalog" if ev is None else "only-epoch", ev, cv, unit, note=note))
                continue
            rel = abs(ev - cv) / max(abs(ev), abs(cv))
            if rel > tolerance:
                findings.append(Finding(name, e.id, fld, "differs", ev, cv, unit, rel, note))
    if problems:
        raise CatalogError(problems)
    return Report(tuple(findings), tuple(matched), tuple(unmatched), tuple(found))


def _fmt(x: float | None) -> str:
    return "" if x is None else f"{x:.6g}"


CSV_KEYS = ("epoch_name", "entry", "field", "status", "epoch_value", "catalog_value", "unit", "relative", "note")


def to_csv(report: Report) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_KEYS)
    for f in report.findings:
        w.writerow([f.epoch_name, f.entry, f.field, f.status, _fmt(f.epoch_value), _fmt(f.catalog_value), f.unit,
                    "" if f.relative is None else f"{f.relative:.4f}", f.note])
    return buf.getvalue()


def to_text(report: Report, tolerance: float) -> str:
    rows = [("Epoch name", "entry", "field", "status", "Epoch", "catalog", "unit", "diff")]
    for f in report.findings:
        rows.append((f.epoch_name, f.entry, f.field, f.status, _fmt(f.epoch_value), _fmt(f.catalog_value), f.unit,
                     "" if f.relative is None else f"{f.relative:.1%}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    n = {s: sum(1 for f in report.findings if f.status == s) for s in ("differs", "only-epoch", "only-catalog")}
    lines.append("")
    lines.append(f"{len(report.matched)} rows matched, {len(report.unmatched)} not in the catalog; "
                 f"{n['differs']} differ by more than {tolerance:.0%}, {n['only-epoch']} only in Epoch, "
                 f"{n['only-catalog']} only in the catalog")
    notes = sorted({(f.epoch_name, f.note) for f in report.findings if f.note})
    lines += [f"note: {name}: {note}" for name, note in notes]
    return "\n".join(lines) + "\n"


def unmatched_text(names: Iterable[str]) -> str:
    return "not in the catalog: " + ", ".join(names) + "\n"
