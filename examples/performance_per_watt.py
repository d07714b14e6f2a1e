"""Performance per watt: the chart people reach for first, written to perf_per_watt.png.

    python examples/performance_per_watt.py [output.png]
"""

import sys

import matplotlib

matplotlib.use("Agg")  # a script writes files; a notebook would show the figure inline
import matplotlib.pyplot as plt

import accelspec as acs
from accelspec import plots

chips = [e for e in acs.select(market="datacenter") if e.level in ("package", "card") and not e.generic]
fig, ax = plt.subplots(figsize=(9, 6))
plots.perf_per_watt(chips, precision="bf16", ax=ax)
fig.savefig(sys.argv[1] if len(sys.argv) > 1 else "perf_per_watt.png", dpi=150, bbox_inches="tight")
print(acs.tables.rank(chips, by="bf16_tflops_per_watt", limit=10))
