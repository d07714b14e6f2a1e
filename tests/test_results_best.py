"""The MLPerf block of `accelspec show`: the best inference result per benchmark, newest round."""

from __future__ import annotations

from accelspec.results import builtin_results, per_entry, vs_peak
from accelspec.results.best import best_results, render_best

from tests.conftest import run_cli


def _h200():
    return best_results(builtin_results().select(["H200"], fold_twins=False))


def test_the_llama_row_is_the_same_result_the_measured_against_peak_table_picks():
    row = {r.benchmark: r for r in _h200()}["llama2-70b-99"]
    (peak,) = vs_peak(["H200"]).rows
    assert (row.id, row.scenario, row.version) == (peak.result.id, "Offline", "v5.1")


def test_one_row_per_benchmark_offline_first_and_no_99_9_twin_beside_its_99():
    rows = _h200()
    names = [r.benchmark for r in rows]
    assert len(names) == len(set(names))
    assert not any(n.endswith("-99.9") and n[:-2] in names for n in names)
    assert {r.scenario for r in rows} == {"Offline"}
    for r in rows:  # the best of its group, recomputed from the raw records
        group = [x for x in builtin_results().select(["H200"], benchmark=r.benchmark, scenario=r.scenario,
                                                     version=r.version, fold_twins=False)
                 if x.division == "closed" and not x.mixed]
        assert per_entry(r).value == max(per_entry(x).value for x in group)


def test_the_block_cites_every_result_id_and_mlperfs_trademark_line():
    rows = _h200()
    text = render_best(rows)
    assert all(r.id in text for r in rows)
    assert "The MLPerf name and logo are trademarks of MLCommons Association" in text
    assert max(len(line) for line in text.splitlines()) <= 100


def test_show_prints_the_block_or_says_there_is_no_result():
    h200 = run_cli("show", "H200")
    assert h200.returncode == 0 and "5.1-0026" in h200.stdout and "llama2-70b-99" in h200.stdout
    h20 = run_cli("show", "H20")
    assert h20.returncode == 0
    assert "MLPerf: no closed-division inference result on this entry alone in the shipped rounds" in h20.stdout
