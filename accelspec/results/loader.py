"""``catalog/results/*.toml`` -> :class:`~accelspec.results.records.Result` records, every problem at once.

The same machinery as the accelerator and model files (``loader.common``): TOML only, a file over
1 MiB refused unread, each problem with its file, ``$.path`` and the bad value, all raised together
as one ``CatalogError``. ``aliases.toml`` is the alias table (:mod:`.aliases`); every other file is
one suite and round written by ``scripts/ingest_mlperf.py`` (schema: ``catalog/results/README.md``).
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import re
from pathlib import Path
from typing import Any

from ..errors import CatalogError, Problem
from ..loader.common import _check_keys, _Ctx, _is_number, _require_keys, read_toml
from ..loader.sources import collect_sources
from ..model import PartialDate, Source
from .aliases import parse_aliases, shares
from .records import (
    AVAILABILITIES,
    DIVISIONS,
    SCENARIOS,
    SUITES,
    SYSTEM_TYPES,
    UNITS,
    Alias,
    Result,
    ResultSet,
)

ALIASES_FILE = "aliases.toml"
_HEAD = ("suite", "version", "division", "system_type", "repository", "commit", "retrieved", "source", "sources",
         "result")
_ROW = ("id", "benchmark", "scenario", "submitter", "system", "platform", "availability", "accelerator", "per_node",
        "nodes", "mix", "software", "precision", "value", "unit", "power", "path", "same_run_as", "runs", "converged",
        "scaling", "notes")
_TEXT = ("id", "benchmark", "scenario", "submitter", "system", "platform", "accelerator", "software", "precision",
         "path", "same_run_as")
_REQUIRED = ("id", "benchmark", "submitter", "system", "platform", "availability", "accelerator", "per_node", "nodes",
             "value", "unit", "path")
_TRAINING_ONLY = ("runs", "converged", "scaling")
_LATENCY_SCENARIOS = ("SingleStream", "MultiStream")


def _count(ctx: _Ctx, file: str, path: str, v: Any) -> int | None:
    if isinstance(v, int) and not isinstance(v, bool) and v >= 1:
        return v
    ctx.add(file, path, f"expected a whole number, 1 or more (got {v!r})")
    return None


def _positive(ctx: _Ctx, file: str, path: str, v: Any) -> float | None:
    if _is_number(v) and math.isfinite(v) and v > 0:
        return float(v)
    ctx.add(file, path, f"value must be a finite number above 0 (got {v!r})")
    return None


def _head(ctx: _Ctx, file: str, doc: dict, sources: dict[str, Source]) -> dict | None:
    n_before = len(ctx.problems)
    _check_keys(ctx, file, "$", doc, _HEAD)
    _require_keys(ctx, file, "$", doc, ("suite", "version", "division", "repository", "commit", "retrieved", "source"))
    for key, valid in (("suite", SUITES), ("division", DIVISIONS), ("system_type", SYSTEM_TYPES)):
        if key in doc and doc[key] not in valid:
            ctx.add(file, f"$.{key}", f"{key!r} must be in {list(valid)!r} (got {doc[key]!r})")
    if doc.get("suite") == "inference" and "system_type" not in doc:
        ctx.add(file, "$", "missing required key 'system_type' (datacenter or edge) for an inference file")
    if doc.get("suite") == "training" and "system_type" in doc:
        ctx.add(file, "$.system_type", f"training has no system type (got {doc['system_type']!r})")
    checks = (("version", r"v\d+\.\d+", "a round such as 'v5.1'"),
              ("repository", r"[A-Za-z0-9][\w.-]*/[\w.-]+", "owner/name such as 'mlcommons/inference_results_v5.1'"),
              ("commit", r"[0-9a-f]{40}", "40 lower-case hex digits"))
    for key, pattern, what in checks:
        if key in doc and not (isinstance(doc[key], str) and re.fullmatch(pattern, doc[key])):
            ctx.add(file, f"$.{key}", f"{key!r} must be {what} (got {doc[key]!r})")
    retrieved = doc.get("retrieved")
    if "retrieved" in doc and (not isinstance(retrieved, _dt.date) or isinstance(retrieved, _dt.datetime)):
        ctx.add(file, "$.retrieved", f"'retrieved' must be a TOML date such as 2026-11-30 (got {retrieved!r})")
    sid = doc.get("source")
    if sid is not None and sid not in sources:
        ctx.add(file, "$.source", f"unknown source {sid!r}{ctx.close_source(str(sid), sources)}")
    if not isinstance(doc.get("result", []), list) or not all(isinstance(r, dict) for r in doc.get("result", [])):
        ctx.add(file, "$.result", f"'result' must be an array of tables, [[result]] (got {doc.get('result')!r})")
    if len(ctx.problems) > n_before:
        return None
    return {**doc, "retrieved": PartialDate.parse(retrieved), "source": sources[sid]}


def _mix(ctx: _Ctx, file: str, path: str, raw: Any, total: int | None) -> list[tuple[str, int]] | None:
    if not (isinstance(raw, list) and raw and all(isinstance(m, dict) for m in raw)):
        ctx.add(file, path, f"'mix' must be an array of {{ accelerator, count }} tables (got {raw!r})")
        return None
    out = []
    for i, m in enumerate(raw):
        _check_keys(ctx, file, f"{path}[{i}]", m, ("accelerator", "count"))
        name, count = m.get("accelerator"), _count(ctx, file, f"{path}[{i}].count", m.get("count"))
        if not (isinstance(name, str) and name.strip()):
            ctx.add(file, f"{path}[{i}].accelerator", f"'accelerator' must be non-empty text (got {name!r})")
        elif count is not None:
            out.append((name, count))
    if len(out) == len(raw) and total is not None and sum(c for _n, c in out) != total:
        ctx.add(file, path, f"the parts add up to {sum(c for _n, c in out)}, not per_node x nodes = {total}")
        return None
    return out if len(out) == len(raw) else None


def parse_result(ctx: _Ctx, file: str, path: str, raw: dict, head: dict, aliases: dict[str, Alias]) -> Result | None:
    n_before = len(ctx.problems)
    training = head["suite"] == "training"
    _check_keys(ctx, file, path, raw, _ROW)
    _require_keys(ctx, file, path, raw, _REQUIRED + (() if training else ("scenario",)))
    for key in _TEXT:
        if key in raw and not (isinstance(raw[key], str) and raw[key].strip()):
            ctx.add(file, f"{path}.{key}", f"{key!r} must be non-empty text (got {raw[key]!r})")
    for key in _TRAINING_ONLY + ("scenario",):
        if key in raw and (key == "scenario") == training:
            ctx.add(file, f"{path}.{key}", f"{key!r} belongs to {'inference' if key == 'scenario' else 'training'} "
                                           f"results, not {head['suite']} (got {raw[key]!r})")
    scenario, unit = raw.get("scenario"), raw.get("unit")
    if isinstance(scenario, str) and scenario not in SCENARIOS and not training:
        ctx.add(file, f"{path}.scenario", f"'scenario' must be in {list(SCENARIOS)!r} (got {scenario!r})")
    if "unit" in raw and unit not in UNITS:
        ctx.add(file, f"{path}.unit", f"'unit' must be in {list(UNITS)!r} (got {unit!r})")
    elif training and "unit" in raw and unit != "minutes":
        ctx.add(file, f"{path}.unit", f"a training result is a time to train in 'minutes' (got {unit!r})")
    elif isinstance(scenario, str) and unit in UNITS and (unit == "Latency (ms)") != (scenario in _LATENCY_SCENARIOS):
        ctx.add(file, f"{path}.unit", f"{scenario} reports {'a latency' if scenario in _LATENCY_SCENARIOS else 'a throughput'}"
                                      f" (got {unit!r})")
    if "availability" in raw and raw["availability"] not in AVAILABILITIES:
        ctx.add(file, f"{path}.availability", f"'availability' must be in {list(AVAILABILITIES)!r} (got {raw['availability']!r})")
    per_node = _count(ctx, file, f"{path}.per_node", raw["per_node"]) if "per_node" in raw else None
    nodes = _count(ctx, file, f"{path}.nodes", raw["nodes"]) if "nodes" in raw else None
    total = per_node * nodes if per_node and nodes else None
    value = _positive(ctx, file, f"{path}.value", raw["value"]) if "value" in raw else None
    power = None
    if "power" in raw:
        p = raw["power"]
        if not (isinstance(p, dict) and set(p) == {"value", "unit"} and p["unit"] == "W"):
            ctx.add(file, f"{path}.power", f"'power' must be {{ value = <number>, unit = \"W\" }} (got {p!r})")
        else:
            power = _positive(ctx, file, f"{path}.power.value", p["value"])
    mix = _mix(ctx, file, f"{path}.mix", raw["mix"], total) if "mix" in raw else None
    runs = _count(ctx, file, f"{path}.runs", raw["runs"]) if "runs" in raw else None
    converged = _count(ctx, file, f"{path}.converged", raw["converged"]) if "converged" in raw else None
    if runs and converged and converged > runs:
        ctx.add(file, f"{path}.converged", f"{converged} converged runs of {runs}")
    scaling = _positive(ctx, file, f"{path}.scaling", raw["scaling"]) if "scaling" in raw else None
    notes = raw.get("notes", [])
    if not (isinstance(notes, list) and all(isinstance(n, str) and n.strip() for n in notes)):
        ctx.add(file, f"{path}.notes", f"'notes' must be an array of non-empty strings (got {notes!r})")
    rpath = raw.get("path")
    if isinstance(rpath, str) and (rpath.startswith("/") or ".." in rpath.split("/")):
        ctx.add(file, f"{path}.path", f"'path' is a folder inside the repository (got {rpath!r})")
    found = ()
    if total is not None and isinstance(raw.get("accelerator"), str) and ("mix" not in raw or mix is not None):
        found = shares(raw["accelerator"], mix, total, aliases)
        for s in found:
            if s.reported % s.per_entry:
                ctx.add(file, f"{path}.per_node", f"{s.reported} {s.counted or 'accelerators'} is not a whole number of "
                                                  f"{s.id} ({s.per_entry} {s.counted or 'accelerators'} each)")
    if len(ctx.problems) > n_before:
        return None
    extra = tuple(aliases[s.spelling].note for s in found if s.spelling in aliases and aliases[s.spelling].note)
    return Result(
        id=raw["id"], suite=head["suite"], version=head["version"], division=head["division"],
        system_type=head.get("system_type"), benchmark=raw["benchmark"], scenario=scenario,
        submitter=raw["submitter"], system=raw["system"], platform=raw["platform"], availability=raw["availability"],
        accelerator=raw["accelerator"], per_node=per_node, nodes=nodes, value=value, unit=unit, path=rpath,
        source=head["source"], repository=head["repository"], commit=head["commit"], retrieved=head["retrieved"],
        shares=found, software=raw.get("software"), precision=raw.get("precision"), power=power,
        same_run_as=raw.get("same_run_as"), runs=runs, converged=converged, scaling=scaling,
        notes=tuple(notes) + extra, file=file)


def _twins(ctx: _Ctx, file: str, results: list[tuple[str, Result]]) -> None:
    """One result per (id, benchmark, scenario); a 'same_run_as' names a twin with the same value."""
    by_key: dict[tuple, Result] = {}
    for path, r in results:
        if r.key in by_key:
            ctx.add(file, f"{path}.id", f"result {r.id} {r.benchmark} {r.scenario or ''} is listed twice".replace("  ", " "))
        by_key[r.key] = r
    for path, r in results:
        if r.same_run_as is None:
            continue
        twin = by_key.get((r.suite, r.version, r.id, r.same_run_as, r.scenario or ""))
        if twin is None:
            ctx.add(file, f"{path}.same_run_as", f"no result {r.id} {r.same_run_as} {r.scenario or ''} in this file"
                                                 f" (got {r.same_run_as!r})")
        elif twin.value != r.value:
            ctx.add(file, f"{path}.same_run_as", f"the same run must have the same value: {r.value!r} here, "
                                                 f"{twin.value!r} for {r.same_run_as}")


def load_folder(root: Path, *, shown_root: str | None = None, catalog=None) -> tuple[ResultSet | None, list[Problem]]:
    """Every results file under ``root`` and its alias table; the result set (None on any problem) and the problems."""
    ctx = _Ctx()
    root = Path(root)
    shown_root = shown_root if shown_root is not None else str(root)
    if not root.is_dir():
        ctx.add(shown_root, "$", "not a results folder (no such directory)")
        return None, ctx.problems
    aliases: dict[str, Alias] = {}
    alias_path = root / ALIASES_FILE
    if alias_path.is_file():
        doc = read_toml(alias_path, f"{shown_root}/{ALIASES_FILE}", ctx)
        if doc is not None:
            aliases = parse_aliases(ctx, f"{shown_root}/{ALIASES_FILE}", doc, catalog)
    docs = []
    for p in sorted(root.glob("*.toml")):
        if p.name != ALIASES_FILE:
            doc = read_toml(p, f"{shown_root}/{p.name}", ctx)
            if doc is not None:
                docs.append((f"{shown_root}/{p.name}", doc))
    sources = collect_sources(ctx, docs, {})
    results: list[Result] = []
    for file, doc in docs:
        head = _head(ctx, file, doc, sources)
        if head is None:
            continue
        parsed = []
        for i, raw in enumerate(doc.get("result", [])):
            r = parse_result(ctx, file, f"$.result[{i}]", raw, head, aliases)
            if r is not None:
                parsed.append((f"$.result[{i}]", r))
        _twins(ctx, file, parsed)
        results += [r for _p, r in parsed]
    if ctx.problems:
        return None, ctx.problems
    return ResultSet(results, aliases, sources), []


def load_results(path=None, *, catalog=None) -> ResultSet:
    """The results of a folder (default: the shipped ``catalog/results``); every problem raised at once.

    Alias ids are checked against ``catalog`` (default: the shipped catalog).
    """
    if path is None and catalog is None:
        return builtin_results()
    if catalog is None:
        from ..catalog import builtin_catalog

        catalog = builtin_catalog()
    if path is None:
        from ..catalog.build import _data_root

        path, shown = Path(_data_root()) / "results", "catalog/results"
    else:
        path = Path(path)
        path, shown = (path / "results", str(path / "results")) if (path / "results").is_dir() else (path, str(path))
    found, problems = load_folder(path, shown_root=shown, catalog=catalog)
    if problems:
        raise CatalogError(problems)
    return found


@functools.lru_cache(maxsize=1)
def builtin_results() -> ResultSet:
    """The shipped measured results (``catalog/results``), read once per process."""
    from ..catalog import builtin_catalog
    from ..catalog.build import _data_root

    found, problems = load_folder(Path(_data_root()) / "results", shown_root="catalog/results",
                                  catalog=builtin_catalog())
    if problems:
        raise CatalogError(problems)
    return found
