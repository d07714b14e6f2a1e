#!/usr/bin/env python3
"""Rebuild ``catalog/measurements/flagperf.toml`` from a named commit of FlagOpen/FlagPerf.

    python scripts/ingest_flagperf.py --git-dir GITDIR --commit COMMIT --retrieved 2026-11-30
    ... --check      rebuild and compare with the shipped file byte for byte (exit 1 when they differ)

GITDIR is a local clone (a git directory) read with ``git ls-tree`` / ``git show`` at COMMIT;
nothing is downloaded. It may also be a plain folder laid out like the repository (the tests'
fixtures); then COMMIT only names the commit in the addresses written. With ``--check`` the
retrieved date is the shipped file's, so the same commit rebuilds the same bytes.

Each ``base/benchmarks/<spec>/<vendor>/<chip>/README.md`` (Ascend's sit in ``<spec>/ascend/``)
prints one core table: measured (测试值), rated (标定值) and their ratio, and a power table. Every
row is written as printed; a "/" cell is a reason ("not published"), an empty cell another, never
a zero. The script reports, and records in the file, what it leaves out: folders the alias table
(``catalog/measurements/flagperf-aliases.toml``) does not map (``[unmatched]``), specs with no
catalog field (``[skipped]``) and READMEs with no core table (``[unparsed]``).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import re
import subprocess
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - 3.10 only
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # the scripts' shared module
from _ingest import write_or_check  # noqa: E402

OUT = ROOT / "catalog" / "measurements" / "flagperf.toml"
ALIASES = ROOT / "catalog" / "measurements" / "flagperf-aliases.toml"
REPO = "FlagOpen/FlagPerf"

# spec folder -> catalog field; None: the catalog has no field it measures (recorded under [skipped])
FIELDS = {
    "main_memory-bandwidth": "memory.bandwidth",
    "main_memory-capacity": "memory.capacity",
    # both measure card-to-card bandwidth inside one server, what scaleup_bandwidth rates
    "interconnect-MPI_intraserver": "interconnect.scaleup_bandwidth",
    "interconnect-P2P_intraserver": "interconnect.scaleup_bandwidth",
    "interconnect-MPI_interserver": None,
    "interconnect-P2P_interserver": None,
    "interconnect-h2d": None,
}
SKIP_REASON = {
    "interconnect-MPI_interserver": "between servers: the catalog has no scale-out bandwidth field",
    "interconnect-P2P_interserver": "between servers: the catalog has no scale-out bandwidth field",
    "interconnect-h2d": "host to device: the catalog has no host-link bandwidth field",
}
UNITS = {"TFLOPS": "TFLOP/s", "TOPS": "TOP/s", "GB/s": "GB/s", "TB/s": "TB/s", "GiB": "GiB", "GB": "GB", "W": "W"}
_VALUE = re.compile(r"^([0-9]+(?:\.[0-9]+)?)\s*(TFLOPS|TOPS|GB/s|TB/s|GiB|GB|W)(?:\s*\(.*\))?$")
_CARDS = re.compile(r"\((\d+)卡平均\)")


def field_of(spec: str) -> str | None:
    if spec.startswith("computation-"):
        return f"compute.{spec.split('-', 1)[1].lower()}.dense"
    return FIELDS.get(spec)


def parse_value(cell: str, int_spec: bool = False) -> tuple[float | None, str | None, str | None]:
    """(value, unit, reason): a printed cell to a number and a catalog unit, or why there is none."""
    if cell == "/":
        return None, None, "not published (the cell is '/')"
    if cell == "":
        return None, None, "not published (the cell is empty)"
    m = _VALUE.match(cell)
    if not m:
        return None, None, f"printed without a unit the script reads ({cell!r})"
    unit = UNITS[m.group(2)]
    if int_spec and unit == "TFLOP/s":  # FlagPerf prints INT8 rates as TFLOPS: integer operations
        unit = "TOP/s"
    return float(m.group(1)), unit, None


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _table(lines: list[str], head: str, row: str) -> tuple[list[str], list[str]] | None:
    h = next((i for i, ln in enumerate(lines) if ln.lstrip().startswith(f"| {head}") or ln.lstrip().startswith(f"|{head}")), None)
    if h is None:
        return None
    for ln in lines[h + 1:h + 4]:
        if _cells(ln)[:1] == [row]:
            return _cells(lines[h]), _cells(ln)
    return None


def _listed(text: str, key: str) -> str | None:
    m = re.search(rf"^[*-] *{key}[：:] *(.*?)\s*$", text, re.M)
    return m.group(1) if m else None


def parse_readme(text: str) -> dict | None:
    """The core table, power and server lines of one README as printed; None without a core table."""
    lines = text.splitlines()
    core = _table(lines, "评测项", "评测结果")
    if core is None:
        return None
    head, row = core
    row = (row + ["", "", "", ""])[:4]
    out = {"column_printed": head[1] if len(head) > 1 else "", "measured_printed": row[1],
           "rated_printed": row[2], "ratio_printed": row[3]}
    m = _CARDS.search(out["column_printed"])
    out["cards"] = int(m.group(1)) if m else None
    for key, name in (("servers", "服务器数量"), ("cards_per_server", "单服务器内使用卡数"), ("model_printed", "产品型号")):
        v = _listed(text, name)
        if v is not None:
            out[key] = int(v) if key != "model_printed" and v.isdigit() else v
    power = _table(lines, "监控项", "监控结果")
    if power is not None:
        ph, pr = power
        for key, word in (("power_avg", "单卡平均功耗"), ("power_max", "单卡最大功耗")):
            i = next((i for i, c in enumerate(ph) if c.startswith(word)), None)
            if i is not None and i < len(pr):
                out[f"{key}_printed"] = pr[i]
                v, u, _r = parse_value(pr[i])
                if v is not None and u == "W":
                    out[key] = v
    return out


# ------------------------------------------------------------------ reading the repository

def _git(gitdir: str, *args: str) -> str:
    return subprocess.run(["git", f"--git-dir={gitdir}", *args], check=True, capture_output=True).stdout.decode()


def readmes(src: str, commit: str) -> dict[str, str]:
    """path -> text of every README under base/benchmarks/<spec>/<vendor>[/<chip>]/."""
    root = Path(src)
    if (root / "base").is_dir():  # a plain folder laid out like the repository
        paths = sorted(str(p.relative_to(root)) for p in (root / "base" / "benchmarks").rglob("README.md"))
        read = lambda p: (root / p).read_text(encoding="utf-8")  # noqa: E731
    else:
        paths = sorted(_git(src, "ls-tree", "-r", "--name-only", commit, "base/benchmarks").split("\n"))
        read = lambda p: _git(src, "show", f"{commit}:{p}")  # noqa: E731
    keep = [p for p in paths if p.endswith("/README.md") and len(p.split("/")) in (5, 6)]
    return {p: read(p) for p in keep}


# ------------------------------------------------------------------ building the file

def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _num(v: float) -> str:
    return repr(float(v))


def build(src: str, commit: str, retrieved: str, aliases: dict, catalog_ids: set[str]) -> tuple[str, list[str]]:
    """(the TOML text, lines to report)."""
    report: list[str] = []
    rows, unmatched, skipped, unparsed = [], {}, {}, {}
    for path, text in readmes(src, commit).items():
        parts = path.split("/")
        spec, folder = parts[2], "/".join(parts[3:-1])
        field = field_of(spec)
        if field is None:
            skipped.setdefault(spec, []).append(path)
            continue
        alias = aliases.get(folder)
        if alias is None or alias["chip"] not in catalog_ids:
            unmatched.setdefault(folder, []).append(path)
            continue
        parsed = parse_readme(text)
        if parsed is None:
            unparsed[path] = "no core table (| 评测项 | ... followed by | 评测结果 |)"
            continue
        rows.append((spec, folder, alias["chip"], field, path, parsed))
    out = ["# Generated by scripts/ingest_flagperf.py from FlagOpen/FlagPerf; do not edit by hand.",
           "# Schema: catalog/measurements/README.md (FlagPerf section).", "",
           'suite = "FlagPerf"', f'repository = "https://github.com/{REPO}"', f'commit = "{commit}"',
           f'retrieved = "{retrieved}"', ""]
    for spec, folder, chip, field, path, p in rows:
        out.append("[[measurement]]")
        out.append(f'id = {_q(f"{spec}-{folder}".lower().replace("/", "-").replace("_", "-"))}')
        out += ['suite = "FlagPerf"', f"spec = {_q(spec)}", f"field = {_q(field)}", f"chip = {_q(chip)}",
                f"folder = {_q(folder)}"]
        notes = []
        for what in ("measured", "rated"):
            v, u, reason = parse_value(p[f"{what}_printed"], int_spec=spec == "computation-INT8")
            if v is not None:
                out += [f"{what} = {_num(v)}", f"{what}_unit = {_q(u)}"]
            else:
                out.append(f"{what}_reason = {_q(reason)}")
            out.append(f"{what}_printed = {_q(p[f'{what}_printed'])}")
        out.append(f"ratio_printed = {_q(p['ratio_printed'])}")
        out.append(f"column_printed = {_q(p['column_printed'])}")
        label = p["column_printed"].split("算力")[0] if "算力" in p["column_printed"] else None
        if label and spec.startswith("computation-") and label != spec.split("-", 1)[1]:
            notes.append(f"the column is labelled {label} in a {spec} README")
        for key in ("cards", "servers", "cards_per_server"):
            if p.get(key) is not None:
                out.append(f"{key} = {p[key]}" if isinstance(p[key], int) else f"{key} = {_q(str(p[key]))}")
        if all(isinstance(p.get(k), int) for k in ("cards", "servers", "cards_per_server")) \
                and p["servers"] * p["cards_per_server"] != p["cards"]:
            notes.append(f"the column says {p['cards']} cards; the server list says {p['servers']} server(s) "
                         f"x {p['cards_per_server']} cards (recorded as printed)")
        for key in ("power_avg", "power_max"):
            if key in p:
                out.append(f"{key} = {_num(p[key])}")
            if f"{key}_printed" in p:
                out.append(f"{key}_printed = {_q(p[f'{key}_printed'])}")
        if p.get("model_printed"):
            out.append(f"model_printed = {_q(p['model_printed'])}")
        out += [f'url = "https://github.com/{REPO}/blob/{commit}/{path}"', f"commit = {_q(commit)}",
                f"retrieved = {_q(retrieved)}"]
        if notes:
            out.append("notes = [" + ", ".join(_q(n) for n in notes) + "]")
        out.append("")
    for title, table, why in (("unmatched", unmatched, "no alias to a catalog entry"), ("skipped", skipped, None)):
        if table:
            out.append(f"[{title}]")
            for key in sorted(table):
                reason = why or SKIP_REASON[key]
                out.append(f"{_q(key)} = {{ reason = {_q(reason)}, paths = [{', '.join(_q(x) for x in table[key])}] }}")
                report.append(f"{title}: {key} ({len(table[key])} README(s)): {reason}")
            out.append("")
    if unparsed:
        out.append("[unparsed]")
        for key in sorted(unparsed):
            out.append(f"{_q(key)} = {_q(unparsed[key])}")
            report.append(f"unparsed: {key}: {unparsed[key]}")
        out.append("")
    report.insert(0, f"{len(rows)} measurements, {len({r[2] for r in rows})} chips matched, "
                     f"{len(unmatched)} folders unmatched, {len(skipped)} specs skipped, {len(unparsed)} unparsed")
    return "\n".join(out).rstrip("\n") + "\n", report


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--git-dir", required=True, help="the FlagPerf git directory (or a plain folder like it)")
    p.add_argument("--commit", required=True, help="the commit to read (40 hex digits)")
    p.add_argument("--retrieved", default=None, help="date written as retrieved (default today; --check: the file's)")
    p.add_argument("--out", default=str(OUT), help="the file to write or check")
    p.add_argument("--aliases", default=str(ALIASES))
    p.add_argument("--check", action="store_true", help="compare with the file instead of writing it")
    a = p.parse_args(argv)
    if not re.fullmatch(r"[0-9a-f]{40}", a.commit):
        p.error(f"--commit must be 40 hex digits (got {a.commit!r})")
    out = Path(a.out)
    retrieved = a.retrieved
    if retrieved is None:
        if a.check and out.exists():
            retrieved = tomllib.loads(out.read_text(encoding="utf-8")).get("retrieved", "")
        else:
            retrieved = _dt.datetime.now(_dt.timezone.utc).date().isoformat()
    aliases = tomllib.loads(Path(a.aliases).read_text(encoding="utf-8")).get("alias", {})
    sys.path.insert(0, str(ROOT))
    import accelspec

    ids = set(accelspec.builtin_catalog().ids)
    try:
        text, report = build(a.git_dir, a.commit, retrieved, aliases, ids)
    except subprocess.CalledProcessError as e:
        print(f"git failed: {e.stderr.decode().strip()}", file=sys.stderr)
        return 1
    for line in report:
        print(line, file=sys.stderr)
    return write_or_check(out, text, a.check, a.commit)


if __name__ == "__main__":
    sys.exit(main())
