"""The alias table: MLPerf's spellings of accelerators -> catalog entries (``catalog/results/aliases.toml``).

Matching is exact, spelling for spelling, so that nothing is guessed: "AMD Instinct MI325X 256GB
HBM3e" and "... HBM3E" are two lines. A spelling the table does not know is no error here (its
results stay in the dataset under MLPerf's spelling, without a catalog id); the ingest script
reports it, and :meth:`ResultSet.unmapped` lists it.
"""

from __future__ import annotations

import difflib

from ..errors import did_you_mean
from ..loader.common import _check_keys, _Ctx, _is_number
from .records import Alias, Share

_ALIAS_KEYS = ("spelling", "id", "per_entry", "counted", "basis", "note")
_UNMAPPED_KEYS = ("spelling", "reason")


def _text(ctx: _Ctx, file: str, path: str, key: str, raw: dict, required: bool = False) -> str | None:
    v = raw.get(key)
    if v is None:
        if required:
            ctx.add(file, path, f"missing required key {key!r}")
        return None
    if not isinstance(v, str) or not v.strip():
        ctx.add(file, f"{path}.{key}", f"{key!r} must be non-empty text (got {v!r})")
        return None
    return v


def parse_aliases(ctx: _Ctx, file: str, doc: dict, catalog=None) -> dict[str, Alias]:
    """``[[alias]]`` and ``[[unmapped]]`` tables -> spelling: :class:`Alias`; ids checked against ``catalog``."""
    _check_keys(ctx, file, "$", doc, ("alias", "unmapped"))
    out: dict[str, Alias] = {}
    seen: set[str] = set()  # a spelling listed twice is reported even when its first line had a problem
    for table, keys in (("alias", _ALIAS_KEYS), ("unmapped", _UNMAPPED_KEYS)):
        items = doc.get(table, [])
        if not isinstance(items, list) or not all(isinstance(x, dict) for x in items):
            ctx.add(file, f"$.{table}", f"'{table}' must be an array of tables, [[{table}]] (got {items!r})")
            continue
        for i, raw in enumerate(items):
            path = f"$.{table}[{i}]"
            _check_keys(ctx, file, path, raw, keys)
            spelling = _text(ctx, file, path, "spelling", raw, required=True)
            if spelling is None:
                continue
            if spelling != spelling.strip():
                ctx.add(file, f"{path}.spelling", f"spelling has spaces at an end (got {spelling!r})")
            if spelling in seen:
                ctx.add(file, f"{path}.spelling", f"spelling {spelling!r} is listed twice")
                continue
            seen.add(spelling)
            if table == "unmapped":
                reason = _text(ctx, file, path, "reason", raw, required=True)
                if reason is not None:
                    out[spelling] = Alias(spelling, None, reason=reason)
                continue
            alias = _alias(ctx, file, path, raw, spelling, catalog)
            if alias is not None:
                out[spelling] = alias
    return out


def _alias(ctx: _Ctx, file: str, path: str, raw: dict, spelling: str, catalog) -> Alias | None:
    n_before = len(ctx.problems)
    eid = _text(ctx, file, path, "id", raw, required=True)
    per_entry = raw.get("per_entry", 1)
    if not (_is_number(per_entry) and per_entry == int(per_entry) and per_entry >= 1):
        ctx.add(file, f"{path}.per_entry", f"'per_entry' must be a whole number, 1 or more (got {per_entry!r})")
        per_entry = 1
    counted = _text(ctx, file, path, "counted", raw, required=per_entry > 1)
    basis, note = _text(ctx, file, path, "basis", raw), _text(ctx, file, path, "note", raw)
    if eid is not None and catalog is not None:
        if eid not in catalog.ids:
            close = difflib.get_close_matches(eid, catalog.ids, n=2)
            hint = did_you_mean(close) if close else "see `accelspec list --all-levels`"
            ctx.add(file, f"{path}.id", f"unknown catalog entry {eid!r}; {hint}")
        else:
            # a superchip counted by its GPUs: the entry's own composition must agree
            parts = sum(c.count for c in catalog.get(eid).contains)
            if per_entry > 1 and parts != per_entry:
                have = f"contains {parts}" if parts else "lists no [[contains]]"
                ctx.add(file, f"{path}.per_entry", f"per_entry {int(per_entry)} but catalog entry {eid!r} {have}")
    if len(ctx.problems) > n_before:
        return None
    return Alias(spelling, eid, per_entry=int(per_entry), counted=counted, basis=basis, note=note)


def shares(accelerator: str, mix: list[tuple[str, int]] | None, total: int, aliases: dict[str, Alias]) -> tuple[Share, ...]:
    """The :class:`Share` of each accelerator kind in a system: one for a plain system, one per part of a mix."""
    parts = mix if mix is not None else [(accelerator, total)]
    out = []
    for spelling, count in parts:
        a = aliases.get(spelling)
        if a is None or a.id is None:
            out.append(Share(spelling, count))
        else:
            out.append(Share(spelling, count, a.id, a.per_entry, a.counted))
    return tuple(out)
