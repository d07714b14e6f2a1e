"""The closed unit table and exact conversions.

Catalog files store values as their sources print them ("3.35 TB/s"); code converts.
Decimal and binary byte prefixes are kept apart (1 GB = 10**9 B, 1 GiB = 2**30 B), and
money never converts between currencies without an explicit rate and date.
"""

from __future__ import annotations

from math import gcd, inf as _INF

from .errors import UnitError

# unit -> (dimension, numerator, denominator of the factor to the dimension's base unit). Factors
# are exact integer ratios so that a round trip GB -> GiB -> GB gives back the value it started
# from (fractions.Fraction is imported only for the conversions that need it).
_UNITS: dict[str, tuple[str, int, int]] = {}


def _add(dimension: str, base_factor: int | tuple[int, int], *names: str) -> None:
    num, den = base_factor if isinstance(base_factor, tuple) else (base_factor, 1)
    for name in names:
        _UNITS[name] = (dimension, num, den)


# bytes (base: byte). Bits are a different unit of the same dimension: 8 bits to a byte.
_add("bytes", 1, "B")
_add("bytes", 10**3, "KB")
_add("bytes", 10**6, "MB")
_add("bytes", 10**9, "GB")
_add("bytes", 10**12, "TB")
_add("bytes", 2**10, "KiB")
_add("bytes", 2**20, "MiB")
_add("bytes", 2**30, "GiB")
_add("bytes", 2**40, "TiB")
_add("bytes", (10**9, 8), "Gb", "Gbit")
# bandwidth (base: byte per second)
_add("bandwidth", 10**6, "MB/s")
_add("bandwidth", 10**9, "GB/s")
_add("bandwidth", 10**12, "TB/s")
_add("bandwidth", 2**30, "GiB/s")
_add("bandwidth", 2**40, "TiB/s")
_add("bandwidth", (10**9, 8), "Gb/s")
_add("bandwidth", (10**12, 8), "Tb/s")
# compute (base: operation per second). A floating-point operation and an integer operation
# are both "operations" here: the precision a figure is for is recorded beside it.
_add("compute", 10**9, "GFLOP/s", "GOP/s")
_add("compute", 10**12, "TFLOP/s", "TOP/s")
_add("compute", 10**15, "PFLOP/s", "POP/s")
_add("compute", 10**18, "EFLOP/s")
# power (base: watt)
_add("power", 1, "W")
_add("power", 10**3, "kW")
_add("power", 10**6, "MW")
# area (base: mm²); "mm2" is the same unit for keyboards without a superscript
_add("area", 1, "mm²", "mm2")
_add("length", 1, "nm")
_add("width", 1, "bit")
_add("count", 1, "1")
_add("count", 10**3, "thousand")
_add("count", 10**6, "million")
_add("count", 10**9, "billion")
# money: each currency is its own dimension, so USD -> CNY fails like GB -> W does
_add("money:USD", 1, "USD")
_add("money:CNY", 1, "CNY")

UNITS: tuple[str, ...] = tuple(_UNITS)
"""Every unit accepted in a catalog file, in table order."""


def dimension(unit: str) -> str:
    """The dimension of ``unit`` ("bytes", "bandwidth", "compute", ...)."""
    try:
        return _UNITS[unit][0]
    except KeyError:
        raise UnitError(_unknown(unit)) from None


def _unknown(unit: object) -> str:
    return f"'unit' must be in {list(UNITS)!r} (got {unit!r})"


def is_unit(unit: object) -> bool:
    return isinstance(unit, str) and unit in _UNITS


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert ``value`` between units of one dimension, exactly up to the final float.

    >>> convert(3.35, "TB/s", "GB/s")
    3350.0
    >>> convert(80, "GiB", "GB")
    85.89934592
    """
    step = _STEPS.get((from_unit, to_unit))
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value in (_INF, -_INF):
        raise UnitError(f"can only convert a finite number (got {_short(value)})")
    if step is None:
        step = _STEPS[(from_unit, to_unit)] = _step(from_unit, to_unit)
    op, k = step
    try:
        x = float(value)
    except OverflowError:  # an integer beyond any float
        raise UnitError(f"{_short(value)} {from_unit} is too large to be a number accelspec handles") from None
    if op == "mul":
        out = x * k   # one float multiply by an exact integer: the correctly rounded product
    elif op == "div":
        out = x / k   # likewise one correctly rounded division
    else:
        from fractions import Fraction

        try:
            out = float(Fraction(value) * Fraction(*k))
        except OverflowError:
            out = _INF
    if out in (_INF, -_INF):
        raise UnitError(f"{_short(value)} {from_unit} is too large to express in {to_unit}")
    return out


# (from, to) -> how to convert: "mul"/"div" by an integer that a float holds exactly (the same
# correctly rounded result as exact arithmetic, without it), or "exact" through a Fraction
# (GB <-> GiB and the like). Filled on first use of each pair.
_STEPS: dict[tuple[str, str], tuple[str, object]] = {}


def _step(from_unit: str, to_unit: str) -> tuple[str, object]:
    for u in (from_unit, to_unit):
        if u not in _UNITS:
            raise UnitError(_unknown(u))
    (dim_a, na, da), (dim_b, nb, db) = _UNITS[from_unit], _UNITS[to_unit]
    if dim_a != dim_b:
        raise UnitError(
            f"cannot convert {from_unit!r} ({dim_a}) to {to_unit!r} ({dim_b})"
            + ("; a currency conversion needs convert_money() with a rate and date"
               if dim_a.startswith("money") and dim_b.startswith("money") else "")
        )
    num, den = na * db, da * nb   # (na / da) / (nb / db)
    g = gcd(num, den)
    num, den = num // g, den // g
    if den == 1 and num < 2**53:
        return ("mul", float(num))
    if num == 1 and den < 2**53:
        return ("div", float(den))
    return ("exact", (num, den))


def factor(from_unit: str, to_unit: str) -> float:
    """The float factor from one unit to another (for vectorised conversion of whole columns)."""
    op, k = _STEPS.get((from_unit, to_unit)) or _step(from_unit, to_unit)
    if op == "exact":
        return k[0] / k[1]
    return float(k) if op == "mul" else 1.0 / float(k)


def convert_money(value: float, from_currency: str, to_currency: str, *, rate: float, date: str) -> float:
    """Convert money with an explicit ``rate`` (units of ``to_currency`` per ``from_currency``).

    The ``date`` is required so that a caller states which day's rate was used; accelspec
    never guesses an exchange rate.
    """
    for u in (from_currency, to_currency):
        if not dimension(u).startswith("money"):
            raise UnitError(f"{u!r} is not a currency")
    if not date:
        raise UnitError("a currency conversion needs the date of its rate")
    if not _finite(rate) or rate <= 0:
        raise UnitError(f"exchange rate must be positive and finite (got {_short(rate)})")
    if not _finite(value):
        raise UnitError(f"amount must be a finite number (got {_short(value)})")
    out = float(value) if from_currency == to_currency else float(value) * float(rate)
    if out in (_INF, -_INF):
        raise UnitError(f"{_short(value)} {from_currency} at {_short(rate)} is too large to express in {to_currency}")
    return out


def _finite(x: object) -> bool:
    """A real, finite number (an integer too large for a float is not one)."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return False
    try:
        return float(x) not in (_INF, -_INF) and x == x
    except OverflowError:
        return False


def _short(x: object) -> str:
    text = repr(x)
    return text if len(text) <= 24 else f"a {len(text)}-digit number"


# The unit each dimension is shown and exported in (the flat export's contract).
CANONICAL = {
    "bytes": "GB",
    "bandwidth": "GB/s",
    "compute": "TFLOP/s",
    "power": "W",
    "area": "mm²",
    "length": "nm",
    "width": "bit",
    "count": "1",
}
