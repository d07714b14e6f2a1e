"""The flat export says what the tables say, compositions included."""

import accelspec as acs
from accelspec.formats.flat import FLAT_KEYS, record
from accelspec.metrics import get_metric

NUMERIC = [k for k in FLAT_KEYS if k.endswith(("_gb", "_gbs", "_w", "_tflops", "_tops", "_mm2", "_sparse"))
           and k not in ("tdp_w",)]


def test_composed_entries_export_the_sums_compare_shows(fake):
    for e in fake:
        rec = record(e, fake)
        table = acs.compare([e], fields=NUMERIC, catalog=fake)
        for k in NUMERIC:
            assert rec[k] == table.results[e.id][k].value, (e.id, k)


def test_shipped_systems_export_their_sums():
    cat = acs.builtin_catalog()
    for name in ("nvidia-hgx-h200", "nvidia-gb200-nvl72"):
        e = cat.get(name)
        rec = record(e, cat)
        assert rec["bf16_tflops"] == get_metric("bf16_tflops")(e).value > 0
        assert rec["bf16_tflops_kind"] == "vendor"


def test_export_writes_a_simulators_hardware_file(capsys):
    from accelspec.cli import main

    assert main(["export", "--format", "llm-viewer", "H20", "H200"]) == 0
    out = capsys.readouterr().out
    assert out.count("'bandwidth':") == 2 and "hardware_params = {" in out
    assert "nvidia-h20-l20-l2-tomshardware" in out  # every number with its source
