"""An entry's ``[gaps]`` (why a field is empty) and ``[[relations]]`` (claims relative to another entry)."""

from __future__ import annotations

import math
import re

from .. import model
from ..model import Gap, Relation
from .claims import _Claims
from .common import _ID, _check_keys, _is_number

_METRIC = re.compile(r"^[a-z][a-z0-9_]*$")
_GAP_KEYS = ("reason", "source", "quote", "note", "searched")
_RELATION_KEYS = ("metric", "ratio", "to", "source", "quote", "note")


def gap_paths() -> tuple[str, ...]:
    """Paths a gap may name: every field, ``compute.<precision>`` for a whole precision, and ``prices``."""
    return tuple(model.FIELD_TYPES) + tuple(f"compute.{p}" for p in model.PRECISIONS) + ("prices",)


def _text(cp: _Claims, path: str, raw: dict, key: str) -> str | None:
    if key not in raw:
        return None
    v = raw[key]
    if isinstance(v, str) and v.strip():
        return v
    cp.problem(f"{path}.{key}", f"{key!r} must be non-empty text (got {v!r})")
    return None


def parse_gaps(cp: _Claims, doc: dict, fields: dict, has_prices: bool = False) -> dict[str, Gap]:
    raw = doc.get("gaps", {})
    if not isinstance(raw, dict):
        cp.problem("$.gaps", f"'gaps' must be a table of field paths (got {raw!r})")
        return {}
    valid = gap_paths()
    out: dict[str, Gap] = {}
    for fpath, g in raw.items():
        path = f'$.gaps."{fpath}"'
        if fpath not in valid:
            cp.problem(path, f"unknown field {fpath!r}; a gap names a field path such as 'compute.fp8.dense' or 'compute.fp8'")
            continue
        if not isinstance(g, dict):
            cp.problem(path, f"expected {{ reason = ..., ... }} (got {g!r})")
            continue
        n_before = len(cp.ctx.problems)
        _check_keys(cp.ctx, cp.file, path, g, _GAP_KEYS)
        reason = g.get("reason")
        if reason not in model.GAP_REASONS:
            cp.problem(f"{path}.reason", f"'reason' must be in {list(model.GAP_REASONS)!r} (got {reason!r})")
        src = cp.source(path, g) if "source" in g else None
        quote, note, searched = (_text(cp, path, g, k) for k in ("quote", "note", "searched"))
        if reason == "not-supported" and "source" not in g:
            cp.problem(path, "a 'not-supported' gap is a fact: it needs the 'source' that says so")
        if reason == "not-published" and "source" not in g and note is None:
            cp.problem(path, "a 'not-published' gap needs a 'source' or a 'note' saying how we know")
        if reason == "not-found" and searched is None:
            cp.problem(path, "a 'not-found' gap needs 'searched': where we looked")
        held = [p for p, claims in fields.items() if claims and (p == fpath or p.startswith(fpath + "."))]
        if fpath == "prices" and has_prices:
            held = ["prices"]
        if held:
            cp.problem(path, f"a gap for {fpath!r}, but the entry has claims for {', '.join(held)}")
        if len(cp.ctx.problems) == n_before:
            out[fpath] = Gap(fpath, reason, src, quote, note, searched)
    return out


def parse_relations(cp: _Claims, raw_list: list) -> tuple[Relation, ...]:
    out = []
    for i, r in enumerate(raw_list):
        path = f"$.relations[{i}]"
        if not isinstance(r, dict):
            cp.problem(path, f"expected a table with metric, ratio, to, source (got {r!r})")
            continue
        n_before = len(cp.ctx.problems)
        _check_keys(cp.ctx, cp.file, path, r, _RELATION_KEYS)
        metric, ratio, to = r.get("metric"), r.get("ratio"), r.get("to")
        if not (isinstance(metric, str) and _METRIC.match(metric)):
            cp.problem(f"{path}.metric", f"'metric' must be a metric name such as 'bf16_tflops', or 'unspecified' (got {metric!r})")
        if not (_is_number(ratio) and math.isfinite(ratio) and ratio > 0):
            cp.problem(f"{path}.ratio", f"'ratio' must be a positive number (got {ratio!r})")
        if not (isinstance(to, str) and _ID.match(to)):
            cp.problem(f"{path}.to", f"'to' must be a catalog entry id (got {to!r})")
        src = cp.source(path, r)
        quote, note = _text(cp, path, r, "quote"), _text(cp, path, r, "note")
        if len(cp.ctx.problems) == n_before and src is not None:
            out.append(Relation(metric, float(ratio), to, src, quote, note))
    return tuple(out)

