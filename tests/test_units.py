import pytest

from accelspec import units
from accelspec.errors import UnitError


@pytest.mark.parametrize("value,src,dst,expected", [
    (3.35, "TB/s", "GB/s", 3350.0),
    (1, "GiB", "B", 2**30),
    (80, "GiB", "GB", 85.89934592),
    (96, "GB", "GiB", 96e9 / 2**30),
    (8, "Gb", "GB", 1.0),
    (900, "Gb/s", "GB/s", 112.5),
    (1.979, "PFLOP/s", "TFLOP/s", 1979.0),
    (1979, "TOP/s", "TFLOP/s", 1979.0),
    (1.2, "kW", "W", 1200.0),
    (814, "mm2", "mm²", 814.0),
    (80, "billion", "million", 80000.0),
])
def test_convert_exact(value, src, dst, expected):
    assert units.convert(value, src, dst) == pytest.approx(expected, rel=1e-15)


def test_binary_and_decimal_round_trip_is_exact():
    assert units.convert(units.convert(141, "GB", "GiB"), "GiB", "GB") == 141


def test_unknown_unit_lists_valid_units():
    with pytest.raises(UnitError) as e:
        units.convert(1, "TB/sec", "GB/s")
    assert str(e.value).startswith("'unit' must be in ['B', 'KB',")
    assert str(e.value).endswith("(got 'TB/sec')")


def test_dimension_mismatch():
    with pytest.raises(UnitError, match=r"cannot convert 'GB' \(bytes\) to 'W' \(power\)"):
        units.convert(1, "GB", "W")


def test_currencies_never_convert_implicitly():
    with pytest.raises(UnitError, match="needs convert_money"):
        units.convert(100, "USD", "CNY")


def test_convert_money_needs_rate_and_date():
    assert units.convert_money(100, "USD", "CNY", rate=7.1, date="2025-12-30") == pytest.approx(710)
    with pytest.raises(UnitError, match="needs the date"):
        units.convert_money(100, "USD", "CNY", rate=7.1, date="")
    with pytest.raises(UnitError, match="must be positive"):
        units.convert_money(100, "USD", "CNY", rate=0, date="2025-12-30")
