"""Comparison tables on the fake catalog: units in headers, marks, formats, layouts, width."""

import csv
import io
import json

import pytest

import accelspec as acs

from accelspec import tables

FIELDS = ["memory_gb", "memory_bandwidth_gbs", "tdp_w", "bf16_tflops", "bf16_tflops_per_watt", "price_usd"]


@pytest.fixture
def table(fake):
    return tables.compare(["H200", "H20", "910C"], fields=FIELDS, baseline="H200", catalog=fake)


def test_units_in_headers_and_labels(table):
    text = table.to_string("simple")
    for h in ("Memory [GB]", "Mem. bandwidth [GB/s]", "Power [W]", "BF16 dense [TFLOP/s]",
              "BF16 dense / W [TFLOP/s/W]", "Price [USD]"):
        assert h in text
    assert tables.header("int8_tops") == "INT8 dense [TOP/s]"
    assert tables.header("fp8_tflops_sparse") == "FP8 sparse [TFLOP/s]"
    assert tables.header("decode_tokens_per_s_70b_fp8_x8") == "Decode 70b fp8 ×8 [tokens/s]"


def test_cells_missing_marked_and_explained(table):
    text = table.to_string("simple")
    lines = text.splitlines()
    bf16 = next(line for line in lines if line.startswith("BF16 dense [TFLOP/s]"))
    assert bf16.split()[-3:] == ["1,000", "100", "800[1]"]
    power = next(line for line in lines if line.startswith("Power [W]"))
    assert power.split()[-3:] == ["700", "400", "—"]
    assert "— Power: no TDP (Huawei Ascend 910C)" in lines
    assert "[1] press: Fake Outlet, 2025-12-30, A fake press article" in lines
    assert "Compute figures are dense peaks (matrix units where the chip has them)." in lines


def test_baseline_ratios(table):
    lines = table.to_string("simple").splitlines()
    i = next(i for i, line in enumerate(lines) if line.startswith("Memory [GB]"))
    assert lines[i + 1].split()[-3:] == ["1.00×", "0.68×", "0.91×"]


def test_sparse_tables_say_so(fake):
    t = tables.compare(["H200", "H20"], catalog=fake, sparse=True)
    text = str(t)
    assert "BF16 sparse [TFLOP/s]" in text
    assert "Sparse columns are peaks with structured sparsity; all other compute figures are dense." in text


def test_layout_auto_columns_for_few_rows_for_many(fake):
    few = tables.compare(["H200", "H20"], fields=["memory_gb"], catalog=fake)
    many = tables.compare([e.id for e in fake], fields=["memory_gb"], catalog=fake)
    assert few.layout == "columns" and many.layout == "rows"
    assert many.to_string().splitlines()[0].split()[:3] == ["Chip", "Memory", "[GB]"]


def test_sort_missing_last(fake):
    t = tables.compare(["910C", "H20", "H200", "910B1"], fields=["tdp_w"], sort="tdp_w", layout="rows", catalog=fake)
    assert [e.id for e in t.entries] == ["nvidia-h200", "nvidia-h20", "huawei-ascend-910c", "huawei-ascend-910b1"]


@pytest.mark.parametrize("fmt,marker", [
    ("plain", "NVIDIA H200"), ("simple", "-----"), ("github", "|---"), ("pipe", "|:--"), ("grid", "+====="),
    ("html", "<table>"), ("latex", "\\begin{tabular}"),
])
def test_tabulate_formats(table, fmt, marker):
    assert marker in table.to_string(fmt)


def test_fits_100_columns(fake):
    t = tables.compare(["H200", "H20", "910C", "D20", "CM384"], baseline="H200", catalog=fake)
    widths = [len(line) for line in t.to_string("simple").splitlines() if not line.startswith(("—", "[", "Compute", "Sparse"))]
    assert max(widths) <= 100, max(widths)


def _lines(text: str) -> list[str]:
    return text.splitlines()


@pytest.mark.parametrize("n", [6, 30])
@pytest.mark.parametrize("fmt,width", [("simple", 100), ("simple", 72), ("grid", 100), ("plain", 120)])
def test_many_chips_fit_the_width_in_blocks(n, fmt, width):
    chips = [e for e in acs.select()][:n]
    text = tables.compare(chips).to_string(fmt, width)
    # every line fits; only an address, never broken, may stand alone on a longer line
    assert [line for line in _lines(text) if len(line) > width and "<http" not in line] == []
    table_part = text.split("\n\nCompute")[0]
    assert all(len(line) <= width for line in _lines(table_part)), max(len(x) for x in _lines(table_part))
    if n == 30:
        assert table_part.count("\n\n") >= 1  # 14 columns of 30 chips cannot share one block at this width
        assert table_part.count("Chip") == table_part.count("\n\n") + 1  # every block repeats the chip column


def test_headers_are_never_cut_inside_a_word():
    chips = [e for e in acs.select()][:8]
    t = tables.compare(chips)
    words = {w for f in t.fields for w in tables.header(f).split()}
    head = t.to_string("simple", 80).split("\n---")[0]
    for line in head.splitlines()[:6]:
        for token in line.split():
            assert token in words or token in {e.name.split()[0] for e in chips} or token == "Chip", token


def test_notebook_reprs(table):
    html = table._repr_html_()
    assert html.startswith("<div><table>") and "<li>[1] press: Fake Outlet" in html
    assert table._repr_markdown_().startswith("|")


def test_records_csv_json_use_registry_names_and_units(table):
    recs = table.to_records()
    values = {"memory_gb": 141.0, "memory_bandwidth_gbs": 4800.0, "tdp_w": 700.0, "bf16_tflops": 1000.0,
              "bf16_tflops_per_watt": 1000 / 700, "price_usd": 35000.0}
    assert recs[0]["memory_gb_ratio"] == 1.0  # the table has a baseline: the H200 against itself
    assert {k: v for k, v in recs[0].items() if not k.endswith(("_kind", "_missing", "_ratio"))} == {
        "id": "nvidia-h200", "name": "NVIDIA H200", **values}
    # beside each value: the kind of source it rests on, and why it is missing when it is
    assert recs[0]["price_usd_kind"] == "press" and recs[0]["memory_gb_kind"] == "vendor"
    assert recs[0]["price_usd_missing"] is None
    assert recs[2]["tdp_w"] is None and recs[2]["tdp_w_kind"] is None and recs[2]["tdp_w_missing"] == "no TDP"
    assert list(recs[0]) == table.columns()
    assert json.loads(table.to_json()) == recs
    rows = list(csv.DictReader(io.StringIO(table.to_csv())))
    assert rows[2]["tdp_w"] == "" and rows[0]["memory_bandwidth_gbs"] == "4800.0"
    assert table.units()["bf16_tflops_per_watt"] == "TFLOP/s/W"


def test_dataframe(table):
    pd = pytest.importorskip("pandas")
    df = table.to_dataframe()
    assert isinstance(df, pd.DataFrame)
    assert df.loc["nvidia-h20", "bf16_tflops"] == 100
    assert pd.isna(df.loc["huawei-ascend-910c", "tdp_w"])
    assert df.attrs["units"]["memory_gb"] == "GB"


def test_rank(fake):
    t = tables.rank(list(fake), by="memory_gb", catalog=fake, limit=3)
    assert [e.id for e in t.entries] == ["huawei-cloudmatrix-384", "nvidia-h200", "huawei-ascend-910c"]
    assert t.title == "Ranked by Memory [GB]"


def test_long_names_wrap_rather_than_break(fake):
    t = tables.compare(["CM384", "H20"], fields=["memory_gb"], catalog=fake)
    assert all(len(line) <= 100 for line in t.to_string().splitlines())


def test_a_derived_value_is_marked_and_the_mark_explained():
    # the H200's dense BF16 is derived from NVIDIA's sparse figure under its documented 2:1 rule
    import accelspec

    cat = accelspec.builtin_catalog()
    h200 = cat.get("H200")
    assert h200.claim("compute.bf16.dense").derivation
    assert not cat.get("MI300X").claim("compute.bf16.dense").derivation
    text = accelspec.compare(["H200", "MI300X"], ["bf16_tflops"], catalog=cat).render(width=100)
    row = next(line for line in text.splitlines() if line.startswith("BF16 dense"))
    assert row.split()[-2:] == ["990*", "1,307"]
    assert "* marks a value derived from what its source prints" in text
    plain = accelspec.compare(["MI300X"], ["memory_gb"], catalog=cat).render(width=100)
    assert "*" not in plain
