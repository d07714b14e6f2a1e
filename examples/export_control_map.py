"""Where chips fall under the US 3A090 rules (not legal advice), as a table and a chart.

    python examples/export_control_map.py [output.png]
"""

import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

import accelspec as acs
from accelspec import exportcontrol, plots

print(exportcontrol.classify(acs.get("H20")))
print()
print(exportcontrol.classify(tpp=2368, die_area_mm2=814, datacenter=True))
chips = [e for e in acs.select(market="datacenter") if e.level in ("package", "card") and not e.generic]
fig, ax = plt.subplots(figsize=(9, 6))
plots.export_control_map(chips, ax=ax)
fig.savefig(sys.argv[1] if len(sys.argv) > 1 else "export_control_map.png", dpi=150, bbox_inches="tight")
