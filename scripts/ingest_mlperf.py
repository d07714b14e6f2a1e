#!/usr/bin/env python3
"""Rebuild ``catalog/results/mlperf-*.toml`` from a named commit of an MLCommons results repository.

    python scripts/ingest_mlperf.py inference GITDIR COMMIT --version v5.1 --retrieved 2026-11-30
    python scripts/ingest_mlperf.py training  GITDIR COMMIT --version v5.0 --retrieved 2026-11-30
    ... --check      compare with the shipped file instead of writing it (exit 1 when they differ)

GITDIR is a local clone of the repository (a git directory), read with
``git show`` / ``git ls-tree`` / ``git cat-file`` at COMMIT; nothing is downloaded. GITDIR may also
be a plain folder laid out like the repository (the tests' fixtures), then COMMIT only names the
commit in the addresses written. The output depends on nothing but the files at COMMIT and the
arguments, so the same command writes the same bytes.

Inference rows come from ``summary_results.json`` (one row per result); each is checked against
its system description (``closed/<submitter>/systems/<platform>.json``). Training scores are
computed from the ``result_<n>.txt`` logs by MLPerf's rule: time to train is run_stop - run_start
of each converged run (run_stop status 'success') in minutes; the fastest and slowest are dropped
(unet3d: four), counting a non-converged run as one of the dropped; the rest are averaged and
multiplied by the review's ``scaling.json`` factor when the folder holds one.

The script reports, and never silently drops: rows it leaves out (CPU-only systems, inferred or
erroneous rows, runs that cannot be scored) and accelerator spellings that
``catalog/results/aliases.toml`` does not map to a catalog entry.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # the scripts' shared module
from _ingest import write_or_check  # noqa: E402

OUT = ROOT / "catalog" / "results"


# --------------------------------------------------------------------------- reading a tree


class GitTree:
    """Files of one commit of a local clone, read with git (nothing fetched)."""

    def __init__(self, gitdir: Path, commit: str):
        self.gitdir, self.commit = str(gitdir), commit
        self._blobs: dict[str, str] | None = None
        self._cat = None

    def _git(self, *args: str) -> bytes:
        return subprocess.run(["git", "--git-dir", self.gitdir, *args], capture_output=True, check=True).stdout

    def blobs(self) -> dict[str, str]:
        """Every file path at the commit -> its git blob id (equal ids: byte-identical files)."""
        if self._blobs is None:
            out = self._git("ls-tree", "-r", "-z", self.commit).decode("utf-8")
            self._blobs = {}
            for item in filter(None, out.split("\0")):
                meta, path = item.split("\t", 1)
                self._blobs[path] = meta.split()[2]
        return self._blobs

    def read(self, path: str) -> bytes:
        sha = self.blobs()[path]
        if self._cat is None:  # one git process for every read (training reads ~1,700 logs)
            self._cat = subprocess.Popen(["git", "--git-dir", self.gitdir, "cat-file", "--batch"],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self._cat.stdin.write(sha.encode() + b"\n")
        self._cat.stdin.flush()
        size = int(self._cat.stdout.readline().split()[2])
        data = self._cat.stdout.read(size)
        self._cat.stdout.read(1)
        return data

    def date(self) -> str:
        return self._git("show", "-s", "--format=%cs", self.commit).decode().strip()


class DirTree:
    """A plain folder laid out like the repository; blob ids computed as git computes them."""

    def __init__(self, root: Path, commit: str):
        self.root, self.commit = Path(root), commit

    def blobs(self) -> dict[str, str]:
        out = {}
        for p in sorted(self.root.rglob("*")):
            if p.is_file():
                data = p.read_bytes()
                out[p.relative_to(self.root).as_posix()] = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
        return out

    def read(self, path: str) -> bytes:
        return (self.root / path).read_bytes()

    def date(self) -> str:
        return ""


def open_tree(path: str, commit: str):
    p = Path(path)
    if (p / "HEAD").is_file() and (p / "objects").is_dir():
        return GitTree(p, commit)
    if (p / ".git").is_dir():
        return GitTree(p / ".git", commit)
    return DirTree(p, commit)


# --------------------------------------------------------------------------- inference

# a count in a platform folder name: "8xMI300X", "4xH100", "...GBx8", "..._x4_", "...aarch64x72"
_PLAT_LEAD = re.compile(r"(?<![0-9A-Za-z])(\d+)[xX](?=[-_]?[A-Za-z])(?![-_]?(?:EPYC|Xeon|XEON|GNR|EMR|node))")
_PLAT_TAIL = re.compile(r"(?<=[0-9A-Z_])[xX](\d+)(?=_|$)")
_MIX_PART = re.compile(r"^(.+?) \(x(\d+)\)$")


def platform_counts(platform: str) -> list[int]:
    """Accelerator counts a platform folder name states ('XE8640_4xH100_vLLM' -> [4]); CPU counts skipped."""
    return [int(m.group(1)) for m in _PLAT_LEAD.finditer(platform)] + [int(m.group(1)) for m in _PLAT_TAIL.finditer(platform)]


def parse_mix(spelling: str) -> list[tuple[str, int]] | None:
    """'A (x32), B (x16)' -> [('A', 32), ('B', 16)]; None for a single accelerator."""
    parts = [p.strip() for p in spelling.split(", ")]
    found = [_MIX_PART.match(p) for p in parts]
    if len(parts) < 2 or not all(found):
        return None
    return [(m.group(1), int(m.group(2))) for m in found]


def _count(v) -> int | None:
    """'8', 8, 8.0 -> 8; '' / 'N/A' / 0 -> None."""
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return int(f) if f > 0 and f == int(f) else None


def ingest_inference(tree, args, report: list[str]) -> list[dict]:
    rows = json.loads(tree.read("summary_results.json"))
    blobs = tree.blobs()
    systems: dict[str, dict | None] = {}
    out, skipped = [], defaultdict(list)
    for r in rows:
        if r.get("Category") != args.division or args.system_type not in str(r.get("Suite", "")).split(","):
            continue
        rid = str(r["ID"])  # as printed: v4.1's summary writes 'v4.1-0001', v5.1's '5.1-0001'
        where = f"{rid} {r['Model']} {r['Scenario']}"
        spelling = str(r.get("Accelerator") or "").strip()
        if not spelling:
            skipped["CPU-only system (no accelerator, a# blank)"].append(where)
            continue
        if r.get("inferred"):
            skipped["inferred by the summary, not measured"].append(where)
            continue
        if r.get("errors"):
            skipped["the summary flags errors"].append(where)
            continue
        value = r.get("Performance_Result")
        if not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
            skipped[f"no positive result ({value!r})"].append(where)
            continue
        sys_path = f"{args.division}/{r['Submitter']}/systems/{r['Platform']}.json"
        if sys_path not in systems:
            systems[sys_path] = json.loads(tree.read(sys_path)) if sys_path in blobs else None
        desc = systems[sys_path]
        notes = []
        per_node, nodes = _count(r.get("a#")), _count(r.get("Nodes"))
        if per_node is None:
            per_node = _count((desc or {}).get("accelerators_per_node"))
            if per_node is None:
                skipped["a# blank and no accelerators_per_node in the system description"].append(where)
                continue
            notes.append(f"a# is blank in summary_results.json; accelerators_per_node {per_node} "
                         "from the system description")
        if nodes is None:
            skipped[f"no node count ({r.get('Nodes')!r})"].append(where)
            continue
        if desc is None:
            report.append(f"note: no system description {sys_path} for {where}")
        elif _count(desc.get("accelerators_per_node")) not in (None, per_node):
            notes.append(f"the system description says accelerators_per_node "
                         f"{desc.get('accelerators_per_node')!r}; summary_results.json a# {per_node} is used")
        total = per_node * nodes
        mix = parse_mix(spelling)
        if mix is not None and sum(c for _n, c in mix) != total:
            skipped[f"mixed system whose parts do not add up to a# x Nodes = {total}"].append(where)
            continue
        stated = platform_counts(r["Platform"])
        if stated and mix is None and not set(stated) & {per_node, total}:
            hw = (desc or {}).get("hw_notes") or ""
            notes.append(f"the platform name {r['Platform']!r} says {' / '.join(map(str, stated))} accelerators; "
                         f"the system description says {per_node} per node x {nodes} node(s), which is used"
                         + (f" (hw_notes: {hw.strip()!r})" if hw.strip() else ""))
        row = {
            "id": rid, "benchmark": r["Model"], "scenario": r["Scenario"], "submitter": r["Submitter"],
            "system": str(r.get("System") or "").strip() or r["Platform"], "platform": r["Platform"],
            "availability": r["Availability"], "accelerator": spelling, "per_node": per_node, "nodes": nodes,
        }
        if mix is not None:
            row["mix"] = [{"accelerator": n, "count": c} for n, c in mix]
        if str(r.get("Software") or "").strip():
            row["software"] = str(r["Software"]).strip()
        if str(r.get("weight_data_types") or "").strip():
            row["precision"] = str(r["weight_data_types"]).strip()
        row["value"] = float(value)
        row["unit"] = r["Performance_Units"]
        if r.get("has_power"):
            p, pu = r.get("Power_Result"), r.get("Power_Units")
            if pu == "Watts" and isinstance(p, (int, float)) and math.isfinite(p) and p > 0:
                row["power"] = {"value": float(p), "unit": "W"}
            else:
                report.append(f"note: {where}: has_power but Power_Result {p!r} {pu!r} is not a power; left out")
        row["path"] = r["Location"]
        row["notes"] = notes
        out.append(row)
    _mark_twins(out, blobs)
    for why, where in skipped.items():
        report.append(f"left out {len(where)} row(s): {why}: {', '.join(where[:6])}{' ...' if len(where) > 6 else ''}")
    out.sort(key=lambda x: (x["id"], x["benchmark"], x["scenario"]))
    return out


def _mark_twins(rows: list[dict], blobs: dict[str, str]) -> None:
    """A '-99' row whose run is byte for byte its '-99.9' twin's (same result ID and scenario, identical
    mlperf_log_summary.txt) is one run submitted for both accuracy targets: say so on the '-99' row."""
    by_key = {(x["id"], x["benchmark"], x["scenario"]): x for x in rows}
    for (rid, bench, scen), lo in by_key.items():
        hi = by_key.get((rid, bench + ".9", scen)) if bench.endswith("-99") else None
        if hi is None:
            continue
        a, b = (blobs.get(x["path"] + "/performance/run_1/mlperf_log_summary.txt") for x in (lo, hi))
        if a is not None and a == b:
            lo["same_run_as"] = hi["benchmark"]


# --------------------------------------------------------------------------- training

_RESULT = re.compile(r"^([^/]+)/results/([^/]+)/([^/]+)/result_(\d+)\.txt$")
_AVAILABILITY = {"available on-premise": "available", "available cloud": "available", "preview": "preview",
                 "research, development, or internal (rdi)": "rdi"}


def _time_to_train(log: bytes) -> float | None:
    """Minutes from the first run_start to the first run_stop; None unless run_stop says 'success'."""
    start = stop = None
    for line in log.decode("utf-8", "replace").splitlines():
        i = line.find(":::MLLOG ")
        if i < 0 or ('"run_start"' not in line and '"run_stop"' not in line):
            continue
        ev = json.loads(line[i + 9:])
        if ev.get("key") == "run_start" and start is None:
            start = ev["time_ms"]
        elif ev.get("key") == "run_stop" and stop is None:
            if (ev.get("metadata") or {}).get("status") != "success":
                return None
            stop = ev["time_ms"]
        if start is not None and stop is not None:
            return (stop - start) / 60000
    return None


def score(times: list[float | None], benchmark: str) -> float | None:
    """MLPerf's olympic mean: drop the `k` fastest and `k` slowest (k = 4 for unet3d, else 1), a
    non-converged run counting as a slowest; None when more than k runs did not converge."""
    k = 4 if benchmark == "unet3d" else 1
    failed = sum(t is None for t in times)
    ok = sorted(t for t in times if t is not None)
    kept = ok[k:len(ok) - (k - failed)] if failed <= k else []
    return sum(kept) / len(kept) if kept else None


def ingest_training(tree, args, report: list[str]) -> list[dict]:
    blobs = tree.blobs()
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for p in blobs:
        m = _RESULT.match(p)
        if m:
            groups[m.groups()[:3]].append(p)
    out = []
    for (submitter, system, benchmark), files in sorted(groups.items()):
        where = f"{submitter}/{system}/{benchmark}"
        sys_path = f"{submitter}/systems/{system}.json"
        if sys_path not in blobs:
            report.append(f"left out {where}: no system description {sys_path}")
            continue
        desc = json.loads(tree.read(sys_path))
        if desc.get("division") != args.division:
            continue
        files.sort(key=lambda p: int(_RESULT.match(p).group(4)))
        times = [_time_to_train(tree.read(p)) for p in files]
        minutes = score(times, benchmark)
        if minutes is None:
            report.append(f"left out {where}: {sum(t is None for t in times)} of {len(times)} runs did not converge")
            continue
        folder = f"{submitter}/results/{system}/{benchmark}"
        scaling = 1.0
        if folder + "/scaling.json" in blobs:
            scaling = float(json.loads(tree.read(folder + "/scaling.json"))["scaling_factor"])
        per_node, nodes = _count(desc.get("accelerators_per_node")), _count(desc.get("number_of_nodes"))
        availability = _AVAILABILITY.get(str(desc.get("status", "")).strip().lower())
        if per_node is None or nodes is None or availability is None:
            report.append(f"left out {where}: system description has accelerators_per_node "
                          f"{desc.get('accelerators_per_node')!r}, number_of_nodes {desc.get('number_of_nodes')!r}, "
                          f"status {desc.get('status')!r}")
            continue
        row = {"id": f"{submitter}/{system}", "benchmark": benchmark, "submitter": submitter,
               "system": str(desc.get("system_name") or "").strip() or system, "platform": system,
               "availability": availability, "accelerator": str(desc.get("accelerator_model_name", "")).strip(),
               "per_node": per_node, "nodes": nodes}
        if str(desc.get("framework") or "").strip():
            row["software"] = str(desc["framework"]).strip()
        row["value"] = round(minutes * scaling, 10)
        row["unit"] = "minutes"
        row["runs"] = len(times)
        row["converged"] = sum(t is not None for t in times)
        if scaling != 1.0:
            row["scaling"] = scaling
        row["path"] = folder
        row["notes"] = []
        out.append(row)
    return out


# --------------------------------------------------------------------------- aliases and writing


def alias_report(rows: list[dict], aliases_path: Path, report: list[str]) -> None:
    """Say which spellings the alias table does not map to a catalog entry (rows keep them, id-less)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    table = tomllib.loads(aliases_path.read_text(encoding="utf-8")) if aliases_path.is_file() else {}
    mapped = {a.get("spelling") for a in table.get("alias", [])}
    known = {a.get("spelling") for a in table.get("unmapped", [])}
    seen: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        for part in ([m["accelerator"] for m in r["mix"]] if "mix" in r else [r["accelerator"]]):
            seen[part].append(r["id"])
    for spelling, ids in sorted(seen.items()):
        if spelling in mapped:
            continue
        rids = sorted(set(ids))
        what = "no catalog entry (aliases.toml [[unmapped]])" if spelling in known else \
            "UNKNOWN accelerator: add it to aliases.toml ([[alias]] or [[unmapped]])"
        report.append(f"{what}: {spelling!r} in {len(ids)} row(s), {', '.join(rids[:5])}{' ...' if len(rids) > 5 else ''}")


def _toml(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise ValueError(f"not a finite number: {v!r}")
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(v, list):
        return "[" + ", ".join(_toml(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_toml(x)}" for k, x in v.items()) + " }"
    raise TypeError(f"cannot write {v!r}")


def render(rows: list[dict], args, tree) -> str:
    suite, version = args.suite, args.version
    sid = f"mlperf-{suite}-{version.replace('.', '-')}"
    repo = args.repository
    date = args.source_date or tree.date()
    head = {"suite": suite, "version": version, "division": args.division}
    if suite == "inference":
        head["system_type"] = args.system_type
    head.update({"repository": repo, "commit": args.commit, "retrieved": args.retrieved, "source": sid})
    lines = [
        f"# MLPerf {suite.title()} {version}, {args.division} division"
        + (f", {args.system_type}" if suite == "inference" else "") + f": {len(rows)} results.",
        f"# Written by scripts/ingest_mlperf.py from {repo} at {args.commit}; do not edit by hand:",
        "# run the script again (see catalog/results/README.md).",
        "",
    ]
    for k, v in head.items():
        lines.append(f"{k} = {v}" if k == "retrieved" else f"{k} = {_toml(v)}")
    lines += ["", f"[sources.{sid}]",
              f"title = {_toml(f'MLPerf {suite.title()} {version} results')}",
              'publisher = "MLCommons"',
              f"url = {_toml(f'https://github.com/{repo}/tree/{args.commit}')}"]
    if date:
        lines.append(f"date = {date}")
    lines.append('kind = "measured"')
    for row in rows:
        lines += ["", "[[result]]"]
        for k, v in row.items():
            if k == "notes" and not v:
                continue
            lines.append(f"{k} = {_toml(v)}")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("suite", choices=("inference", "training"))
    p.add_argument("gitdir", help="a local clone's git directory (or a folder laid out like the repository)")
    p.add_argument("commit", help="the commit to read (40 hex digits)")
    p.add_argument("--version", required=True, help="the round, as MLCommons writes it: v5.1")
    p.add_argument("--retrieved", required=True, help="the retrieval date written into the file (YYYY-MM-DD)")
    p.add_argument("--repository", help="owner/name for the addresses (default mlcommons/<suite>_results_<version>)")
    p.add_argument("--division", default="closed", choices=("closed", "open"))
    p.add_argument("--system-type", default="datacenter", choices=("datacenter", "edge"))
    p.add_argument("--source-date", help="the commit's date, when GITDIR is a plain folder")
    p.add_argument("--out", type=Path, help="the file to write (default catalog/results/mlperf-<suite>-<version>.toml)")
    p.add_argument("--aliases", type=Path, default=OUT / "aliases.toml")
    p.add_argument("--check", action="store_true", help="compare with the file instead of writing it")
    args = p.parse_args(argv)
    if not re.fullmatch(r"[0-9a-f]{40}", args.commit):
        p.error(f"commit must be 40 hex digits (got {args.commit!r})")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.retrieved):
        p.error(f"--retrieved must be a date like 2026-11-30 (got {args.retrieved!r})")
    if not re.fullmatch(r"v\d+\.\d+", args.version):
        p.error(f"--version must look like v5.1 (got {args.version!r})")
    args.repository = args.repository or f"mlcommons/{args.suite}_results_{args.version}"
    out = args.out or OUT / f"mlperf-{args.suite}-{args.version}.toml"
    tree = open_tree(args.gitdir, args.commit)
    report: list[str] = []
    try:
        rows = (ingest_inference if args.suite == "inference" else ingest_training)(tree, args, report)
    except (subprocess.CalledProcessError, KeyError, OSError) as e:
        print(f"ingest_mlperf: cannot read {args.gitdir} at {args.commit}: {e}", file=sys.stderr)
        return 1
    alias_report(rows, args.aliases, report)
    text = render(rows, args, tree)
    for line in report:
        print(line, file=sys.stderr)
    counts = Counter(r["benchmark"] for r in rows)
    print(f"{len(rows)} results: " + ", ".join(f"{b} {n}" for b, n in sorted(counts.items())), file=sys.stderr)
    return write_or_check(out, text, args.check, args.commit)


if __name__ == "__main__":
    sys.exit(main())
