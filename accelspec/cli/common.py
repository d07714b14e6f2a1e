"""What every command shares: the usage error, the catalog flags, the selection flags and --where."""

from __future__ import annotations

import argparse
from typing import Sequence


class UsageError(Exception):
    """A bad combination of arguments that argparse cannot catch itself (exit 2)."""


def _catalog(args: argparse.Namespace):
    from ..catalog import builtin_catalog, load_catalog

    if getattr(args, "catalog", None):
        if str(args.catalog).endswith(".json"):  # a full export (`export --format full`) stands alone
            from ..formats import full

            return full.load(args.catalog)
        return load_catalog(args.catalog, include_builtin=not args.no_builtin)
    if getattr(args, "no_builtin", False):
        raise UsageError("--no-builtin needs --catalog PATH (the folder to use instead of the shipped catalog)")
    return builtin_catalog()


# ---------------------------------------------------------------------- selection flags

_FILTERS = ("vendor", "kind", "level", "status", "market", "region")


def _add_selection(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("selection (repeat or comma-separate values to accept several)")
    for f in _FILTERS:
        g.add_argument(f"--{f}", action="append", metavar=f.upper(), help=f"keep entries whose {f} is one of these")
    g.add_argument("--where", action="append", metavar="FIELD=VALUE", default=[],
                   help="keep entries whose identity field equals VALUE (status=shipping), "
                        "or whose field or metric compares (memory.capacity>=96, bf16_tflops_per_watt>1)")
    g.add_argument("--all-levels", action="store_true",
                   help="include servers, racks and generic entries (by default only chips and cards)")


def _split(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def _select(cat, args: argparse.Namespace, chips: Sequence[str] = ()) -> list:
    """The entries the selection flags (or an explicit chip list) pick."""
    if chips:
        return [cat.get(c) for c in chips]
    criteria = {f: _split(getattr(args, f, None)) for f in _FILTERS}
    criteria = {k: v for k, v in criteria.items() if v}
    predicates = [_where(w, cat) for w in getattr(args, "where", [])]
    entries = cat.select(**criteria, where=lambda e: all(p(e) for p in predicates))
    if not getattr(args, "all_levels", False) and "level" not in criteria:
        entries = [e for e in entries if e.level in ("die", "package", "card", "superchip") and not e.generic]
    return entries


_OPS = (">=", "<=", "!=", "=", ">", "<")


_IDENTITY = ("vendor", "kind", "level", "status", "market", "region", "family", "form_factor", "id")


def _where(expr: str, cat=None):
    """A predicate from 'status=shipping' or 'memory.capacity>=96' (numbers in canonical units).

    Identity values are checked against what the catalog holds (a typo is an error with
    suggestions, never an empty selection); an unknown name gets suggestions from the identity
    fields and the metric registry alike.
    """
    import math
    import operator

    from .. import metrics
    from ..errors import UnknownFieldError, close_hint

    for op in _OPS:
        if op in expr:
            name, _, want = expr.partition(op)
            name, want = name.strip(), want.strip()
            break
    else:
        raise UsageError(f"--where needs FIELD=VALUE or FIELD>=NUMBER (got {expr!r})")
    fn = {">=": operator.ge, "<=": operator.le, "!=": operator.ne, "=": operator.eq, ">": operator.gt, "<": operator.lt}[op]
    ident = _IDENTITY
    if name in ident:
        if op not in ("=", "!="):
            raise UsageError(f"--where {name} takes = or != (got {expr!r})")
        accepted = {v.strip() for v in want.split(",") if v.strip()}
        if cat is not None and name == "id":
            accepted = {cat.get(v).id for v in accepted}
        elif cat is not None:
            accepted = {cat._filter_value(name, v) for v in accepted}
        return lambda e: (getattr(e, name) in accepted) == (op == "=")
    try:
        getter = metrics.resolver(name)
    except UnknownFieldError:
        valid = list(ident) + list(metrics.REGISTRY)
        raise UnknownFieldError(name, valid, close_hint(name, valid).split(" (valid:")[0]
                                or "see `accelspec metrics`") from None
    try:
        number = float(want)
    except ValueError:
        raise UsageError(f"--where {name}{op} needs a number (got {want!r})") from None
    if not math.isfinite(number):
        raise UsageError(f"--where {name}{op} needs a finite number (got {want!r})")

    def pred(e) -> bool:
        r = getter(e)
        return r.value is not None and fn(r.value, number)

    return pred




def _any_selection(args) -> bool:
    return any(getattr(args, f, None) for f in _FILTERS) or bool(getattr(args, "where", None)) or getattr(args, "all_levels", False)


def _hidden_note(args) -> str:
    """'; servers, racks and generic entries hidden (--all-levels shows them)' when the selection hid them."""
    if getattr(args, "all_levels", False) or getattr(args, "level", None):
        return ""
    return "; servers, racks and generic entries hidden (--all-levels shows them)"


def _width() -> int:
    """The terminal's width when printing to one (at least 60), else 100 columns."""
    import shutil
    import sys

    if sys.stdout.isatty():
        return max(60, shutil.get_terminal_size((100, 24)).columns)
    return 100
