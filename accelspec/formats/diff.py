"""The difference between two catalogs: entries added and removed, values and sources changed.

A value is the claim the pick rule shows for a field (what tables and the flat export print);
two values are the same when they are equal in the field's canonical unit, so "3.35 TB/s" and
"3350 GB/s" do not count as a change. A field's sources are every claim's source id.
"""

from __future__ import annotations

import json
from pathlib import Path

from attrs import frozen

from .. import units
from ..model import Accelerator, Claim

IDENTITY = ("name", "vendor", "kind", "level", "status", "market", "region", "family", "form_factor")


@frozen
class Change:
    entry: str
    field: str
    kind: str  # "value" (old → new), "sources" (set of source ids changed), "identity"
    old: str | None
    new: str | None


@frozen
class CatalogDiff:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changes: tuple[Change, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changes)


def load(path: str | Path):
    """A catalog folder (read alone, without the shipped catalog) or a full export (``*.json``)."""
    p = str(path)
    if p.endswith(".json"):
        from . import full

        return full.load(p)
    from ..catalog import load_catalog

    return load_catalog(p, include_builtin=False)


def _shown(c: Claim | None) -> str | None:
    if c is None:
        return None
    if not c.is_number:
        return str(c.value)
    v = f"{c.value:g}"
    if c.max is not None:
        v += f"–{c.max:g}"
    elif c.bound is not None:
        v = ("≥ " if c.bound == "at-least" else "≤ ") + v
    unit = "" if c.unit in (None, "1") else f" {c.unit}"
    direction = " per direction" if c.direction == "unidirectional" else ""
    return v + unit + direction


def _with(c: Claim | None, sources: list[str]) -> str | None:
    return None if c is None else f"{_shown(c)} [{', '.join(sources)}]"


def _same(a: Claim | None, b: Claim | None) -> bool:
    if a is None or b is None:
        return a is b
    if a.is_number and b.is_number and a.unit and b.unit and units.is_unit(a.unit) and units.is_unit(b.unit):
        if units.dimension(a.unit) != units.dimension(b.unit) or (a.bound, a.max is None) != (b.bound, b.max is None):
            return False
        if a.direction != b.direction and "unidirectional" in (a.direction, b.direction):
            return abs(a.to(a.unit) - b.to(a.unit)) <= 1e-9 * abs(a.to(a.unit))
        return abs(units.convert(b.value, b.unit, a.unit) - a.value) <= 1e-9 * abs(a.value)
    return _shown(a) == _shown(b)


def _entry_changes(old: Accelerator, new: Accelerator) -> list[Change]:
    out = []
    for k in IDENTITY:
        a, b = getattr(old, k), getattr(new, k)
        if a != b:
            out.append(Change(new.id, k, "identity", a, b))
    groups_old = dict(old.fields)
    groups_new = dict(new.fields)
    groups_old["prices"], groups_new["prices"] = old.prices, new.prices
    from ..model import pick

    for path in sorted(set(groups_old) | set(groups_new)):
        ca, cb = groups_old.get(path, ()), groups_new.get(path, ())
        a, b = pick(ca), pick(cb)
        sa, sb = sorted({c.source.id for c in ca}), sorted({c.source.id for c in cb})
        if a is None or b is None:  # a field that appears or goes: its sources ride on the value line
            if a is not b:
                out.append(Change(new.id, path, "value", _with(a, sa), _with(b, sb)))
            continue
        if not _same(a, b):
            out.append(Change(new.id, path, "value", _shown(a), _shown(b)))
        if sa != sb:
            out.append(Change(new.id, path, "sources", ", ".join(sa), ", ".join(sb)))
    return out


def diff(old, new) -> CatalogDiff:
    """What changed from catalog ``old`` to catalog ``new``."""
    old_ids, new_ids = set(old.ids), set(new.ids)
    changes = []
    for eid in sorted(old_ids & new_ids):
        changes += _entry_changes(old.get(eid), new.get(eid))
    return CatalogDiff(tuple(sorted(new_ids - old_ids)), tuple(sorted(old_ids - new_ids)), tuple(changes))


def to_data(d: CatalogDiff) -> dict:
    return {"added": list(d.added), "removed": list(d.removed),
            "changes": [{"entry": c.entry, "field": c.field, "kind": c.kind, "old": c.old, "new": c.new}
                        for c in d.changes]}


def to_json(d: CatalogDiff) -> str:
    return json.dumps(to_data(d), ensure_ascii=False, indent=1) + "\n"


def to_text(d: CatalogDiff, markdown: bool = False) -> str:
    """Added, removed, then each changed entry with its fields (``old → new``)."""
    b = "- " if markdown else "  "
    lines = [f"added ({len(d.added)}):"] + [f"{b}{x}" for x in d.added]
    lines += [f"removed ({len(d.removed)}):"] + [f"{b}{x}" for x in d.removed]
    entries = sorted({c.entry for c in d.changes})
    lines.append(f"changed ({len(entries)} entries, {len(d.changes)} changes):")
    current = None
    for c in d.changes:
        if c.entry != current:
            current = c.entry
            lines.append(f"{b}{c.entry}")
        what = {"value": "", "sources": " sources", "identity": ""}[c.kind]
        lines.append(f"    {b if markdown else ''}{c.field}{what}: {c.old if c.old is not None else '(none)'} → "
                     f"{c.new if c.new is not None else '(none)'}")
    return "\n".join(lines) + "\n"
