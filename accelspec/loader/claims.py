"""Claim tables (``{ value = ..., unit = ..., source = ... }``) -> :class:`~accelspec.model.Claim` records."""

from __future__ import annotations

import math
from typing import Any

from .. import model, units
from ..model import Claim, PartialDate, Source
from .common import _check_keys, _Ctx, _is_number

RANGE = (1e-9, 1e15)
"""Every number, in its dimension's canonical unit (GB, GB/s, TFLOP/s, W, mm², nm, count, USD), must
lie in this range: wide enough for a 4-trillion-transistor wafer or an 8-EFLOP/s SuperPoD, narrow
enough that no ratio of two catalog values overflows."""

_CLAIM_KEYS = ("value", "unit", "source", "note", "kind", "quote", "derivation", "bound", "max")

# --------------------------------------------------------------------------- claims


class _Claims:
    """Parses the claims of one entry file against the sources known to the catalog."""

    def __init__(self, ctx: _Ctx, file: str, sources: dict[str, Source]):
        self.ctx, self.file, self.sources = ctx, file, sources

    def problem(self, path: str, message: str) -> None:
        self.ctx.add(self.file, path, message)

    def source(self, path: str, raw: dict) -> Source | None:
        if "source" not in raw:
            self.problem(path, "missing required key 'source'; every value cites a source")
            return None
        sid = raw["source"]
        if isinstance(sid, str) and sid in self.ctx.broken_sources:
            return None  # the source's own problem is reported where it is defined
        if not isinstance(sid, str) or sid not in self.sources:
            local = self.ctx.defined_in(self.file, self.sources)
            defined = f"; defined here: {', '.join(local)}" if local else ""
            self.problem(f"{path}.source", f"unknown source {sid!r}{self.ctx.close_source(str(sid), self.sources)}{defined}")
            return None
        return self.sources[sid]

    def many(self, path: str, raw: Any, ftype: str, extra: tuple[str, ...] = ()) -> tuple[Claim, ...]:
        """One claim (a table) or several (an array of tables)."""
        if isinstance(raw, dict):
            c = self.one(path, raw, ftype, extra)
            return (c,) if c else ()
        if isinstance(raw, list) and raw:
            out = [self.one(f"{path}[{i}]", r, ftype, extra) for i, r in enumerate(raw)]
            return tuple(c for c in out if c)
        self.problem(path, f"expected a claim table {{ value = ..., source = ... }} or an array of them (got {raw!r})")
        return ()

    def one(self, path: str, raw: Any, ftype: str, extra: tuple[str, ...] = ()) -> Claim | None:
        if not isinstance(raw, dict):
            self.problem(path, f"expected a claim table {{ value = ..., source = ... }} (got {raw!r})")
            return None
        n_before = len(self.ctx.problems)
        _check_keys(self.ctx, self.file, path, raw, _CLAIM_KEYS + extra)
        src = self.source(path, raw)
        value, unit = self.value(path, raw, ftype)
        opts: dict[str, Any] = {}
        for k in ("note", "quote", "derivation", "item"):
            if k in raw:
                if isinstance(raw[k], str) and raw[k].strip():
                    opts[k] = raw[k]
                else:
                    self.problem(f"{path}.{k}", f"{k!r} must be non-empty text (got {raw[k]!r})")
        for k, allowed in (("kind", model.SOURCE_KINDS), ("engine", model.ENGINES), ("direction", model.DIRECTIONS)):
            if k in raw:
                if raw[k] in allowed:
                    opts[k] = raw[k]
                else:
                    self.problem(f"{path}.{k}", f"{k!r} must be in {list(allowed)!r} (got {raw[k]!r})")
        if "date" in extra:
            if "date" not in raw:
                self.problem(path, "missing required key 'date' (when the price was quoted)")
            else:
                try:
                    opts["date"] = PartialDate.parse(raw["date"])
                except ValueError as e:
                    self.problem(f"{path}.date", str(e))
        if "count" in extra and "count" in raw:
            n = raw["count"]
            if isinstance(n, int) and not isinstance(n, bool) and n > 0:
                opts["count"] = n
            else:
                self.problem(f"{path}.count", f"count must be a positive whole number (got {n!r})")
        self._bound(path, raw, ftype, value, opts)
        if len(self.ctx.problems) > n_before or src is None:
            return None
        return Claim(value=value, unit=unit, source=src, **opts)

    def _bound(self, path: str, raw: dict, ftype: str, value: Any, opts: dict[str, Any]) -> None:
        """``bound = "at-least"`` (">2500") or ``max = 2.3`` (a range "1.8–2.3"), numbers only."""
        if "bound" not in raw and "max" not in raw:
            return
        if ftype in ("text", "date"):
            self.problem(path, f"a {ftype} value takes no 'bound' or 'max'")
            return
        if "bound" in raw and "max" in raw:
            self.problem(path, "give 'bound' (one-sided) or 'max' (a range), not both")
            return
        if "bound" in raw:
            if raw["bound"] in model.BOUNDS:
                opts["bound"] = raw["bound"]
            else:
                self.problem(f"{path}.bound", f"'bound' must be in {list(model.BOUNDS)!r} (got {raw['bound']!r})")
            return
        top = raw["max"]
        if not _is_number(top) or not math.isfinite(top):
            self.problem(f"{path}.max", f"'max' must be a finite number (got {top!r})")
        elif _is_number(value) and not top > value:
            self.problem(f"{path}.max", f"'max' {top!r} must be above the value {value!r} (a range runs value to max)")
        else:
            opts["max"] = float(top)

    def value(self, path: str, raw: dict, ftype: str) -> tuple[Any, str | None]:
        if "value" not in raw:
            self.problem(path, "missing required key 'value'")
            return None, None
        v = raw["value"]
        if ftype == "text":
            if "unit" in raw:
                self.problem(f"{path}.unit", f"a text value takes no unit (got {raw['unit']!r})")
            if not (isinstance(v, str) and v.strip()):
                self.problem(f"{path}.value", f"expected non-empty text (got {v!r})")
            return v, None
        if ftype == "date":
            if "unit" in raw:
                self.problem(f"{path}.unit", f"a date takes no unit (got {raw['unit']!r})")
            try:
                return PartialDate.parse(v), None
            except ValueError as e:
                self.problem(f"{path}.value", str(e))
                return None, None
        # a number with a unit of the field's dimension
        if not _is_number(v):
            self.problem(f"{path}.value", f"expected a number (got {v!r})")
        elif isinstance(v, int) and abs(v) > 1e300:  # beyond any float: math.isfinite itself would overflow
            self.problem(f"{path}.value", f"value is too large to be a measurement (got a {len(str(abs(v)))}-digit number)")
            v = None
        elif not math.isfinite(v):
            self.problem(f"{path}.value", f"value must be finite (got {v!r})")
        elif v < 0:
            self.problem(f"{path}.value", f"value must not be negative (got {v!r})")
        elif v == 0:
            self.problem(f"{path}.value", "value must be positive (got 0); leave an unknown value out instead of writing 0")
        unit = raw.get("unit")
        dims = (ftype,) if not ftype.startswith("money") else ("money:USD", "money:CNY")
        valid = [u for u in units.UNITS if units.dimension(u) in dims]
        if unit is None:
            self.problem(path, f"missing required key 'unit' (one of {valid!r})")
        elif not units.is_unit(unit) or units.dimension(unit) not in dims:
            self.problem(f"{path}.unit", f"'unit' must be in {valid!r} (got {unit!r})")
        elif _is_number(v) and math.isfinite(v) and v > 0:
            self._in_range(path, float(v), unit)
        return (float(v) if _is_number(v) else v), unit

    def _in_range(self, path: str, v: float, unit: str) -> None:
        """A value far outside anything a chip or a rack can have (1e308 EFLOP/s, a 1e-320 W TDP) is a
        typo or a hostile file; arithmetic on it would overflow to infinity or divide into it."""
        dim = units.dimension(unit)
        canonical = "USD" if dim.startswith("money") else units.CANONICAL[dim]
        x = units.convert(v, unit, canonical) if not dim.startswith("money") else v
        if not (RANGE[0] <= x <= RANGE[1]):
            self.problem(f"{path}.value", f"value {v:g} {unit} is out of range: a catalog value must be between "
                                          f"{RANGE[0]:g} and {RANGE[1]:g} {canonical}")
