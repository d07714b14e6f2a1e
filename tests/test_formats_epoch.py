"""The Epoch AI cross-check, on real rows (tests/fixtures/epoch) against the fake catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

import accelspec
from accelspec.errors import CatalogError, InvalidValueError
from accelspec.formats import epoch

SAMPLE = Path(__file__).parent / "fixtures" / "epoch" / "ml_hardware_sample.csv"


@pytest.fixture(scope="module")
def report(fake):
    return epoch.crosscheck(SAMPLE.read_text(encoding="utf-8"), fake)


def _find(report, name, field):
    return [f for f in report.findings if f.epoch_name == name and f.field == field]


def test_rows_match_by_lookup_and_alias(report):
    assert report.matched == (("Huawei Ascend 910C", "huawei-ascend-910c"), ("NVIDIA HGX H20", "nvidia-h20"),
                              ("Huawei Ascend 910B", "huawei-ascend-910b"))
    assert "NVIDIA GB200" in report.unmatched  # the fake catalog has no GB200: reported, not guessed


def test_disagreement_over_tolerance(report):
    (f,) = _find(report, "NVIDIA HGX H20", "compute.bf16.dense")
    assert (f.status, f.epoch_value, f.catalog_value, f.unit) == ("differs", 148.0, 100.0, "TFLOP/s")
    assert f.relative == pytest.approx(48 / 148)
    assert f.note == "Epoch names the HGX board; its figures are per GPU"
    # equal values are not listed: the fake H20's 96 GB and 4 TB/s match Epoch's row
    assert _find(report, "NVIDIA HGX H20", "memory.capacity") == []
    assert _find(report, "NVIDIA HGX H20", "memory.bandwidth") == []


def test_values_one_side_lacks(report):
    (a,) = _find(report, "Huawei Ascend 910C", "power.tdp")
    assert (a.status, a.epoch_value, a.catalog_value) == ("only-epoch", 700.0, None)
    (b,) = _find(report, "Huawei Ascend 910C", "compute.bf16.dense")
    assert (b.status, b.epoch_value, b.catalog_value) == ("only-catalog", None, 800.0)


def test_tolerance_widens(fake):
    wide = epoch.crosscheck(SAMPLE.read_text(encoding="utf-8"), fake, tolerance=0.5)
    assert [f for f in wide.findings if f.status == "differs"] == []
    with pytest.raises(InvalidValueError) as e:
        epoch.crosscheck("", fake, tolerance=float("nan"))
    assert str(e.value) == "invalid tolerance nan; give a fraction from 0 up to (not including) 1, e.g. 0.05"


def test_superchip_alias_doubles_per_gpu_figures(fake_dir):
    (fake_dir / "nvidia" / "nvidia-gb200.toml").write_text(
        'id = "nvidia-gb200"\nname = "NVIDIA GB200"\nvendor = "nvidia"\nkind = "gpu"\nlevel = "superchip"\n'
        'status = "shipping"\nmarket = "datacenter"\n\n[memory]\ncapacity = { value = 372, unit = "GB", source = "ds-a" }\n'
        'bandwidth = { value = 16, unit = "TB/s", source = "ds-a" }\n\n[power]\ntdp = { value = 2700, unit = "W", source = "ds-a" }\n',
        encoding="utf-8")
    cat = accelspec.load_catalog(fake_dir, include_builtin=False)
    r = epoch.crosscheck(SAMPLE.read_text(encoding="utf-8"), cat)
    gb = [f for f in r.findings if f.entry == "nvidia-gb200"]
    assert ("NVIDIA GB200", "nvidia-gb200") in r.matched
    assert {f.field for f in gb if f.status == "differs"} == set()  # 2 x 186 GB = 372, 2 x 8 TB/s = 16
    assert "power.tdp" not in {f.field for f in gb}  # a superchip's TDP includes its CPU: not compared
    (bf16,) = [f for f in gb if f.field == "compute.bf16.dense"]
    assert (bf16.status, bf16.epoch_value) == ("only-epoch", 5000.0)


def test_csv_and_text_output(report):
    csv_text = epoch.to_csv(report)
    assert csv_text.splitlines()[0] == ",".join(epoch.CSV_KEYS)
    assert ("NVIDIA HGX H20,nvidia-h20,compute.bf16.dense,differs,148,100,TFLOP/s,0.3243,"
            "Epoch names the HGX board; its figures are per GPU") in csv_text
    text = epoch.to_text(report, 0.05)
    assert "3 rows matched, 7 not in the catalog; 2 differ by more than 5%, 11 only in Epoch, 2 only in the catalog" in text


def test_bad_files_name_the_place(fake):
    with pytest.raises(CatalogError) as e:
        epoch.crosscheck("Foo,Bar\n1,2\n", fake, shown="x.csv")
    assert e.value.problems[0].path == "$.header"
    assert e.value.problems[0].message.startswith("no hardware name column (expected one of ['Hardware name', 'Name']")
    bad = "Hardware name,TDP (W)\nNVIDIA HGX H20,-3\n"
    with pytest.raises(CatalogError) as e:
        epoch.crosscheck(bad, fake, shown="x.csv")
    p = e.value.problems[0]
    assert (p.file, p.path, p.message) == ("x.csv", "$[line 2].TDP (W)", "value must be positive and finite (got '-3')")
    with pytest.raises(CatalogError) as e:  # every bad cell at once
        epoch.crosscheck("Hardware name,TDP (W),Memory bandwidth (byte/s)\nNVIDIA HGX H20,n/a,inf\n", fake, shown="y.csv")
    assert [(p.path, p.message) for p in e.value.problems] == [
        ("$[line 2].Memory bandwidth (byte/s)", "value must be positive and finite (got 'inf')"),
        ("$[line 2].TDP (W)", "not a number: 'n/a'")]
