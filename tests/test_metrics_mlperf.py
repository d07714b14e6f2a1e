"""mlperf_<benchmark>_<scenario>: MLPerf results as a metric for compare and rank, one round per column."""

from __future__ import annotations

import re

import pytest

import accelspec as acs
from accelspec import metrics
from accelspec.errors import InvalidValueError, UnknownFieldError
from accelspec.results import builtin_results, per_entry
from accelspec.tables import compare
from tests.conftest import run_cli

NAME = "mlperf_llama2-70b-99_offline"


def test_the_value_is_the_best_closed_result_per_chip_in_the_newest_round():
    m = metrics.get_metric(NAME)
    assert (m.unit, m.group, m.label) == ("Tokens/s per chip", "mlperf", "MLPerf llama2-70b-99 Offline")
    for chip in ("H200", "MI300X", "GB200"):
        e = acs.get(chip)
        rows = [r for r in builtin_results().select([e.id], benchmark="llama2-70b-99", scenario="Offline",
                                                    version="v5.1", fold_twins=False)
                if r.division == "closed" and not r.mixed]
        best = max(rows, key=lambda r: per_entry(r).value)
        got = m(e)
        assert got.value == per_entry(best).value
        assert f"entry {best.id}." in got.note and "derived by accelspec" in got.note


def test_an_entry_without_a_result_in_that_round_is_missing_with_the_reason():
    m = metrics.get_metric(NAME)
    assert m(acs.get("H20")).reason == ("no closed-division MLPerf v5.1 result for llama2-70b-99 Offline on this "
                                        "entry alone")
    older = m(acs.get("nvidia-l40s"))
    assert older.missing and "in older rounds: `accelspec results nvidia-l40s --benchmark llama2-70b-99`" in older.reason


def test_bad_names_are_errors_with_suggestions():
    with pytest.raises(UnknownFieldError, match="did you mean 'mlperf_llama2-70b-99_offline'"):
        metrics.get_metric("mlperf_llama2-70b-99_ofline")
    with pytest.raises(InvalidValueError, match="did you mean 'llama2-70b-99'"):
        metrics.get_metric("mlperf_llama9-70b-99_offline")


def test_a_table_cites_every_result_once_in_one_footnote():
    t = compare(["H200", "H20", "MI300X", "GB200"], fields=["fp8_tflops", NAME])
    ids = [re.search(r", entry (\S+)\. ", t.results[e.id][NAME].note).group(1) for e in t.entries
           if not t.results[e.id][NAME].missing]
    assert ids == ["5.1-0026", "5.1-0066", "5.1-0008"]
    (cite,) = [n for n in t.measured_notes()]
    assert f"entries {', '.join(ids)}." in cite
    assert cite.count("trademarks of MLCommons") == 1


def test_rank_orders_by_the_measured_value_and_the_cli_runs():
    r = run_cli("rank", "--by", NAME)
    assert r.returncode == 0, r.stderr
    lines = [x for x in r.stdout.splitlines() if x.startswith(("NVIDIA GB200", "NVIDIA B200", "NVIDIA H200 SXM"))]
    assert [x.split()[1] for x in lines] == ["GB200", "B200", "H200"]
    assert "entries 5.1-0008, 5.1-0061, 5.1-0026" in " ".join(r.stdout.split())
