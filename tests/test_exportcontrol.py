"""accelspec.exportcontrol: TPP, PD and the 3A090 classes at every boundary of the rules.

Numbers are plain (hypothetical chips) or come from a small FAKE catalog written into
tmp_path here, so edits to the shipped catalog never move these assertions.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import accelspec
from accelspec import exportcontrol as ec
from accelspec import metrics
from accelspec.errors import UnknownFieldError

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------- a fake catalog

_SOURCE = """
[sources.ds]
url = "https://example.invalid/ds"
title = "Fake datasheet"
kind = "vendor"
"""


def _entry(id_: str, body: str, *, market: str = "datacenter", level: str = "package") -> str:
    head = f'id = "{id_}"\nname = "{id_.upper()}"\nvendor = "fake"\nkind = "gpu"\nlevel = "{level}"\n' \
           f'status = "shipping"\nmarket = "{market}"\n'
    return head + textwrap.dedent(body)


FAKE_ENTRIES = {
    # the H100 SXM worked example's numbers: FP8 dense 1979 x 8 = 15,832 on 814 mm²
    "fake-big": _entry("fake-big", """
        die_area = { value = 814, unit = "mm²", source = "ds", note = "one logic die" }
        [memory]
        bandwidth = { value = 4.8, unit = "TB/s", source = "ds" }
        [interconnect]
        scaleup_bandwidth = { value = 900, unit = "GB/s", source = "ds", direction = "bidirectional" }
        [compute.fp8]
        dense = { value = 1979, unit = "TFLOP/s", source = "ds" }
        sparse = { value = 3958, unit = "TFLOP/s", source = "ds" }
    """),
    "fake-sparse": _entry("fake-sparse", """
        die_area = { value = 500, unit = "mm²", source = "ds" }
        [compute.fp16]
        sparse = { value = 400, unit = "TFLOP/s", source = "ds" }
    """),
    # an H800-like record: only FP64 dense; FP8 known by its sparse peak only; 400 GB/s links
    "fake-partial": _entry("fake-partial", """
        [interconnect]
        scaleup_bandwidth = { value = 400, unit = "GB/s", source = "ds", direction = "bidirectional" }
        [compute.fp64]
        dense = { value = 1, unit = "TFLOP/s", source = "ds" }
        [compute.fp8]
        sparse = { value = 3958, unit = "TFLOP/s", source = "ds" }
    """),
    # INT8 300 x 8 = 2,400 on an estimated 500 mm²: PD 4.8 -> 3A090.b.1
    "fake-est": _entry("fake-est", """
        die_area = { value = 500, unit = "mm²", source = "ds", kind = "estimate", note = "estimated from a die photo" }
        [compute.int8]
        dense = { value = 300, unit = "TOP/s", source = "ds" }
    """),
    # FP16 200 x 16 = 3,200 on 300 mm²: PD 10.67, a.2 by its numbers, but a consumer part
    "fake-consumer": _entry("fake-consumer", """
        die_area = { value = 300, unit = "mm²", source = "ds" }
        [compute.fp16]
        dense = { value = 200, unit = "TFLOP/s", source = "ds" }
    """, market="consumer"),
    # one chip: BF16 100 x 16 = 1,600 on 200 mm²; the card holds two
    "fake-chip": _entry("fake-chip", """
        die_area = { value = 200, unit = "mm²", source = "ds" }
        [compute.bf16]
        dense = { value = 100, unit = "TFLOP/s", source = "ds" }
    """, level="die"),
    "fake-card": _entry("fake-card", """
        [[contains]]
        id = "fake-chip"
        count = 2
        source = "ds"
    """, level="card"),
    # 300 GB/s per direction = 600 GB/s bidirectional; FP16 300 x 16 = 4,800
    "fake-uni": _entry("fake-uni", """
        [interconnect]
        scaleup_bandwidth = { value = 300, unit = "GB/s", source = "ds", direction = "unidirectional" }
        [compute.fp16]
        dense = { value = 300, unit = "TFLOP/s", source = "ds" }
    """),
}


@pytest.fixture
def cat_dir(tmp_path):
    d = tmp_path / "cat" / "fake"
    d.mkdir(parents=True)
    (tmp_path / "cat" / "_sources.toml").write_text(_SOURCE, encoding="utf-8")
    for id_, text in FAKE_ENTRIES.items():
        (d / f"{id_}.toml").write_text(text, encoding="utf-8")
    return tmp_path / "cat"


@pytest.fixture
def cat(cat_dir):
    return accelspec.load_catalog(cat_dir, include_builtin=False)


def run_cli(*args: str, catalog: Path | None = None) -> subprocess.CompletedProcess:
    """python -m accelspec [--catalog DIR --no-builtin] export-control ARGS"""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), PYTHONIOENCODING="utf-8")
    pre = ["--catalog", str(catalog), "--no-builtin"] if catalog else []
    return subprocess.run([sys.executable, "-m", "accelspec", *pre, "export-control", *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)


# ---------------------------------------------------------------------- TPP and PD


def test_rule_example_int8_and_fp16_give_the_same_tpp():
    # 88 FR 73458's own example: 600 INT8 TOPS x 8 = 4800 = 300 FP16 TFLOPS x 16
    int8 = ec.classify(dense={"int8": 600})
    fp16 = ec.classify(dense={"fp16": 300})
    assert (int8.tpp, int8.tpp_precision) == (4800.0, "int8")
    assert (fp16.tpp, fp16.tpp_precision) == (4800.0, "fp16")
    assert int8.eccn_2023 == fp16.eccn_2023 == "3A090.a.1"


def test_h100_worked_example_with_plain_numbers():
    c = ec.classify(dense={"fp8": 1979, "bf16": 989.5, "fp32": 67}, die_area_mm2=814)
    assert c.tpp == 15832.0
    assert c.tpp_precision == "fp8"  # ties with BF16 x 16: the narrowest format is named
    assert c.tpp_by_precision == {"fp8": 15832.0, "bf16": 15832.0, "fp32": 2144.0}
    assert c.performance_density == 19.449631450
    assert round(c.performance_density, 2) == 19.45
    assert c.eccn_2023 == "3A090.a.1"


def test_highest_precision_sets_tpp():
    c = ec.classify(dense={"fp16": 100, "int8": 250})  # 1,600 vs 2,000
    assert (c.tpp, c.tpp_precision) == (2000.0, "int8")


def test_precision_names_in_torch_spelling():
    c = ec.classify(dense={"torch.bfloat16": 150})
    assert c.tpp_by_precision == {"bf16": 2400.0}


# ---------------------------------------------------------------------- 3A090 (Oct 2023)


@pytest.mark.parametrize("tpp, pd, expected", [
    (4800, 0.5, "3A090.a.1"),
    (4800, None, "3A090.a.1"),           # a.1 needs no die area
    (1600, 5.92, "3A090.a.2"),
    (1600, 5.9199, "3A090.b.2"),
    (4799.99, 5.92, "3A090.a.2"),
    (4799.99, 5.9199, "3A090.b.1"),      # meets b.1 and b.2: b.1 is listed first
    (2400, 1.6, "3A090.b.1"),
    (2400, 1.5999, None),
    (2399.99, 1.6, None),                # below the b.1 TPP floor and below the b.2 PD floor
    (2399.99, 3.2, "3A090.b.2"),
    (1600, 3.2, "3A090.b.2"),
    (1600, 3.1999, None),
    (1599.99, 100.0, None),              # below 1,600: not 3A090 whatever the density
    (1599.99, None, None),
])
def test_eccn_2023_boundaries(tpp, pd, expected):
    area = None if pd is None else tpp / pd
    c = ec.classify(tpp=tpp, die_area_mm2=area, datacenter=True)
    assert c.eccn_2023 == expected
    assert "eccn_2023" not in c.undecided
    if pd is not None:
        assert c.performance_density == pd


def test_a_prevails_over_b_and_b1_notes_b2():
    c = ec.classify(tpp=4000, die_area_mm2=1000, datacenter=True)  # PD 4.0: b.1 and b.2
    assert c.eccn_2023 == "3A090.b.1"
    assert "also meets 3A090.b.2 (PD ≥ 3.2); b.1 is listed first" in c.notes


def test_datacenter_note_puts_a_consumer_part_outside():
    c = ec.classify(tpp=3200, die_area_mm2=300, datacenter=False)
    assert c.eccn_2023 is None
    assert c.outside_by_datacenter_note is True
    assert c.undecided == ()
    assert "by its numbers it meets 3A090.a.2, but the datacenter note puts it outside 3A090" in c.notes
    assert ec.classify(tpp=3200, die_area_mm2=300, datacenter=True).eccn_2023 == "3A090.a.2"


def test_datacenter_note_needs_no_die_area():
    c = ec.classify(tpp=4799.99, datacenter=False)
    assert c.eccn_2023 is None
    assert c.outside_by_datacenter_note is True
    assert "die_area" not in c.missing


def test_datacenter_note_stops_at_4800():
    c = ec.classify(tpp=4800, datacenter=False)
    assert c.eccn_2023 == "3A090.a.1"
    assert c.outside_by_datacenter_note is False


@pytest.mark.parametrize("tpp, area, dc, eligible", [
    (4800, None, False, True),      # 3A090.a, not datacenter, TPP >= 4800
    (4800, None, True, False),      # 3A090.a for datacenters
    (3200, 300, True, False),       # a.2 for datacenters
    (4000, 1000, True, True),       # 3A090.b for datacenters
    (2000, 1000, True, False),      # not controlled: nothing to be eligible for
])
def test_nac_aca(tpp, area, dc, eligible):
    assert ec.classify(tpp=tpp, die_area_mm2=area, datacenter=dc).nac_aca_eligible is eligible


def test_nac_aca_needs_datacenter_when_unknown():
    c = ec.classify(ec.Inputs(tpp=5000))  # Inputs leave datacenter unknown
    assert c.eccn_2023 == "3A090.a.1"
    assert c.nac_aca_eligible is None
    assert "datacenter" in c.missing
    assert "nac_aca_eligible" in c.undecided


def test_hypothetical_chip_defaults_to_datacenter():
    c = ec.classify(tpp=3200, die_area_mm2=300)
    assert c.datacenter is True
    assert "assumed designed or marketed for datacenters (the default for a hypothetical chip)" in c.notes


# ---------------------------------------------------------------------- Oct 2022


@pytest.mark.parametrize("tpp, io, expected, missing", [
    (4800, 600, "3A090.a", False),
    (4800, 599.99, None, False),
    (4799.99, 1000, None, False),
    (4799.99, None, None, False),   # below 4,800: the interconnect cannot change the answer
    (4800, None, None, True),
])
def test_eccn_2022(tpp, io, expected, missing):
    c = ec.classify(tpp=tpp, interconnect_gbs=io)
    assert c.eccn_2022 == expected
    assert ("interconnect" in c.missing) is missing
    assert ("eccn_2022" in c.undecided) is missing


# ---------------------------------------------------------------------- Jan 2026


@pytest.mark.parametrize("tpp, dram, expected", [
    (20999.99, 6499.99, "case-by-case"),
    (21000, 6000, "presumption of denial"),
    (20000, 6500, "presumption of denial"),
    (21000, None, "presumption of denial"),   # TPP alone decides
    (15832, 4800, "case-by-case"),
    (1000, 100, "not controlled"),
])
def test_china_review_2026(tpp, dram, expected):
    c = ec.classify(tpp=tpp, dram_bandwidth_gbs=dram)
    assert c.china_review_2026 == expected
    assert "china_review_2026" not in c.undecided


def test_china_review_needs_dram_below_21000():
    c = ec.classify(tpp=20000)
    assert c.china_review_2026 is None
    assert c.missing == ("interconnect", "dram_bandwidth")  # TPP >= 4,800 also asks for the 2022 interconnect
    assert "china_review_2026" in c.undecided


@pytest.mark.parametrize("tpp, dram, expected", [
    (14000, 4800, False), (14000.01, 4800, True), (17500, 4800, False), (17499.99, 4800, True),
    (15000, 4500, False), (15000, 4500.01, True), (15000, 5000, False), (15000, 4999.99, True),
    (20800, 5800, True), (21100, 6200, True), (20799.99, 6000, False), (21100.01, 6000, False),
    (21000, 5799.99, False), (21000, 6200.01, False),
    (15000, 6000, False),   # band-1 TPP with band-2 bandwidth
])
def test_tariff_band_edges(tpp, dram, expected):
    assert ec.classify(tpp=tpp, dram_bandwidth_gbs=dram).tariff_2026 is expected


def test_tariff_unknown_only_inside_a_band():
    inside = ec.classify(tpp=16000)
    assert inside.tariff_2026 is None and "tariff_2026" in inside.undecided
    outside = ec.classify(tpp=10000)
    assert outside.tariff_2026 is False and "tariff_2026" not in outside.undecided


def test_band_2_edges_are_flagged_unverified():
    c = ec.classify(tpp=21000, dram_bandwidth_gbs=6000)
    assert c.tariff_2026 is True
    assert "the edges of tariff band 2 are not verified against the proclamation text" in c.notes


# ---------------------------------------------------------------------- missing inputs


def test_no_die_area_between_1600_and_4800_cannot_classify():
    c = ec.classify(tpp=4000)
    assert c.eccn_2023 is None
    assert "die_area" in c.missing
    assert "eccn_2023" in c.undecided
    assert ("with TPP 4,000: 3A090.a.2 if the applicable die area is at most 675.6757 mm² (PD ≥ 5.92); "
            "3A090.b if at most 2,500 mm² (PD ≥ 1.6); otherwise not 3A090") in c.notes


def test_no_die_area_above_4800_is_a1():
    c = ec.classify(tpp=5000)
    assert c.eccn_2023 == "3A090.a.1"
    assert "die_area" not in c.missing
    assert c.performance_density is None


def test_margin_to_nearest_threshold():
    c = ec.classify(tpp=2368, die_area_mm2=814)
    assert str(c.margins[0]) == "TPP 2,368 is 32 below the 3A090.b.1 floor of 2,400"
    assert (c.margins[0].threshold, c.margins[0].value, c.margins[0].distance) == ("3A090.b.1 floor", 2368.0, -32.0)
    assert str(ec.classify(tpp=4800).margins[0]) == "TPP 4,800 is exactly at the 3A090.a.1 floor of 4,800"


@pytest.mark.parametrize("kwargs, error, message", [
    ({"tpp": -1}, ValueError, "'tpp' must be a positive finite number (got -1)"),
    ({"die_area_mm2": 0}, ValueError, "'die_area_mm2' must be a positive finite number (got 0)"),
    ({"tpp": 100, "dense": {"fp8": 10}}, ValueError,
     "give either 'tpp' or 'dense' figures, not both (TPP is computed from the dense figures)"),
    ({"dense": {"fp8": float("nan")}}, ValueError, "'dense fp8' must be a positive finite number (got nan)"),
])
def test_bad_numbers_raise(kwargs, error, message):
    with pytest.raises(error) as info:
        ec.classify(**kwargs)
    assert str(info.value) == message


def test_unknown_precision_raises():
    with pytest.raises(UnknownFieldError):
        ec.classify(dense={"fp9": 3})


def test_unknown_keyword_raises():
    with pytest.raises(TypeError, match="unknown input 'die_area'; valid: "):
        ec.classify(tpp=100, die_area=800)


# ---------------------------------------------------------------------- catalog entries


def test_inputs_from_entry(cat):
    inp = ec.inputs_from_entry(cat.get("fake-big"))
    assert dict(inp.dense) == {"fp8": 1979.0}   # sparse never counts
    assert (inp.die_area_mm2, inp.die_area_basis, inp.die_area_kind) == (814.0, "one logic die", "vendor")
    assert (inp.datacenter, inp.interconnect_gbs, inp.dram_bandwidth_gbs) == (True, 900.0, 4800.0)


def test_entry_classification(cat):
    c = ec.classify(cat.get("fake-big"))
    assert (c.tpp, c.tpp_precision, c.performance_density) == (15832.0, "fp8", 19.449631450)
    assert (c.eccn_2022, c.eccn_2023, c.nac_aca_eligible) == ("3A090.a", "3A090.a.1", False)
    assert (c.china_review_2026, c.tariff_2026) == ("case-by-case", True)
    assert c.missing == ()


def test_sparse_only_entry_cannot_be_classified(cat):
    c = ec.classify(cat.get("fake-sparse"))
    assert c.tpp is None and c.eccn_2023 is None and c.eccn_2022 is None and c.tariff_2026 is None
    assert c.missing == ("dense_compute",)
    assert c.undecided == ("eccn_2022", "eccn_2023", "nac_aca_eligible", "china_review_2026", "tariff_2026")
    assert c.notes[0] == ("cannot compute TPP: only sparse compute figures are recorded, "
                          "and TPP counts dense figures only")


def test_sparse_only_precision_above_the_dense_tpp_leaves_tpp_open(cat):
    c = ec.classify(cat.get("fake-partial"))
    assert (c.tpp, c.tpp_by_precision) == (None, {"fp64": 64.0})
    assert c.missing == ("dense_compute",)
    assert ("cannot compute TPP: FP8 has only sparse figures, and TPP counts dense figures only; "
            "the dense figures recorded give 64, the sparse ones up to 31,664") in c.notes
    # below 600 GB/s of chip-to-chip I/O the 2022 rule does not apply, whatever the TPP
    assert c.eccn_2022 is None and "eccn_2022" not in c.undecided


def test_estimated_die_area_is_said(cat):
    c = ec.classify(cat.get("fake-est"))
    assert (c.tpp, c.performance_density, c.eccn_2023) == (2400.0, 4.8, "3A090.b.1")
    assert (c.die_area_kind, c.die_area_basis) == ("estimate", "estimated from a die photo")
    assert ("the die area comes from an estimate source, so PD and the classes that depend on it rest on it"
            in c.notes)
    assert c.nac_aca_eligible is True


def test_entry_market_and_override(cat):
    consumer = cat.get("fake-consumer")
    assert ec.classify(consumer).eccn_2023 is None
    assert ec.classify(consumer).outside_by_datacenter_note is True
    overridden = ec.classify(consumer, datacenter=True)
    assert overridden.eccn_2023 == "3A090.a.2"
    assert "datacenter set to yes by the caller (catalog market: 'consumer')" in overridden.notes


def test_card_sums_chips_and_dies(cat):
    c = ec.classify(cat.get("fake-card"), catalog=cat)
    assert (c.tpp, c.die_area_mm2, c.performance_density) == (3200.0, 400.0, 8.0)
    assert c.die_area_basis == "sum of the logic dies of 2 × fake-chip"
    # the metric and the classification read the card's die area the same way
    assert metrics.performance_density(cat.get("fake-card"), metrics.Context(catalog=cat)).value == 8.0
    assert c.eccn_2023 == "3A090.a.2"


def test_unidirectional_interconnect_is_doubled(cat):
    c = ec.classify(cat.get("fake-uni"))
    assert c.inputs.interconnect_gbs == 600.0
    assert c.eccn_2022 == "3A090.a"


def test_record_keys(cat):
    rec = ec.classify(cat.get("fake-big")).to_record()
    assert list(rec)[:14] == ["id", "name", "tpp", "tpp_precision", "performance_density", "die_area_mm2",
                              "eccn_2022", "eccn_2023", "datacenter", "nac_aca_eligible", "china_review_2026",
                              "tariff_2026", "missing", "notes"]
    assert json.loads(json.dumps(rec)) == rec


def test_table_rows(cat):
    text = ec.table([cat.get("fake-big"), cat.get("fake-sparse"), cat.get("fake-consumer")], catalog=cat)
    lines = text.splitlines()
    assert lines[0].split() == ["Chip", "TPP", "(precision)", "PD", "Die-area", "basis", "2022", "2023", "Datacenter",
                                "NAC/ACA", "2026", "review", "Tariff", "Missing"]
    assert lines[2].split() == ["FAKE-BIG", "15,832", "(fp8)", "19.45", "vendor", "3A090.a", "3A090.a.1", "yes", "no",
                                "case-by-case", "yes", "—"]
    assert lines[3].split() == ["FAKE-SPARSE", "—", "—", "vendor", "?", "?", "yes", "?", "?", "?", "dense_compute"]
    assert lines[4].split() == ["FAKE-CONSUMER", "3,200", "(fp16)", "10.67", "vendor", "—", "—", "no", "—",
                                "not", "controlled", "no", "—"]


def test_reprs():
    c = ec.classify(tpp=2368, die_area_mm2=814)
    text = str(c)
    assert text.splitlines()[0] == "hypothetical chip: US export-control reading"
    assert "  2023 ECCN      not 3A090: TPP 2,368 with PD 2.9091 meets no paragraph" in text.splitlines()
    assert text.splitlines()[-1] == "  " + ec.NOT_LEGAL_ADVICE
    assert c._repr_markdown_().startswith("|")
    assert "<table>" in c._repr_html_()


# ---------------------------------------------------------------------- command line


def test_cli_hypothetical_json():
    r = run_cli("--tpp", "2368", "--die-area", "814", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {
        "tpp": 2368.0, "tpp_precision": "given", "performance_density": 2.909090909, "die_area_mm2": 814.0,
        "eccn_2022": None, "eccn_2023": None, "datacenter": True, "nac_aca_eligible": False,
        "china_review_2026": "not controlled", "tariff_2026": False, "missing": [],
        "notes": ["assumed designed or marketed for datacenters (the default for a hypothetical chip; --no-datacenter to change)"],
        "tpp_by_precision": {}, "die_area_basis": "given on the command line", "die_area_kind": "given",
        "outside_by_datacenter_note": False, "interconnect_gbs": None, "dram_bandwidth_gbs": None,
        "margins": ["TPP 2,368 is 32 below the 3A090.b.1 floor of 2,400",
                    "PD 2.9091 is 0.2909 below the 3A090.b.2 density floor of 3.2",
                    "TPP 2,368 is 18,632 below the Jan 2026 case-by-case TPP limit of 21,000",
                    "TPP 2,368 is 11,632 below the tariff band-1 lower edge of 14,000"],
        "undecided": [],
    }


def test_cli_dense_and_no_datacenter():
    r = run_cli("--dense", "fp16=200", "--die-area", "300", "--no-datacenter", "--format", "json")
    assert r.returncode == 0, r.stderr
    rec = json.loads(r.stdout)
    assert (rec["tpp"], rec["tpp_precision"], rec["eccn_2023"], rec["outside_by_datacenter_note"]) == (3200.0, "fp16", None, True)


def test_cli_chip_and_all(cat_dir):
    r = run_cli("fake-big", catalog=cat_dir)
    assert r.returncode == 0, r.stderr
    assert "  2023 ECCN      3A090.a.1: TPP 15,832 ≥ 4,800 (no density test needed)" in r.stdout.splitlines()
    r = run_cli("--all", "--format", "json", catalog=cat_dir)
    assert r.returncode == 0, r.stderr
    ids = [rec["id"] for rec in json.loads(r.stdout)]
    assert ids == ["fake-big", "fake-card", "fake-chip", "fake-consumer", "fake-est", "fake-partial", "fake-sparse",
                   "fake-uni"]


def test_cli_table_formats(cat_dir):
    r = run_cli("--all", "--format", "csv", catalog=cat_dir)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("id,name,tpp,tpp_precision,performance_density,die_area_mm2,eccn_2022,eccn_2023,")
    assert lines[1].startswith("fake-big,FAKE-BIG,15832.0,fp8,19.44963145,814.0,3A090.a,3A090.a.1,True,False,case-by-case,True,,")
    r = run_cli("--vendor", "fake", "--format", "github", catalog=cat_dir)  # selection flags imply --all
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0].startswith("| Chip ")
    assert len([l for l in r.stdout.splitlines() if l.startswith("| FAKE-")]) == 8


def test_cli_chip_with_die_area_override(cat_dir):
    r = run_cli("fake-uni", "--die-area", "1000", "--format", "json", catalog=cat_dir)
    assert r.returncode == 0, r.stderr
    rec = json.loads(r.stdout)
    assert (rec["die_area_mm2"], rec["performance_density"], rec["die_area_basis"]) == (1000.0, 4.8, "given on the command line")


@pytest.mark.parametrize("args, message", [
    (["--dense", "fp9=3"], "--dense: unknown precision 'fp9'; valid: fp64 fp32 tf32 bf16 fp16 fp8 fp6 fp4 int8 int4"),
    (["--dense", "fp8"], "--dense needs PRECISION=TOPS, e.g. --dense fp8=296 (got 'fp8')"),
    (["--tpp", "-5"], "--tpp must be a positive number (got -5)"),
    (["--tpp", "100", "--dram-bandwidth", "-1"], "--dram-bandwidth must be a non-negative number (got -1)"),
    (["--tpp", "100", "--dense", "fp8=3"], "give --tpp or --dense, not both (TPP is computed from the dense figures)"),
    ([], "name a chip (export-control H20), describe a hypothetical chip (--tpp 2368 --die-area 814, "
         "or --dense fp8=296 ...), or use --all for the catalog table"),
])
def test_cli_usage_errors(args, message):
    r = run_cli(*args)
    assert r.returncode == 2
    assert r.stderr.strip() == f"accelspec export-control: error: {message}"
    assert r.stdout == ""


# ---------------------------------------------------------------------- the chart


def test_plot_map(cat):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    entries = [cat.get("fake-big"), cat.get("fake-est"), cat.get("fake-sparse"), cat.get("fake-uni")]
    with pytest.warns(UserWarning) as record:
        out = ec.plot_map(entries, ax=ax, catalog=cat)
    assert out is ax
    assert [str(w.message) for w in record] == [
        "export-control map: 2 chip(s) without a TPP or a die area were skipped: FAKE-SPARSE, FAKE-UNI"]
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")
    texts = [t.get_text() for t in ax.texts]
    assert texts[:4] == ["3A090.a.1", "3A090.a.2", "3A090.b.1", "3A090.b.2"]
    assert " Jan 2026: TPP 21,000\n (China review limit)" in texts
    assert texts[-2:] == ["FAKE-BIG", "FAKE-EST"]
    assert ax.collections[0].get_offsets().tolist() == [[15832.0, 19.44963145], [2400.0, 4.8]]
    assert [l.get_xdata()[0] for l in ax.lines] == [21000.0]
    assert ax.get_xlabel() == "TPP (dense TOPS × bit length, highest precision)"
    assert ax.get_ylabel() == "Performance density (TPP per mm² of die area)"
    assert len(ax.patches) == 4
    assert plt.get_fignums() == [fig.number]  # drew on the given Axes only


def test_import_stays_light():
    code = "import accelspec.exportcontrol, sys; print('matplotlib' in sys.modules)"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.stdout.strip() == "False"


def test_split_modules_stay_light_and_are_re_exported():
    code = ("import sys, accelspec.exportcontrol as ec, accelspec.cli.exportcontrol as c, "
            "accelspec.exportcontrol.chart as p; print('matplotlib' in sys.modules, "
            "ec.cli_run is c.cli_run, ec.plot_map is p.plot_map)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.stdout.strip() == "False True True", r.stderr


def test_unknown_attribute_still_raises():
    with pytest.raises(AttributeError, match="has no attribute 'plot_mapp'"):
        ec.plot_mapp  # noqa: B018


# ---------------------------------------------------------------------- the chart, in the plots style

# id: (vendor, name, [(precision, dense TOPS, claim kind)], die area mm², die-area kind)
MAP_CHIPS = {
    "nvidia-long": ("nvidia", "NVIDIA Very Long Superchip Name For Testing", [("fp8", 10000, "vendor")], 3000, "press"),
    "nvidia-a": ("nvidia", "NVIDIA A", [("fp16", 1000, "vendor")], 800, "vendor"),
    "nvidia-b": ("nvidia", "NVIDIA B", [("fp16", 1050, "vendor")], 820, "vendor"),
    "amd-a": ("amd", "AMD A", [("fp16", 1100, "vendor")], 850, "vendor"),
    # FP8 (press) and BF16 (vendor) tie at 16,000: the vendor figure alone sets the TPP -> filled
    "amd-tie": ("amd", "AMD Tie", [("fp8", 2000, "press"), ("bf16", 1000, "vendor")], 1000, "vendor"),
    # the same TPP from a press figure only -> hollow
    "amd-press": ("amd", "AMD Press", [("fp8", 2000, "press")], 1100, "vendor"),
    "huawei-a": ("huawei", "Huawei A", [("fp16", 400, "vendor")], 600, "vendor"),
    "huawei-b": ("huawei", "Huawei B", [("fp16", 180, "vendor")], 900, "estimate"),
}


def _map_toml(cid, vendor, name, dense, area, area_kind) -> str:
    lines = [f'id = "{cid}"', f'name = "{name}"', f'vendor = "{vendor}"', 'kind = "gpu"', 'level = "package"',
             'status = "shipping"', 'market = "datacenter"',
             f'die_area = {{ value = {area}, unit = "mm²", source = "ds", kind = "{area_kind}" }}']
    for p, v, kind in dense:
        unit = "TOP/s" if p.startswith("int") else "TFLOP/s"
        lines += [f"[compute.{p}]", f'dense = {{ value = {v}, unit = "{unit}", source = "ds", kind = "{kind}" }}']
    return "\n".join(lines) + "\n"


@pytest.fixture
def map_cat(tmp_path):
    (tmp_path / "_sources.toml").write_text(_SOURCE, encoding="utf-8")
    for cid, c in MAP_CHIPS.items():
        (tmp_path / c[0]).mkdir(exist_ok=True)
        (tmp_path / c[0] / f"{cid}.toml").write_text(_map_toml(cid, *c), encoding="utf-8")
    return accelspec.load_catalog(tmp_path, include_builtin=False)


def _map(map_cat, size=(9, 6), **kw):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=size)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    return ec.plot_map([map_cat.get(cid) for cid in MAP_CHIPS], ax=ax, catalog=map_cat, **kw)


def _chip_coll(ax):
    return next(c for c in ax.collections if c.get_gid() == "chips")


def test_plot_map_offsets_are_tpp_and_pd(map_cat):
    offsets = _chip_coll(_map(map_cat)).get_offsets().tolist()
    # PD is rounded to 9 decimals before use (the module's float-noise guard)
    assert offsets[0] == [80000.0, 26.666666667]
    assert offsets[3] == [17600.0, 20.705882353]
    assert offsets[7] == [2880.0, 3.2]


def test_plot_map_uses_the_plots_vendor_colours_and_hollow_rule(map_cat):
    from matplotlib.colors import to_rgba

    from accelspec import plots

    coll = _chip_coll(_map(map_cat))
    faces, edges = coll.get_facecolors(), coll.get_edgecolors()
    ids = list(MAP_CHIPS)
    white = to_rgba("white")
    expected = {  # id: (edge vendor, hollow)
        "nvidia-long": ("nvidia", True), "nvidia-a": ("nvidia", False), "amd-a": ("amd", False),
        "amd-tie": ("amd", False), "amd-press": ("amd", True), "huawei-a": ("huawei", False),
        "huawei-b": ("huawei", True),
    }
    for cid, (vendor, hollow) in expected.items():
        i = ids.index(cid)
        assert tuple(edges[i]) == to_rgba(plots.VENDOR_COLORS[vendor]), cid
        assert tuple(faces[i]) == (white if hollow else to_rgba(plots.VENDOR_COLORS[vendor])), cid


def test_plot_map_legend_names_vendors_and_fills(map_cat):
    texts = [t.get_text() for t in _map(map_cat).get_legend().get_texts()]
    assert texts == ["NVIDIA", "AMD", "Huawei", "", "filled: vendor or measured figures",
                     "hollow: a figure from an analyst, press,\ncommunity, estimate or rumour",
                     "Jan 2026 China review limit: TPP 21,000"]


def _label_boxes(ax):
    renderer = ax.figure.canvas.get_renderer()
    labels = [t for t in ax.texts if t.get_gid() == "chip-label"]
    return labels, [t.get_window_extent(renderer) for t in labels], ax.get_window_extent(renderer)


@pytest.mark.parametrize("size", [(9, 6), (6.4, 4.8), (4, 3)])
def test_plot_map_labels_stay_inside_the_axes(map_cat, size):
    labels, boxes, frame = _label_boxes(_map(map_cat, size=size))
    assert sorted(t.get_text() for t in labels) == sorted(c[1] for c in MAP_CHIPS.values())
    for t, bb in zip(labels, boxes):
        assert frame.x0 <= bb.x0 and bb.x1 <= frame.x1 and frame.y0 <= bb.y0 and bb.y1 <= frame.y1, t.get_text()


def test_plot_map_labels_clear_each_other_and_the_region_names(map_cat):
    # at the size the CLI and plots draw (9 x 6 in); on much smaller Axes a cluster this tight
    # can run out of room, and the placement then takes the least overlap it finds
    ax = _map(map_cat, size=(9, 6))
    labels, boxes, _frame = _label_boxes(ax)
    renderer = ax.figure.canvas.get_renderer()
    notes = [t.get_window_extent(renderer) for t in ax.texts[:5]]  # the region names and the 2026 note
    assert [t.get_text() for t in ax.texts[:4]] == ["3A090.a.1", "3A090.a.2", "3A090.b.1", "3A090.b.2"]
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            assert not boxes[i].overlaps(boxes[j]), (labels[i].get_text(), labels[j].get_text())
        assert not any(boxes[i].overlaps(n) for n in notes), labels[i].get_text()


def test_plot_map_label_false_draws_no_chip_labels(map_cat):
    ax = _map(map_cat, label=False)
    assert [t.get_text() for t in ax.texts] == ["3A090.a.1", "3A090.a.2", "3A090.b.1", "3A090.b.2",
                                                " Jan 2026: TPP 21,000\n (China review limit)"]


def test_plot_map_without_ax_makes_its_own_figure(map_cat):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    current = plt.figure()
    ax = ec.plot_map([map_cat.get("nvidia-a")], catalog=map_cat)
    assert ax.figure is not current
    assert current.axes == []  # never drew on the current figure (no plt.gca())
    assert len(plt.get_fignums()) == 2


def test_plot_map_hypothetical_chip_is_grey(map_cat):
    from matplotlib.colors import to_rgba

    from accelspec import plots

    fig_ax = _map(map_cat)  # for a Figure to reuse
    fig_ax.clear()
    ax = ec.plot_map([ec.Inputs(tpp=3000, die_area_mm2=1000, datacenter=True)], ax=fig_ax)
    assert tuple(_chip_coll(ax).get_facecolors()[0]) == to_rgba(plots.FALLBACK_COLOR)
    assert [t.get_text() for t in ax.texts if t.get_gid() == "chip-label"] == ["hypothetical chip"]
    assert ax.get_legend().get_texts()[0].get_text() == "hypothetical"
