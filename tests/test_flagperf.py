"""FlagPerf base microbenchmarks: the ingest script, the loader, achieved/rated, the CLI.

Fixtures under tests/fixtures/flagperf/ are four READMEs copied from FlagOpen/FlagPerf at
1b5a030398ab719e406f77877eb34c9599b17fd2 (each names its address in a first-line comment).
"""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import pytest

import accelspec as acs
from accelspec.errors import CatalogError
from accelspec.results import achieved, findings, load_flagperf
from accelspec.results.flagperf import render
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures" / "flagperf"
COMMIT = "1b5a030398ab719e406f77877eb34c9599b17fd2"
MIRROR = Path("/work/.mirror/FlagOpen+FlagPerf/repo")

_spec = importlib.util.spec_from_file_location("ingest_flagperf", ROOT / "scripts" / "ingest_flagperf.py")
ingest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ingest)

ALIASES = {"nvidia/A100": {"chip": "nvidia-a100-sxm4-80gb"}, "metax/C550": {"chip": "metax-c550"},
           "iluvatar/BI150": {"chip": "iluvatar-bi-v150"}}


def _readme(p: str) -> str:
    return (FIX / "base" / "benchmarks" / p / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    text, report = ingest.build(str(FIX), COMMIT, "2026-11-30", ALIASES, set(acs.builtin_catalog().ids))
    out = tmp_path_factory.mktemp("fp") / "flagperf.toml"
    out.write_text(text, encoding="utf-8")
    return out, text, report


def test_parse_a100_bf16_core_and_power_tables():
    p = ingest.parse_readme(_readme("computation-BF16/nvidia/A100"))
    assert (p["measured_printed"], p["rated_printed"], p["ratio_printed"]) == ("259.2TFLOPS", "312.0TFLOPS", "83.1%")
    assert (p["cards"], p["servers"], p["cards_per_server"]) == (8, 1, 8)
    assert (p["power_avg"], p["power_max"], p["model_printed"]) == (338.4, 412.0, "A100-40GiB-SXM")


def test_slash_cell_is_a_reason_never_a_zero(built):
    m = {x.id: x for x in load_flagperf(built[0])}["computation-bf16-iluvatar-bi150"]
    assert (m.measured, m.measured_unit) == (196.77, "TFLOP/s")
    assert (m.rated, m.rated_printed, m.rated_reason) == (None, "/", "not published (the cell is '/')")
    assert ingest.parse_value("") == (None, None, "not published (the cell is empty)")
    assert ingest.parse_value("65.25") == (None, None, "printed without a unit the script reads ('65.25')")
    assert ingest.parse_value("608.554TFLOPS", int_spec=True) == (608.554, "TOP/s", None)


def test_unmatched_chip_recorded_and_reported(built):
    _out, text, report = built
    data = load_flagperf(built[0])
    assert data.unmatched == {"cambricon/MLU": {
        "reason": "no alias to a catalog entry",
        "paths": ["base/benchmarks/computation-BF16/cambricon/MLU/README.md"]}}
    assert "unmatched: cambricon/MLU (1 README(s)): no alias to a catalog entry" in report
    assert report[0] == "3 measurements, 3 chips matched, 1 folders unmatched, 0 specs skipped, 0 unparsed"
    assert all(m.chip != "cambricon/MLU" for m in data)


def test_card_count_disagreement_recorded_as_printed(built):
    m = {x.id: x for x in load_flagperf(built[0])}["main-memory-bandwidth-metax-c550"]
    assert (m.cards, m.servers, m.cards_per_server) == (8, 1, 2)
    assert m.notes == ("the column says 8 cards; the server list says 1 server(s) x 2 cards (recorded as printed)",)
    assert m.url == (f"https://github.com/FlagOpen/FlagPerf/blob/{COMMIT}/"
                     "base/benchmarks/main_memory-bandwidth/metax/C550/README.md")


def test_bad_value_names_file_path_and_value(built, tmp_path):
    bad = tmp_path / "flagperf.toml"
    bad.write_text(built[1].replace("measured = 259.2", "measured = -259.2")
                   .replace('chip = "metax-c550"', 'chip = "metax-c55"'), encoding="utf-8")
    with pytest.raises(CatalogError) as e:
        load_flagperf(bad)
    assert str(e.value) == (
        f"2 problems in {bad}:\n"
        "  value must be a finite number above 0 (got -259.2) @ $.measurement[1].measured\n"
        "  unknown accelerator 'metax-c55'; did you mean 'metax-c550'? @ $.measurement[2].chip")


def test_value_and_reason_together_is_a_problem(built, tmp_path):
    bad = tmp_path / "flagperf.toml"
    bad.write_text(built[1].replace('rated_unit = "TFLOP/s"', 'rated_unit = "TFLOP/s"\nrated_reason = "x"', 1),
                   encoding="utf-8")
    with pytest.raises(CatalogError) as e:
        load_flagperf(bad)
    assert e.value.problems[0].path == "$.measurement[1].rated"
    assert e.value.problems[0].message == "give rated (with rated_unit) or rated_reason, exactly one"


def test_achieved_on_a100_bf16_is_measured_over_catalog(built):
    m = {x.id: x for x in load_flagperf(built[0])}["computation-bf16-nvidia-a100"]
    a = achieved(m)
    assert math.isclose(a.value, 259.2 / 312)
    assert (a.catalog_value, a.catalog_unit, a.finding, a.derived) == (312.0, "TFLOP/s", None, True)
    assert str(a) == "83.1% (derived)"


def test_rated_mismatch_is_a_finding_not_an_error():
    data = load_flagperf()
    m = {x.id: x for x in data}["main-memory-bandwidth-nvidia-a100"]
    a = achieved(m)
    assert a.finding.message == ("main-memory-bandwidth-nvidia-a100: FlagPerf rates memory.bandwidth at 1555GB/s "
                                 "(1,555 GB/s); the catalog's value is 2,039 GB/s")
    # FlagPerf ran the 40 GB part; dividing by the 80 GB entry's figure would mislead, so no ratio
    assert (a.value, a.reason) == (None, "FlagPerf's rated value differs from the catalog's: the part tested may "
                                         "be another one")
    assert sorted(f.measurement_id for f in findings(data)) == [
        "main-memory-bandwidth-nvidia-a100", "main-memory-capacity-ascend", "main-memory-capacity-metax-c550",
        "main-memory-capacity-nvidia-a100"]


def test_a_measurement_above_the_catalogs_peak_is_flagged():
    data = load_flagperf()
    m = {x.id: x for x in data}["computation-int8-ascend"]
    a = achieved(m)
    assert math.isclose(a.value, 608.554 / 560)
    out = render([m])
    assert "108.7% !" in out and "! = measured above the catalog's figure" in out


def test_no_measured_value_gives_a_reason():
    m = {x.id: x for x in load_flagperf()}["main-memory-bandwidth-mthreads-s4000"]
    a = achieved(m)
    assert (a.value, a.reason) == (None, "no measured value: not published (the cell is '/')")
    assert str(a) == "— (no measured value: not published (the cell is '/'))"


def test_check_round_trip_and_difference(built, tmp_path, capsys):
    out = tmp_path / "flagperf.toml"
    out.write_text(built[1], encoding="utf-8")
    args = ["--git-dir", str(FIX), "--commit", COMMIT, "--out", str(out), "--check"]
    aliases = tmp_path / "aliases.toml"
    aliases.write_text("".join(f'[alias."{k}"]\nchip = "{v["chip"]}"\n' for k, v in ALIASES.items()), encoding="utf-8")
    assert ingest.main([*args, "--aliases", str(aliases)]) == 0
    out.write_text(built[1].replace("83.1%", "83.2%"), encoding="utf-8")
    assert ingest.main([*args, "--aliases", str(aliases)]) == 1
    assert "differs from a rebuild" in capsys.readouterr().err


@pytest.mark.skipif(not (MIRROR / "HEAD").exists(), reason="the FlagPerf mirror is not on this machine")
def test_shipped_file_rebuilds_byte_for_byte():
    assert ingest.main(["--git-dir", str(MIRROR), "--commit", COMMIT, "--check"]) == 0


def test_cli_table_and_exit_codes():
    r = run_cli("results", "--flagperf", "A100")
    assert r.returncode == 0, r.stderr
    assert " computation-BF16              259.2TFLOPS        312.0TFLOPS  83.1%" in r.stdout
    assert "(derived by accelspec" in r.stdout or "derived by accelspec" in r.stdout
    assert max(len(line) for line in r.stdout.splitlines()) <= 100
    r = run_cli("results", "--flagperf", "A10O")
    assert r.returncode == 1
    assert r.stderr.startswith("accelspec: unknown accelerator 'A10O'; did you mean")
    assert "Traceback" not in r.stderr


def test_show_lists_flagperf_measurements():
    r = run_cli("show", "metax-c550")
    assert r.returncode == 0, r.stderr
    assert "FlagPerf base microbenchmarks (8; `accelspec results --flagperf metax-c550`)" in r.stdout
    assert " main_memory-bandwidth         1390.5GB/s  1.8TB/s  75.44%   1,800 GB/s  77.2%" in r.stdout
