"""Display labels of metric names ("bf16_tflops_per_watt" -> "BF16 dense / W").

A metric's label belongs to the metric: the registry sets it when a metric is made, and
tables and charts only read ``Metric.label``.
"""

from __future__ import annotations

from ..model import PRECISIONS


def label_for(name: str, description: str) -> str:
    """The short display label of a metric name, without the unit (set once, when the metric is made)."""
    special = {
        "memory_gb": "Memory", "memory_bandwidth_gbs": "Mem. bandwidth", "tdp_w": "Power",
        "scaleup_bandwidth_gbs": "Scale-up", "die_area_mm2": "Die area", "process_nm": "Process",
        "transistors_billion": "Transistors", "price_usd": "Price", "memory_bandwidth_per_watt": "Mem. BW / W",
        "memory_capacity_per_watt": "Memory / W", "usd_per_gb": "Price / GB", "usd_per_gbs": "Price / (GB/s)",
        "tpp": "TPP", "performance_density": "Perf. density",
    }
    if name in special:
        return special[name]
    for p in PRECISIONS:
        P = p.upper()
        base = f"{p}_tops" if p.startswith("int") else f"{p}_tflops"
        table = {
            base: f"{P} dense", f"{base}_sparse": f"{P} sparse",
            f"{base}_per_watt": f"{P} dense / W", f"{base}_per_watt_sparse": f"{P} sparse / W",
            f"bytes_per_flop_{p}": f"Bytes / {P} op", f"ridge_point_{p}": f"Ridge point {P}",
            f"usd_per_{base}": f"Price / {P} dense",
        }
        if name in table:
            return table[name]
    if name.startswith("max_params_b_"):
        rest = name[len("max_params_b_"):].replace("_x", " ×")
        return f"Max model ({rest})"
    if name.startswith(("decode_tokens_per_s_", "prefill_tokens_per_s_")):
        what, rest = name.split("_tokens_per_s_")
        return f"{what.capitalize()} {rest.replace('_x', ' ×').replace('_', ' ')}"
    return description if len(description) < 28 else name
