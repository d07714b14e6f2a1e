"""vs_peak: each entry's best MLPerf result beside its dense peak (shared by the chart, the docs and the README)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import accelspec
from accelspec import metrics
from accelspec.errors import InvalidValueError
from accelspec.results import builtin_results, per_entry, vs_peak
from accelspec.results.peak import markdown, round_key

ROOT = Path(__file__).resolve().parent.parent


def test_each_row_is_the_entrys_best_result_of_the_newest_round_beside_its_peak():
    v = vs_peak(["H200", "MI300X"])
    assert v.version == "v5.1"
    assert [r.entry.id for r in v.rows] == ["nvidia-h200-sxm", "amd-mi300x"]
    for row in v.rows:
        # recomputed here from the raw records, not from vs_peak's own selection
        rows = [r for r in builtin_results().select([row.entry.id], benchmark="llama2-70b-99", scenario="Offline",
                                                    version="v5.1") if r.division == "closed"]
        best = max(per_entry(r).value for r in rows if not r.mixed)
        assert row.measured.value == best and row.measured.result_id == row.result.id
        peak = metrics.field(row.entry, f"compute.{row.precision}.dense", "TFLOP/s")
        assert row.peak.value == peak.value
        assert row.per_peak == pytest.approx(best / peak.value)


def test_a_gb200_row_is_per_superchip_against_the_superchips_peak():
    (row,) = vs_peak(["GB200"]).rows
    assert row.result.shares[0].per_entry == 2  # MLPerf counts a superchip as two GPUs
    assert row.measured.value == pytest.approx(row.result.value / row.result.accelerators * 2)


def test_results_with_no_single_entry_are_returned_with_the_reason():
    v = vs_peak()
    mixed = [s for s in v.skipped if s.short == "mixed system"]
    assert mixed and all("mixed system" in s.reason for s in mixed)
    assert not {s.what.split()[0] for s in v.skipped} & {r.result.id for r in v.rows}


def test_a_latency_benchmark_is_refused():
    with pytest.raises(InvalidValueError, match="not a throughput"):
        vs_peak(benchmark="llama2-70b-99", scenario="Server", results=_with_unit("ms"))


def _with_unit(unit):
    import attrs

    rs = builtin_results()
    rows = [attrs.evolve(r, unit=unit) for r in rs.select(["H200"], benchmark="llama2-70b-99", scenario="Server")]
    return type(rs)(rows, rs.aliases, rs.sources)


def test_no_result_gives_an_empty_selection_not_an_error():
    v = vs_peak(["Ascend 910C"])
    assert v.rows == () and v.version is None


def test_rounds_sort_as_numbers():
    assert sorted(["v10.0", "v5.1", "v9.1"], key=round_key) == ["v5.1", "v9.1", "v10.0"]


def test_readme_and_docs_show_the_table_the_data_gives():
    sys.path.insert(0, str(ROOT / "docs"))
    try:
        import build
    finally:
        sys.path.pop(0)
    table = markdown(vs_peak())
    assert table == build.measured_table()
    assert table.splitlines()[2].startswith("| NVIDIA GB200")  # highest per chip first
    assert table in (ROOT / "README.md").read_text(encoding="utf-8"), "README's measured table is stale"
    assert table in (ROOT / "docs" / "measured-vs-peak.md").read_text(encoding="utf-8")
    assert f"| {accelspec.get('H20').name} |" not in table  # no H20 result in the shipped rounds


def test_a_catalog_without_the_entry_skips_its_results_with_the_reason(fake):
    v = vs_peak(catalog=fake)
    assert v.rows == () or all(r.entry.id in {e.id for e in fake} for r in v.rows)
    assert any(s.short == "no entry in this catalog" and "is not in the catalog given" in s.reason for s in v.skipped)
