"""The real command line, run as a subprocess, on the fake catalog (and once on the shipped one)."""

import csv
import io
import json

from tests.conftest import FAKE, run_cli

FAKE_ARGS = ("--catalog", str(FAKE), "--no-builtin")


def test_show_prints_every_claim_with_source():
    r = run_cli(*FAKE_ARGS, "show", "H200")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("NVIDIA H200  (nvidia-h200)\n")
    assert "  * 2000 TOP/s (vendor: Fake Vendor, 2024-01-15, Fake vendor datasheet A <https://example.invalid/datasheet-a.pdf>)" in r.stdout
    assert "    1536 TOP/s (rumour: Fake Outlet, 2025-12-30, A fake press article)" in r.stdout
    assert "  * 450 GB/s per direction" in r.stdout
    assert "35,000 USD on 2025-12: one H200" in r.stdout


def test_claims_for_a_field_prefix():
    r = run_cli(*FAKE_ARGS, "claims", "H200", "int8")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "NVIDIA H200 (nvidia-h200)",
        "compute.int8.dense",
        "  * 2000 TOP/s (vendor: Fake Vendor, 2024-01-15, Fake vendor datasheet A <https://example.invalid/datasheet-a.pdf>)",
        "    1536 TOP/s (rumour: Fake Outlet, 2025-12-30, A fake press article)",
        "      a 'China-special' part",
        "compute.int8.sparse: no claims (no source gives it)",
        "compute.int8.vector: no claims (no source gives it)",
    ]


def test_unknown_chip_exit_1_with_suggestion_and_no_traceback():
    r = run_cli(*FAKE_ARGS, "show", "H2O")
    assert r.returncode == 1
    assert r.stdout == ""
    assert r.stderr == "accelspec: unknown accelerator 'H2O'; did you mean 'H20' or 'H200'?\n"


def test_usage_error_exit_2():
    r = run_cli("show")
    assert r.returncode == 2
    assert "usage: accelspec show" in r.stderr


def test_unknown_field_exit_1():
    r = run_cli(*FAKE_ARGS, "claims", "H200", "bandwith")
    assert r.returncode == 1
    assert r.stderr.startswith("accelspec: unknown field or metric 'bandwith'")


def test_validate_ok_and_failures(tmp_path):
    r = run_cli("validate", str(FAKE), "--standalone")
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"{FAKE}: OK, 9 entries, 4 sources\n"
    bad = tmp_path / "nvidia"
    bad.mkdir()
    (bad / "nvidia-x.toml").write_text('id = "nvidia-x"\nname = "X"\nvendor = "nvidia"\nkind = "gpu"\nlevel = "chip"\n'
                                      'status = "shipping"\nmarket = "datacenter"\n'
                                      '[power]\ntdp = { value = -5, unit = "Watt", source = "nope" }\n', encoding="utf-8")
    r = run_cli("validate", str(tmp_path))
    assert r.returncode == 1
    assert r.stdout == ""
    assert r.stderr.splitlines() == [
        f"4 problems in {bad / 'nvidia-x.toml'}:",
        "  'level' must be in ['die', 'package', 'card', 'superchip', 'server', 'rack'] (got 'chip') @ $.level",
        "  unknown source 'nope' @ $.power.tdp.source",
        "  value must not be negative (got -5) @ $.power.tdp.value",
        "  'unit' must be in ['W', 'kW', 'MW'] (got 'Watt') @ $.power.tdp.unit",
        "4 problems found",
    ]


def test_validate_shipped_catalog():
    r = run_cli("validate")
    assert r.returncode == 0, r.stderr
    assert ": OK, " in r.stdout


def test_export_json_contract():
    r = run_cli(*FAKE_ARGS, "export", "--format", "json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    from accelspec.formats.flat import FLAT_KEYS

    assert [list(row)[: len(FLAT_KEYS)] for row in rows] == [list(FLAT_KEYS)] * len(rows)
    h200 = next(row for row in rows if row["id"] == "nvidia-h200")
    assert (h200["memory_gb"], h200["memory_bandwidth_gbs"], h200["tdp_w"]) == (141, 4800, 700)
    assert (h200["scaleup_bandwidth_gbs"], h200["int8_tops"], h200["fp8_tflops_sparse"]) == (900, 2000, 4000)
    assert (h200["price_usd"], h200["price_date"], h200["announced"]) == (35000, "2025-12", "2023-11-13")
    assert h200["fp64_tflops"] is None
    assert {row["id"] for row in rows} >= {"huawei-cloudmatrix-384", "huawei-ascend-910b"}


def test_export_csv_matches_json():
    rj = json.loads(run_cli(*FAKE_ARGS, "export", "--format", "json").stdout)
    rc = list(csv.DictReader(io.StringIO(run_cli(*FAKE_ARGS, "export", "--format", "csv").stdout)))
    assert [r["id"] for r in rc] == [r["id"] for r in rj]
    h20 = next(r for r in rc if r["id"] == "nvidia-h20")
    assert (h20["memory_gb"], h20["bf16_tflops"], h20["fp64_tflops"], h20["aliases"]) == ("96.0", "100.0", "", "H20|英伟达H20|輝達H20")


def test_export_all_claims():
    rows = json.loads(run_cli(*FAKE_ARGS, "export", "--claims", "all").stdout)
    int8 = [r for r in rows if r["id"] == "nvidia-h200" and r["field"] == "compute.int8.dense"]
    assert [(r["value"], r["kind"], r["shown"]) for r in int8] == [(2000, "vendor", True), (1536, "rumour", False)]


def test_list_filters():
    r = run_cli(*FAKE_ARGS, "list", "--vendor", "huawei", "--format", "json")
    assert [x["id"] for x in json.loads(r.stdout)] == ["huawei-ascend-910b1", "huawei-ascend-910b2", "huawei-ascend-910c"]
    r = run_cli(*FAKE_ARGS, "list", "--where", "memory_gb>=100", "--format", "json")
    assert [x["id"] for x in json.loads(r.stdout)] == ["huawei-ascend-910c", "jiangyuan-d20", "nvidia-h200"]
    r = run_cli(*FAKE_ARGS, "list", "--where", "status=shipping", "--all-levels", "--vendor", "huawei", "--format", "json")
    assert len(json.loads(r.stdout)) == 5


def test_list_bad_where_is_usage_error():
    r = run_cli(*FAKE_ARGS, "list", "--where", "memory_gb")
    assert r.returncode == 2
    assert r.stderr == "accelspec list: error: --where needs FIELD=VALUE or FIELD>=NUMBER (got 'memory_gb')\n"


def test_compare_github_with_baseline():
    r = run_cli(*FAKE_ARGS, "compare", "H200", "H20", "910C", "--baseline", "H200", "--format", "github",
                "--fields", "memory_gb,bf16_tflops,bf16_tflops_per_watt")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert [c.strip() for c in lines[0].split("|")[1:-1]] == ["", "NVIDIA H200", "NVIDIA H20", "Huawei Ascend 910C"]
    assert any(line.startswith("| BF16 dense [TFLOP/s]") and "800[1]" in line for line in lines)
    assert any(line.startswith("| ×NVIDIA H200") and "0.10×" in line for line in lines)
    assert "- [1] press: Fake Outlet, 2025-12-30, A fake press article" in lines
    assert "- — BF16 dense / W: no TDP (Huawei Ascend 910C)" in lines


def test_rank_json_records_use_registry_names():
    r = run_cli(*FAKE_ARGS, "rank", "--by", "bf16_tflops_per_watt", "--format", "json")
    rows = json.loads(r.stdout)
    assert [x["id"] for x in rows[:2]] == ["nvidia-h200", "nvidia-h20"]
    assert rows[0]["bf16_tflops_per_watt"] == 1000 / 700
    fields = {"bf16_tflops_per_watt", "bf16_tflops", "tdp_w"}
    assert set(rows[0]) == {"id", "name"} | fields | {f + s for f in fields for s in ("_kind", "_missing")}
    assert rows[0]["tdp_w_kind"] == "vendor" and rows[0]["tdp_w_missing"] is None


def test_metrics_lists_registry():
    r = run_cli("metrics", "--format", "json")
    names = {m["name"] for m in json.loads(r.stdout)}
    assert {"bf16_tflops_per_watt", "ridge_point_fp8", "usd_per_gb", "decode_tokens_per_s_70b_fp8"} <= names


def test_coverage_on_fake():
    r = run_cli(*FAKE_ARGS, "coverage", "--format", "json")
    rows = {x["id"]: x for x in json.loads(r.stdout)}
    assert rows["nvidia-h20"]["fields"]["memory"] == "vendor"
    assert rows["huawei-ascend-910c"]["fields"]["power"] is None
    assert "power" in rows["huawei-ascend-910c"]["missing"]


def test_python_dash_m_and_version():
    r = run_cli("--version")
    assert r.returncode == 0 and r.stdout.startswith("accelspec ")
