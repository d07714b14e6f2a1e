"""Reading a field for a metric: the entry's own claim, or the sum over its composition; prices.

Every metric reads the catalog through :func:`field` and :func:`price`, so the rules for
compositions (cards, servers, racks) and for prices live here once.
"""

from __future__ import annotations

from typing import Any

from attrs import frozen

from ..model import COMPUTE_SLOTS, PRECISIONS, Accelerator, Claim, pick
from .result import Result, _missing, checked

# -------------------------------------------------------------------------- context


@frozen
class Context:
    """Options shared by the metrics of one table or plot.

    ``headroom`` is the share of memory kept free for activations and KV cache when asking
    what model fits (0.2 = weights may use 80%). ``price`` picks a price claim by source id
    (default: the pick rule over USD prices). ``catalog`` resolves compositions.
    """

    catalog: Any = None
    headroom: float = 0.2
    price: str | None = None

    def __attrs_post_init__(self) -> None:
        h = self.headroom
        if isinstance(h, bool) or not isinstance(h, (int, float)) or not (0 <= h < 1):
            from ..errors import InvalidValueError

            raise InvalidValueError("headroom", h, "the share of memory kept free, from 0 up to (not including) 1")
        if self.price is not None and not isinstance(self.price, str):
            from ..errors import InvalidValueError

            raise InvalidValueError("price", self.price, "a price source id (see `accelspec claims CHIP prices`)")

    def cat(self):
        if self.catalog is None:
            from ..catalog import builtin_catalog

            return builtin_catalog()
        return self.catalog


DEFAULT = Context()

# -------------------------------------------------------------------------- field access

# paths that add up over a composition (two chips on a card: twice the compute and memory; the
# export-control rule likewise sums the logic dies up to the circuit board)
_ADDITIVE = ("memory.capacity", "memory.bandwidth", "die_area") + tuple(
    f"compute.{p}.{s}" for p in PRECISIONS for s in ("dense", "sparse"))


def field(e: Accelerator, path: str, unit: str, ctx: Context = DEFAULT, _depth: int = 0) -> Result:
    """A field in ``unit``: the entry's own claim, or the sum over its composition.

    Compute, memory and die area of a card, server or rack with no claim of its own are summed
    from ``contains``; power never is (a system's power includes CPUs, switches and cooling that
    no sum of chips covers), so it is taken only from the entry's own claim.
    """
    c = e.claim(path)
    label = _LABELS.get(path, path)
    if c is not None:
        if not c.is_number:
            return _missing(unit, f"{path} is not a number")
        if not c.is_point:  # pick prefers values, so only bounds or ranges are recorded
            return _missing(unit, f"{label} only as a bound or range: {c.value_text()}", (c,))
        return Result(c.to(unit), unit, (c,))
    gap = e.gap(path)
    if gap is not None:  # the entry's own reason comes before any sum over its parts
        return Result(None, unit, (), f"{label} {gap.describe(full=False)}", gap=gap.reason)
    if path in _ADDITIVE and e.contains and _depth < 8:
        total, inputs, parts = 0.0, [], []
        for comp in e.contains:
            try:
                child = ctx.cat().get(comp.id)
            except KeyError:
                return _missing(unit, f"component {comp.id!r} is not in the catalog")
            r = field(child, path, unit, ctx, _depth + 1)
            if r.missing:
                # "no BF16, nor for its component Jiangyuan D20 chip": one clause, not a nested reason;
                # the component's reason kind (not supported, not published ...) holds for the whole
                why = f" ({r.reason})" if r.gap else ""
                return _missing(unit, f"no {label}, nor for its component {child.name}{why}", gap=r.gap)
            total += comp.count * r.value
            inputs.extend(r.inputs)
            parts.append(f"{comp.count} × {child.id}")
        return Result(total, unit, tuple(inputs), note=f"sum of {' + '.join(parts)}")
    if path.endswith(".dense") and e.claim(path[: -len("dense")] + "sparse") is not None:
        return _missing(unit, f"no dense {label} figure (only sparse)")
    if path.endswith(".dense") and e.claim(path[: -len("dense")] + "unspecified") is not None:
        return _missing(unit, f"no dense {label} figure (only one whose dense/sparse basis is not stated)")
    return _missing(unit, f"no {label}")


_LABELS = {
    "power.tdp": "TDP", "memory.capacity": "memory capacity", "memory.bandwidth": "memory bandwidth",
    "interconnect.scaleup_bandwidth": "scale-up bandwidth", "die_area": "die area", "process_node": "process node",
    "transistors": "transistor count",
}
for _p in PRECISIONS:
    for _s in COMPUTE_SLOTS:
        _LABELS[f"compute.{_p}.{_s}"] = f"{_p.upper()} {_s}" if _s != "dense" else _p.upper()
del _p, _s


def _ratio(num: Result, den: Result, unit: str, scale: float = 1.0) -> Result:
    if num.missing:
        return _missing(unit, num.reason, num.inputs + den.inputs, num.gap)
    if den.missing:
        return _missing(unit, den.reason, num.inputs + den.inputs, den.gap)
    return checked(num.value / den.value * scale, unit, num.inputs + den.inputs)


def price_claim(e: Accelerator, ctx: Context = DEFAULT) -> Claim | None:
    usd = tuple(c for c in e.prices if c.unit == "USD")
    if ctx.price is not None:
        usd = tuple(c for c in usd if c.source.id == ctx.price)
    return pick(usd)


def price(e: Accelerator, ctx: Context = DEFAULT) -> Result:
    c = price_claim(e, ctx)
    if c is None:
        cny = [p for p in e.prices if p.unit != "USD"]
        if cny:
            return _missing("USD", "no USD price (CNY prices are not converted without a stated rate)")
        gap = e.gaps.get("prices")
        if gap is not None:
            return Result(None, "USD", (), f"price {gap.describe(full=False)}", gap=gap.reason)
        return _missing("USD", "no price")
    if not c.is_point:  # pick prefers values, so only a range or a bound is recorded
        shown = c.value_text()
        if c.count and c.count > 1 and c.value is not None:  # say what one costs, not only the total
            shown += f" for {c.count:,} ({c.value / c.count:,.0f} USD each at that bound)"
        return _missing("USD", f"price only as a range or bound: {shown}", (c,))
    if c.count and c.count > 1:  # a board or server price: the cost of one is the price over the count
        return Result(c.value / c.count, "USD", (c,),
                      note=f"{c.value:,.0f} USD for {c.count}, {c.date}: {c.item}; {c.value / c.count:,.0f} USD each")
    return Result(c.value, "USD", (c,), note=f"{c.value:,.0f} USD, {c.date}: {c.item}")
