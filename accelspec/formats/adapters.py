"""Simulator adapters: each tool's own hardware description for catalog entries.

Each writer uses the tool's own field names and units, matched against the tool's file:

- GenZ: ``system_configs`` dict, abhibambhaniya/GenZ-LLM-Analyzer ``Systems/system_configs.py``
  @ 0c0703f1f750be2fddc364ed3700cc950f7cb682 (Flops TFLOPS, Memory_size GB, Memory_BW GB/s, ICN GB/s
  per direction: H100 'ICN': 450).
- llm-analysis: one JSON file per GPU, cli99/llm-analysis ``llm_analysis/gpu_configs/h100-sxm-80gb.json``
  @ 54b51aabc8b89cf2ebd1479e47e80ef5d0a50962, read by ``GPUConfig(**json)`` in ``llm_analysis/config.py``
  @ 0b979ddd83a3c3fa6d062fd7d577508fbc5ed628 (an unknown key is a TypeError there: no "_sources" key).
- LLM-Viewer: ``hardware_params`` dict, hahnyuan/LLM-Viewer ``hardwares/hardware_params.py``
  @ f307ca5a1102ddbfdee68cdedcada7d9c76cec2d (bandwidth B/s, FP16/INT8 OP/s, dense: "OPS = sparse OPS/2").
- Vidur: a ``BaseDeviceSKUConfig`` dataclass, microsoft/vidur ``vidur/config/device_sku_config.py``
  @ 01f216fe8559c0eac076b157b19125a9c370d100 (fp16_tflops, total_memory_gb).
- AIConfigurator: a system YAML, ai-dynamo/aiconfigurator ``src/aiconfigurator/systems/h100_sxm.yaml``
  (read in the fork tianhaox/aiconfigurator @ fb73bd5a187277f85ccde56bc771fce5b8c9f9e3) and
  ``aic-core/src/aiconfigurator_core/systems/b60.yaml`` @ 66a01e1e8b3da5208e4598e59b3a2d6ccbd733f5
  (mem_bw B/s, mem_capacity B, *_tc_flops FLOP/s, power W, intra_node_bw B/s per direction).

Only dense peaks are written (never a sparse figure as dense); a value the catalog lacks is left
out with a comment saying why (never 0). Tool calibration knobs (latencies, empirical factors,
GPUs per node) are not chip specifications and are left to the user.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable

from ..errors import InvalidValueError, close_hint
from ..model import Accelerator, Claim


def _num(x: float):
    """A float printed as the tool's files print numbers: an integer when it is one."""
    return int(x) if float(x).is_integer() and abs(x) < 1e21 else round(x, 6)


def _cite(c: Claim) -> str:
    s = c.source
    where = s.url or s.title
    how = "derived" if c.derivation else "as printed"
    return f"{s.id} ({how}): {where}"


def _dense(e: Accelerator, precision: str) -> Claim | None:
    c = e.claim(f"compute.{precision}.dense")
    return c if c is not None and c.is_point and c.is_number else None


def _point(e: Accelerator, path: str) -> Claim | None:
    c = e.claim(path)
    return c if c is not None and c.is_point and c.is_number else None


def _half(e: Accelerator) -> tuple[Claim | None, str]:
    """The 16-bit tensor rate a one-rate tool takes: fp16 dense, else bf16 dense (said in the comment)."""
    c = _dense(e, "fp16")
    if c is not None:
        return c, "compute.fp16.dense"
    c = _dense(e, "bf16")
    return c, "compute.bf16.dense (no fp16 dense in the catalog; the tool has one 16-bit rate)"


def _per_direction(e: Accelerator, unit: str) -> tuple[float | None, Claim | None, str]:
    """Scale-up bandwidth per direction, or why there is none (a link without a stated direction is left out)."""
    c = _point(e, "interconnect.scaleup_bandwidth")
    if c is None:
        return None, None, "interconnect.scaleup_bandwidth not in the catalog"
    if c.direction is None:
        return None, c, "the catalog's scale-up bandwidth states no direction; per-direction value unknown"
    return c.to(unit) / 2, c, "interconnect.scaleup_bandwidth, per direction"


# Each field: (tool key, getter returning (value in the tool's unit or None, claim, why/what), unit comment)
Field = tuple[str, Callable[[Accelerator], tuple[float | None, Claim | None, str]], str]


def _get(path: str, unit: str, scale: float = 1.0):
    def f(e: Accelerator):
        c = _point(e, path)
        return (c.to(unit) * scale, c, path) if c else (None, None, f"{path} not in the catalog")
    return f


def _get_dense(precision: str, unit: str, scale: float = 1.0):
    def f(e: Accelerator):
        c = _dense(e, precision)
        path = f"compute.{precision}.dense"
        return (c.to(unit) * scale, c, path) if c else (None, None, f"{path} not in the catalog (sparse never used)")
    return f


def _get_half(unit: str, scale: float = 1.0):
    def f(e: Accelerator):
        c, path = _half(e)
        return (c.to(unit) * scale, c, path) if c else (None, None, "no fp16 or bf16 dense peak in the catalog")
    return f


def _get_link(unit: str, scale: float = 1.0):
    def f(e: Accelerator):
        v, c, why = _per_direction(e, unit)
        return (v * scale if v is not None else None, c, why)
    return f


def _comment(value, claim: Claim | None, what: str, unit: str) -> str:
    return f"{unit}; {what}; {_cite(claim)}" if value is not None else f"omitted: {what}"


def _fields(e: Accelerator, spec: list[Field]):
    """(key, value or None, comment) for each field of a tool."""
    out = []
    for key, getter, unit in spec:
        value, claim, what = getter(e)
        out.append((key, None if value is None else _num(value), _comment(value, claim, what, unit)))
    return out


def _pyname(e: Accelerator) -> str:
    return "".join(p.capitalize() for p in re.split(r"[^0-9A-Za-z]+", e.id) if p)


# ---------------------------------------------------------------------- GenZ

GENZ: list[Field] = [
    ("Flops", _get_half("TFLOP/s"), "TFLOPS dense"),
    ("Memory_size", _get("memory.capacity", "GB"), "GB"),
    ("Memory_BW", _get("memory.bandwidth", "GB/s"), "GB/s"),
    ("ICN", _get_link("GB/s"), "GB/s per direction"),
]


def _python_dict(header: list[str], name: str, entries: Iterable[Accelerator], fields: list[Field],
                 extra: tuple[str, ...] = ()) -> str:
    """A Python ``name = {id: {key: value, ...}}`` table as GenZ and LLM-Viewer keep theirs: one comment per
    value saying its unit and source, a missing value as a commented-out key; ``extra`` lines end each entry."""
    lines = [*header, f"{name} = {{"]
    for e in entries:
        lines.append(f"    {e.id!r}: {{  # {e.name}")
        for key, value, comment in _fields(e, fields):
            lines.append(f"        {key!r}: {value!r},  # {comment}" if value is not None else f"        # {key!r} {comment}")
        lines += [f"        {x}" for x in extra]
        lines.append("    },")
    lines.append("}")
    return "\n".join(lines) + "\n"


def genz(entries: Iterable[Accelerator]) -> str:
    return _python_dict(["# GenZ system_configs entries written by accelspec (keys as in Systems/system_configs.py)"],
                        "system_configs", entries, GENZ,
                        extra=("'real_values': True,  # GenZ's flag for a real (not hypothetical) system",))


# ---------------------------------------------------------------------- llm-analysis

LLM_ANALYSIS: list[Field] = [
    ("mem_per_GPU_in_GB", _get("memory.capacity", "GB"), "GB"),
    ("hbm_bandwidth_in_GB_per_sec", _get("memory.bandwidth", "GB/s"), "GB/s"),
    ("intra_node_bandwidth_in_GB_per_sec", _get_link("GB/s"), "GB/s per direction"),
    ("peak_fp16_TFLOPS", _get_half("TFLOP/s"), "TFLOPS dense"),
    ("peak_i8_TFLOPS", _get_dense("int8", "TOP/s"), "TOPS dense"),
    ("peak_i4_TFLOPS", _get_dense("int4", "TOP/s"), "TOPS dense"),
]


def llm_analysis_record(e: Accelerator) -> dict:
    """One gpu_configs/<name>.json object; JSON has no comments and GPUConfig(**json) refuses unknown keys,
    so sources are not written into it (docs/crosscheck.md says where to find them: ``accelspec show``)."""
    out: dict = {"name": e.id}
    for key, value, _ in _fields(e, LLM_ANALYSIS):
        if value is not None:
            out[key] = value
    return out


def llm_analysis(entries: Iterable[Accelerator]) -> str:
    recs = [llm_analysis_record(e) for e in entries]
    return json.dumps(recs[0] if len(recs) == 1 else recs, indent=4) + "\n"


# ---------------------------------------------------------------------- LLM-Viewer

LLM_VIEWER: list[Field] = [
    ("bandwidth", _get("memory.bandwidth", "GB/s", 1e9), "B/s"),
    ("FP16", _get_half("TFLOP/s", 1e12), "OP/s dense"),
    ("INT8", _get_dense("int8", "TOP/s", 1e12), "OP/s dense"),
]


def llm_viewer(entries: Iterable[Accelerator]) -> str:
    return _python_dict(["# LLM-Viewer hardware_params entries written by accelspec (keys as in hardwares/hardware_params.py)",
                         "# 'onchip_buffer' is left out: the catalog does not hold on-chip buffer sizes"],
                        "hardware_params", entries, LLM_VIEWER)


# ---------------------------------------------------------------------- Vidur

VIDUR: list[Field] = [
    ("fp16_tflops", _get_half("TFLOP/s"), "TFLOPS dense"),
    ("total_memory_gb", _get("memory.capacity", "GB"), "GB"),
]

_VIDUR_HELP = {"fp16_tflops": "The number of TFLOPS the device can achieve in FP16",
               "total_memory_gb": "The total memory of the device in GB"}


def vidur(entries: Iterable[Accelerator]) -> str:
    lines = ["# Vidur device SKU configs written by accelspec (as in vidur/config/device_sku_config.py);",
             "# paste into that module; get_type() needs a DeviceSKUType member added in vidur/types.",
             "from dataclasses import dataclass, field", ""]
    for e in entries:
        lines += ["", "@dataclass", f"class {_pyname(e)}DeviceSKUConfig(BaseDeviceSKUConfig):  # {e.name}"]
        for key, value, comment in _fields(e, VIDUR):
            if value is None:
                lines.append(f"    # {key} {comment}")
                continue
            lines += [f"    # {comment}", f"    {key}: int = field(", f"        default={value!r},",
                      f"        metadata={{\"help\": {_VIDUR_HELP[key]!r}}},", "    )"]
        lines += ["", "    @staticmethod", "    def get_type():",
                  f"        return DeviceSKUType.{_pyname(e).upper()}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


# ---------------------------------------------------------------------- AIConfigurator

AIC_GPU: list[Field] = [
    ("mem_bw", _get("memory.bandwidth", "GB/s", 1e9), "B/s"),
    ("mem_capacity", _get("memory.capacity", "B"), "B (converted exactly from the catalog's unit; the tool's own files write GiB sizes)"),
    ("float16_tc_flops", _get_dense("fp16", "TFLOP/s", 1e12), "FLOP/s dense"),
    ("bfloat16_tc_flops", _get_dense("bf16", "TFLOP/s", 1e12), "FLOP/s dense"),
    ("fp8_tc_flops", _get_dense("fp8", "TFLOP/s", 1e12), "FLOP/s dense"),
    ("int8_tc_flops", _get_dense("int8", "TOP/s", 1e12), "OP/s dense"),
    ("power", _get("power.tdp", "W"), "W"),
]
AIC_NODE: list[Field] = [("intra_node_bw", _get_link("GB/s", 1e9), "B/s per GPU, single direction")]


def aiconfigurator(entries: Iterable[Accelerator]) -> str:
    docs = []
    for e in entries:
        lines = [f"# AIConfigurator system file for {e.name} ({e.id}), written by accelspec",
                 "# data_dir, empirical factors, latencies, num_gpus_per_node and misc are calibration, not chip specs:",
                 "# copy them from the tool's own file for a similar system.", "gpu:"]
        for section, spec in (("gpu", AIC_GPU), ("node", AIC_NODE)):
            if section == "node":
                lines.append("node:")
            for key, value, comment in _fields(e, spec):
                lines.append(f"  {key}: {value!r}  # {comment}" if value is not None else f"  # {key} {comment}")
        docs.append("\n".join(lines) + "\n")
    return "---\n".join(docs)


TOOLS: dict[str, Callable[[Iterable[Accelerator]], str]] = {
    "genz": genz, "llm-analysis": llm_analysis, "llm-viewer": llm_viewer, "vidur": vidur,
    "aiconfigurator": aiconfigurator,
}


def export_tool(tool: str, entries: Iterable[Accelerator]) -> str:
    """The hardware description of ``entries`` in ``tool``'s own format (a name in :data:`TOOLS`)."""
    key = tool.strip().lower().replace("_", "-")
    if key not in TOOLS:
        raise InvalidValueError("tool", tool, close_hint(key, list(TOOLS)))
    entries = list(entries)
    if not entries:
        raise InvalidValueError("entries", entries, "give at least one catalog entry")
    return TOOLS[key](entries)
