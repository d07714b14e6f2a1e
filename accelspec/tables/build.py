"""Making tables: :func:`compare` (a few chips side by side) and :func:`rank` (many, sorted)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .. import metrics
from ..catalog import Catalog, builtin_catalog
from ..errors import InvalidValueError, close_hint
from ..model import Accelerator
from .table import Table, header


def default_fields(precision: str = "bf16", sparse: bool = False) -> list[str]:
    p = metrics.precision(precision)
    base = f"{p}_tops" if p.startswith("int") else f"{p}_tflops"
    suffix = "_sparse" if sparse else ""
    fields = ["memory_gb", "memory_bandwidth_gbs", "tdp_w", base + suffix]
    for extra in ("fp8_tflops", "int8_tops"):
        if extra != base:
            fields.append(extra + suffix)
    fields += [f"{base}_per_watt{suffix}", "memory_bandwidth_per_watt", f"ridge_point_{p}",
               "scaleup_bandwidth_gbs", "price_usd", f"usd_per_{base}", "max_params_b_fp8",
               "decode_tokens_per_s_70b_fp8"]
    return fields

def _resolve(chips: Iterable, catalog: Catalog | None) -> list[Accelerator]:
    """Entries for names, ids or entries; one name alone is one chip (never its characters)."""
    cat = catalog if catalog is not None else builtin_catalog()
    if isinstance(chips, (str, Accelerator)):
        chips = [chips]
    return [cat.get(c) for c in chips]


def _check_price_source(price: str | None, entries: list[Accelerator], catalog: Catalog | None) -> None:
    """A ``price`` source id must be one some price cites; a typo would silently empty every price."""
    if price is None:
        return
    cat = catalog if catalog is not None else builtin_catalog()
    cited = sorted({c.source.id for e in cat for c in e.prices})
    if price not in cited:
        raise InvalidValueError("price", price, close_hint(price, cited) + " — the source id of a price claim "
                                "(`accelspec claims CHIP prices`)")


def compare(chips: Iterable, fields: Sequence[str] | None = None, baseline=None, *, catalog: Catalog | None = None,
            precision: str = "bf16", sparse: bool = False, sort: str | None = None, layout: str = "auto",
            headroom: float = 0.2, price: str | None = None) -> Table:
    """A table of ``chips`` (names, ids or entries) over ``fields`` (fields or metric names).

    ``baseline`` adds ratios against one chip (``×H200``). Compute columns are dense unless
    ``sparse=True``; the table says which.
    """
    entries = _resolve(chips, catalog)
    if not entries:
        raise InvalidValueError("chips", chips, "name at least one chip to compare")
    base = _resolve([baseline], catalog)[0] if baseline is not None else None
    _check_price_source(price, entries, catalog)
    ctx = metrics.Context(catalog=catalog, headroom=headroom, price=price)
    return Table(entries, fields or default_fields(precision, sparse), baseline=base, layout=layout, ctx=ctx, sort=sort)


def rank(entries: Iterable, by: str, fields: Sequence[str] | None = None, baseline=None, *, catalog: Catalog | None = None,
         limit: int | None = None, ascending: bool | None = None) -> Table:
    """Entries as rows, best first by ``by`` (missing values last), with context columns.

    Best is what the registry says: the highest value, or the lowest for a metric where lower is
    better (a price per TFLOP/s). ``ascending`` overrides it.
    """
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise InvalidValueError("limit", limit, "a whole number of rows, 1 or more")
    entries = _resolve(entries, catalog)
    by_metric = metrics.get_metric(by)
    if ascending is None:
        ascending = not by_metric.higher_is_better
    cols = [by] + [f for f in (fields or _context_fields(by_metric)) if f != by]
    base = _resolve([baseline], catalog)[0] if baseline is not None else None
    ctx = metrics.Context(catalog=catalog)
    t = Table(entries, cols, baseline=base, layout="rows", ctx=ctx, sort=by, ascending=ascending)
    if limit is not None:
        t.entries = t.entries[:limit]
    if ascending:
        why = ": lower is better" if not by_metric.higher_is_better else ""
        t.title = f"Ranked by {header(by)} (lowest first{why})"
    else:
        t.title = f"Ranked by {header(by)}"
    return t


def _context_fields(m: metrics.Metric) -> list[str]:
    fields = []
    for path in m.inputs:
        for name, reg in metrics.REGISTRY.items():
            if reg.group == "field" and reg.formula == path and name not in fields:
                fields.append(name)
    return fields or ["memory_gb", "tdp_w"]
