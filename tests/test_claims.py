"""The pick rule and claim access."""

import pytest

from accelspec.errors import UnknownFieldError


def test_vendor_beats_press_even_if_newer(fake):
    h200 = fake.get("H200")
    shown = h200.claim("memory.bandwidth")
    assert (shown.value, shown.source.id) == (4.8, "ds-a")
    assert [c.value for c in h200.claims("memory.bandwidth")] == [4.8, 5.0]


def test_rumour_override_ranks_below_press(fake):
    claims = fake.get("H200").claims("compute.int8.dense")
    assert [(c.value, c.effective_kind) for c in claims] == [(2000, "vendor"), (1536, "rumour")]
    assert fake.get("H200").claim("compute.int8.dense").value == 2000


def test_newest_source_wins_among_equal_kinds():
    from accelspec.model import Claim, PartialDate, Source, pick

    old = Source(id="a", title="old", kind="vendor", date=PartialDate(2023, 1))
    new = Source(id="b", title="new", kind="vendor", date=PartialDate(2024, 6))
    undated = Source(id="c", title="undated", kind="vendor")
    claims = (Claim(1.0, old, "W"), Claim(2.0, new, "W"), Claim(3.0, undated, "W"))
    assert pick(claims).value == 2.0
    assert pick((Claim(1.0, undated, "W"), Claim(2.0, undated, "W"))).value == 1.0  # first in the file
    assert pick(()) is None


def test_value_converts_and_doubles_unidirectional(fake):
    h200 = fake.get("H200")
    assert h200.value("memory.bandwidth", "GB/s") == 4800
    assert h200.value("memory.capacity") == 141                      # canonical unit GB
    assert h200.value("interconnect.scaleup_bandwidth", "GB/s") == 900  # 450 per direction
    assert fake.get("H20").value("memory.type") == "HBM3"
    assert fake.get("910C").value("power.tdp", "W") is None


def test_unknown_field_path_suggests(fake):
    with pytest.raises(UnknownFieldError) as e:
        fake.get("H20").claim("memory.bandwith")
    assert str(e.value) == ("unknown field or metric 'memory.bandwith'; "
                            "did you mean 'memory.bandwidth', 'memory.bus_width' or 'memory.capacity'?")


def test_sources_listed_once_in_order(fake):
    assert [s.id for s in fake.get("H200").sources] == ["ds-a", "press-x"]


def test_describe(fake):
    c = fake.get("H200").claims("compute.int8.dense")[1]
    assert c.describe() == "1536 TOP/s (rumour: Fake Outlet, 2025-12-30, A fake press article)"
