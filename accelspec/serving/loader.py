"""``catalog/models/*.toml`` -> :class:`~accelspec.serving.model.LLM` records, every problem at once.

The same machinery as the accelerator files: TOML only, sources in ``[sources.*]`` tables (and
``_*.toml`` files), parameter counts as claims with units and sources, each problem with its
file, ``$.path`` and value.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..loader.claims import _Claims
from ..loader.common import _ID, _check_keys, _Ctx, _require_keys, read_toml
from ..loader.sources import collect_sources
from ..model import PartialDate, Source
from .model import ARCHITECTURES, ATTENTIONS, CONFIG_KEYS, LLM

_TOP = ("id", "name", "organization", "aliases", "architecture", "attention", "released", "notes", "config",
        "parameters", "sources")


def _config(ctx: _Ctx, file: str, raw: Any, sources: dict[str, Source]) -> tuple[dict[str, Any], Source | None]:
    if not isinstance(raw, dict):
        ctx.add(file, "$.config", f"'config' must be a table of the model's config.json keys (got {raw!r})")
        return {}, None
    _check_keys(ctx, file, "$.config", raw, ("source",) + CONFIG_KEYS)
    src = None
    sid = raw.get("source")
    if sid is None:
        ctx.add(file, "$.config", "missing required key 'source' (the config file read)")
    elif sid not in sources:
        ctx.add(file, "$.config.source", f"unknown source {sid!r}{ctx.close_source(str(sid), sources)}")
    else:
        src = sources[sid]
    out: dict[str, Any] = {}
    for k, v in raw.items():
        if k == "source" or k not in CONFIG_KEYS:
            continue
        path = f"$.config.{k}"
        if isinstance(v, bool) or isinstance(v, str):
            out[k] = v
        elif isinstance(v, int):
            if v < 0:
                ctx.add(file, path, f"a count must not be negative (got {v!r})")
            out[k] = v
        elif isinstance(v, float):
            if not math.isfinite(v) or v <= 0:
                ctx.add(file, path, f"value must be finite and positive (got {v!r})")
            out[k] = v
        elif isinstance(v, list) and all(isinstance(x, (str, int)) and not isinstance(x, bool) for x in v):
            out[k] = tuple(v)
        else:
            ctx.add(file, path, f"expected a number, true/false, text or an array as the config prints it (got {v!r})")
    return out, src


def parse_model(ctx: _Ctx, file: str, doc: dict, sources: dict[str, Source], stem: str) -> LLM | None:
    n_before = len(ctx.problems)
    _check_keys(ctx, file, "$", doc, _TOP)
    _require_keys(ctx, file, "$", doc, ("id", "name", "organization", "architecture", "attention", "config"))
    for key in ("id", "name", "organization", "notes"):
        if key in doc and not (isinstance(doc[key], str) and doc[key].strip()):
            ctx.add(file, f"$.{key}", f"{key!r} must be non-empty text (got {doc[key]!r})")
    mid = doc.get("id")
    if isinstance(mid, str):
        if not _ID.match(mid):
            ctx.add(file, "$.id", f"id must be lower-case kebab such as 'deepseek-v3' (got {mid!r})")
        elif mid != stem:
            ctx.add(file, "$.id", f"id {mid!r} does not match the file name {stem + '.toml'!r}")
    for key, allowed in (("architecture", ARCHITECTURES), ("attention", ATTENTIONS)):
        if key in doc and doc[key] not in allowed:
            ctx.add(file, f"$.{key}", f"{key!r} must be in {list(allowed)!r} (got {doc[key]!r})")
    aliases = doc.get("aliases", [])
    if not (isinstance(aliases, list) and all(isinstance(a, str) and a.strip() for a in aliases)):
        ctx.add(file, "$.aliases", f"'aliases' must be an array of non-empty strings (got {aliases!r})")
        aliases = []
    released = None
    if "released" in doc:
        try:
            released = PartialDate.parse(doc["released"])
        except ValueError as e:
            ctx.add(file, "$.released", str(e))
    config, config_source = _config(ctx, file, doc.get("config", {}), sources)
    cp = _Claims(ctx, file, sources)
    params_raw = doc.get("parameters", {})
    params = {}
    if not isinstance(params_raw, dict):
        ctx.add(file, "$.parameters", f"'parameters' must be a table with total and active (got {params_raw!r})")
        params_raw = {}
    _check_keys(ctx, file, "$.parameters", params_raw, ("total", "active"))
    for which in ("total", "active"):
        if which in params_raw:
            c = cp.one(f"$.parameters.{which}", params_raw[which], "count")
            if c is not None:
                params[which] = c
    if "total" in params and "active" in params and params["active"].to("1") > params["total"].to("1"):
        ctx.add(file, "$.parameters.active", "active parameters exceed the total")
    if len(ctx.problems) > n_before:
        return None
    return LLM(id=mid, name=doc["name"], organization=doc["organization"], architecture=doc["architecture"],
               attention=doc["attention"], aliases=tuple(aliases), released=released, notes=doc.get("notes"),
               config=config, config_source=config_source, parameters=params, file=file)


def load_folder(root: Path, *, shown_root: str | None = None, base_sources: dict[str, Source] | None = None,
                ) -> tuple[list[LLM], dict[str, Source], list[Problem]]:
    """Every model file under ``root`` (``<id>.toml``; ``_*.toml`` hold shared sources)."""
    ctx = _Ctx()
    root = Path(root)
    shown_root = shown_root if shown_root is not None else str(root)
    if not root.is_dir():
        ctx.add(shown_root, "$", "not a model folder (no such directory)")
        return [], dict(base_sources or {}), ctx.problems
    files = sorted(root.glob("*.toml"))
    docs = []
    for p in files:
        doc = read_toml(p, str(Path(shown_root) / p.name), ctx)
        if doc is not None:
            docs.append((p, doc))
    sources = collect_sources(ctx, [(str(Path(shown_root) / p.name), d) for p, d in docs], base_sources or {})
    models = []
    for p, doc in docs:
        if p.name.startswith("_"):
            continue
        m = parse_model(ctx, str(Path(shown_root) / p.name), doc, sources, p.stem)
        if m is not None:
            models.append(m)
    return models, sources, ctx.problems

