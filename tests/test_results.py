"""Measured results: the ingest script on small real fixtures, the loader, the derived values, the command.

The fixtures under tests/fixtures/results/ are pieces of the real MLCommons repositories (rows of
summary_results.json kept as they are, system descriptions, run logs cut to their run_start and
run_stop lines), laid out as in the repositories, so the ingest reads them as it reads a clone.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
from pathlib import Path

import pytest

from accelspec import cli
from accelspec.catalog import builtin_catalog
from accelspec.errors import InvalidValueError, UnknownAcceleratorError
from accelspec.results import (
    builtin_results,
    footnote,
    load_results,
    per_accelerator,
    per_entry,
    per_joule,
    rank,
    record,
)
from accelspec.results.loader import load_folder

HERE = Path(__file__).parent
ROOT = HERE.parent
FIX = HERE / "fixtures" / "results"
SHIPPED = ROOT / "catalog" / "results"
C51 = "965182b03376a00fcae415c54e560e1c83937932"
C41 = "4a0c87411066bd697db46fa44cf6f04fd458f627"
C50 = "0fdc28f013256aea84fa36fdaf1e0fa46094b18c"
MIRROR = Path(os.environ.get("ACCELSPEC_MIRROR_ROOT", "/work/.mirror"))

_spec = importlib.util.spec_from_file_location("ingest_mlperf", ROOT / "scripts" / "ingest_mlperf.py")
ingest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ingest)


def run_ingest(capsys, *argv: str) -> tuple[int, str]:
    code = ingest.main(list(argv))
    return code, capsys.readouterr().err


def ingest_inference(capsys, tmp_path: Path, tree: Path = FIX / "inference-v5.1", *extra: str) -> tuple[dict, str]:
    out = tmp_path / "mlperf-inference-v5.1.toml"
    code, err = run_ingest(capsys, "inference", str(tree), C51, "--version", "v5.1", "--retrieved", "2026-11-30",
                           "--source-date", "2025-09-09", "--out", str(out), *extra)
    assert code == 0, err
    import tomllib

    return tomllib.loads(out.read_text(encoding="utf-8")), err


def rows_by(doc: dict) -> dict[tuple, dict]:
    return {(r["id"], r["benchmark"], r.get("scenario")): r for r in doc["result"]}


@pytest.fixture(scope="module")
def fixture_results(tmp_path_factory) -> Path:
    """A results folder: the fixtures ingested (inference and training) beside the shipped alias table."""
    d = tmp_path_factory.mktemp("results")
    shutil.copy(SHIPPED / "aliases.toml", d / "aliases.toml")
    for argv in (("inference", str(FIX / "inference-v5.1"), C51, "--version", "v5.1", "--source-date", "2025-09-09"),
                 ("training", str(FIX / "training-v5.0"), C50, "--version", "v5.0", "--source-date", "2025-05-30")):
        out = d / f"mlperf-{argv[0]}-{argv[4]}.toml"
        assert ingest.main([*argv, "--retrieved", "2026-11-30", "--out", str(out)]) == 0
    return d


@pytest.fixture(scope="module")
def rs(fixture_results):
    return load_results(fixture_results, catalog=builtin_catalog())


def one(rs, rid: str, bench: str, scen: str | None):
    [r] = [r for r in rs if (r.id, r.benchmark, r.scenario) == (rid, bench, scen)]
    return r


# --------------------------------------------------------------------------- ingest: inference pitfalls


def test_cpu_only_rows_with_blank_a_hash_are_left_out_and_reported(capsys, tmp_path):
    doc, err = ingest_inference(capsys, tmp_path)
    assert "left out 1 row(s): CPU-only system (no accelerator, a# blank): 5.1-0055 retinanet Offline" in err
    assert not [r for r in doc["result"] if r["id"] == "5.1-0055"]
    assert len(doc["result"]) == 11


def test_a_blank_a_hash_beside_an_accelerator_takes_the_system_description(capsys, tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(FIX / "inference-v5.1", tree)
    rows = json.loads((tree / "summary_results.json").read_text())
    for r in rows:
        if (r["ID"], r["Model"]) == ("5.1-0061", "whisper"):
            r["a#"] = ""
    (tree / "summary_results.json").write_text(json.dumps(rows))
    doc, _err = ingest_inference(capsys, tmp_path, tree)
    row = rows_by(doc)[("5.1-0061", "whisper", "Offline")]
    assert row["per_node"] == 8
    assert row["notes"] == ["a# is blank in summary_results.json; accelerators_per_node 8 from the system description"]


def test_a_platform_name_that_disagrees_with_the_count_gets_a_note(capsys, tmp_path):
    doc, _err = ingest_inference(capsys, tmp_path)
    row = rows_by(doc)[("5.1-0083", "llama3.1-8b", "Offline")]
    assert (row["per_node"], row["nodes"]) == (1, 1)
    assert row["notes"] == [("the platform name 'XE8640_4xH100_vLLM' says 4 accelerators; the system description "
                             "says 1 per node x 1 node(s), which is used (hw_notes: 'Dell PowerEdge XE8640 "
                             "4xH100-SXM-80GB system (1 GPU used)')")]
    assert "notes" not in rows_by(doc)[("5.1-0061", "whisper", "Offline")]  # 'B200SXMx8' agrees with a# 8


@pytest.mark.parametrize("platform, counts", [
    ("XE8640_4xH100_vLLM", [4]), ("8xMI300X_2xEPYC_9575F", [8]), ("SR680a_V3_B200SXMx8_TRT", [8]),
    ("GB200-NVL72_GB200-186GB_aarch64x72_TRT", [72]), ("HPE_PROLIANT_DL380A_H200_NVL_141GBX10_TRT", [10]),
    ("IBM_Cloud_gx3-48x240x2l40s_vLLM", []), ("1-node-2S-GNR_128C", []),
])
def test_platform_counts_read_accelerators_not_cpus(platform, counts):
    assert ingest.platform_counts(platform) == counts


def test_a_99_row_is_the_same_run_as_its_99_9_twin_only_when_the_logs_are_identical(capsys, tmp_path):
    doc, _err = ingest_inference(capsys, tmp_path)
    rows = rows_by(doc)
    assert rows[("5.1-0061", "llama2-70b-99", "Offline")]["same_run_as"] == "llama2-70b-99.9"
    assert rows[("5.1-0070", "llama2-70b-99", "Offline")]["same_run_as"] == "llama2-70b-99.9"
    assert "same_run_as" not in rows[("5.1-0061", "llama2-70b-99", "Server")]  # 99159.3 vs 99203.9: two runs
    # equal values are not enough: one changed byte in the log and they are two runs
    tree = tmp_path / "tree"
    shutil.copytree(FIX / "inference-v5.1", tree)
    log = tree / "closed/Lenovo/results/SR680a_V3_B200SXMx8_TRT/llama2-70b-99.9/Offline/performance/run_1/mlperf_log_summary.txt"
    log.write_bytes(log.read_bytes() + b"\n")
    doc, _err = ingest_inference(capsys, tmp_path, tree)
    assert "same_run_as" not in rows_by(doc)[("5.1-0061", "llama2-70b-99", "Offline")]


def test_a_mixed_system_keeps_its_parts(capsys, tmp_path):
    doc, _err = ingest_inference(capsys, tmp_path)
    row = rows_by(doc)[("5.1-0065", "llama2-70b-99", "Offline")]
    assert (row["per_node"], row["nodes"]) == (8, 6)
    assert row["mix"] == [{"accelerator": "AMD Instinct MI300X 192GB HBM3", "count": 32},
                          {"accelerator": "AMD Instinct MI325X 256GB HBM3e", "count": 16}]


def test_spellings_without_a_catalog_entry_are_reported_not_dropped(capsys, tmp_path):
    doc, err = ingest_inference(capsys, tmp_path)
    assert "no catalog entry (aliases.toml [[unmapped]]): 'NVIDIA GB300' in 1 row(s), 5.1-0097" in err
    assert rows_by(doc)[("5.1-0097", "deepseek-r1", "Offline")]["availability"] == "preview"
    aliases = tmp_path / "aliases.toml"
    aliases.write_text('[[alias]]\nspelling = "NVIDIA L40S"\nid = "nvidia-l40s"\n')
    _doc, err = ingest_inference(capsys, tmp_path, FIX / "inference-v5.1", "--aliases", str(aliases))
    assert ("UNKNOWN accelerator: add it to aliases.toml ([[alias]] or [[unmapped]]): 'NVIDIA GB300' "
            "in 1 row(s), 5.1-0097") in err


def test_edge_rows_report_a_latency(capsys, tmp_path):
    doc, _err = ingest_inference(capsys, tmp_path, FIX / "inference-v5.1", "--system-type", "edge")
    assert [(r["id"], r["scenario"], r["value"], r["unit"]) for r in doc["result"]] == [
        ("5.1-0064", "SingleStream", 0.513395, "Latency (ms)")]


# --------------------------------------------------------------------------- ingest: training


def test_time_to_train_matches_the_official_summary(fixture_results):
    import tomllib

    doc = tomllib.loads((fixture_results / "mlperf-training-v5.0.toml").read_text())
    rows = {r["id"]: r for r in doc["result"]}
    official = json.loads((FIX / "training-v5.0/Nebius/summary.json").read_text())
    [neb] = [o for o in official if o["system"] == "nebius_soperator_8xH200_n128"]
    row = rows["Nebius/nebius_soperator_8xH200_n128_ngc25.01_nemo"]
    assert row["value"] == pytest.approx(neb["llama31_405b"], abs=1e-9)
    assert (row["runs"], row["converged"], row["scaling"]) == (3, 3, 1.1666666666666667)


def test_a_run_that_did_not_converge_is_one_of_the_dropped(fixture_results):
    import tomllib

    rows = {r["id"]: r for r in tomllib.loads((fixture_results / "mlperf-training-v5.0.toml").read_text())["result"]}
    cisco = rows["Cisco/hpf_n8"]
    assert (cisco["runs"], cisco["converged"], cisco["value"]) == (10, 9, 0.8868854167)
    assert "scaling" not in cisco


@pytest.mark.parametrize("times, benchmark, expected", [
    ([3.0, 1.0, 2.0, 4.0], "bert", 2.5),        # drop 1.0 and 4.0
    ([3.0, 1.0, 2.0, None], "bert", 2.5),       # the failed run is the dropped slowest: drop 1.0 only
    ([3.0, None, 2.0, None], "bert", None),     # two failures: no score
    ([5.0, 1.0, 2.0, 3.0, 4.0, 6.0, 7.0, 8.0, 9.0, 10.0], "unet3d", 5.5),  # unet3d drops four each side
])
def test_olympic_score(times, benchmark, expected):
    assert ingest.score(times, benchmark) == expected


# --------------------------------------------------------------------------- ingest: rebuilds


def test_the_ingest_writes_the_same_bytes_twice_and_check_sees_a_change(capsys, tmp_path):
    out = tmp_path / "a.toml"
    argv = ["inference", str(FIX / "inference-v5.1"), C51, "--version", "v5.1", "--retrieved", "2026-11-30",
            "--out", str(out)]
    assert run_ingest(capsys, *argv)[0] == 0
    first = out.read_bytes()
    code, err = run_ingest(capsys, *argv, "--check")
    assert code == 0 and err.endswith(f"{out}: identical to a rebuild at {C51}\n") and out.read_bytes() == first
    out.write_bytes(first.replace(b'value = 34301.9', b'value = 34301.8'))
    code, err = run_ingest(capsys, *argv, "--check")
    assert code == 1 and err.endswith(f"{out}: differs from a rebuild at {C51}, first at line 33\n")


@pytest.mark.parametrize("suite, repo, commit, version", [
    ("inference", "mlcommons+inference_results_v5.1", C51, "v5.1"),
    ("inference", "mlcommons+inference_results_v4.1", C41, "v4.1"),
    ("training", "mlcommons+training_results_v5.0", C50, "v5.0"),
])
def test_the_shipped_records_rebuild_byte_for_byte(capsys, suite, repo, commit, version):
    gitdir = MIRROR / repo / "repo"
    if not gitdir.is_dir():
        pytest.skip(f"no local clone at {gitdir} (set ACCELSPEC_MIRROR_ROOT)")
    code, err = run_ingest(capsys, suite, str(gitdir), commit, "--version", version, "--retrieved", "2026-11-30",
                           "--check")
    assert code == 0, err


# --------------------------------------------------------------------------- the loader


def test_the_shipped_results_load_and_every_row_leads_back(capsys):
    rs = builtin_results()
    by_file = {}
    for r in rs:
        by_file[(r.suite, r.version)] = by_file.get((r.suite, r.version), 0) + 1
    assert by_file == {("inference", "v4.1"): 748, ("inference", "v5.1"): 493, ("training", "v5.0"): 201}
    assert all(r.id and r.url.startswith(f"https://github.com/{r.repository}/tree/{r.commit}/") for r in rs)
    assert rs.unmapped()["NVIDIA GB300"] == 6
    assert {r.division for r in rs} == {"closed"} and {r.system_type for r in rs} == {"datacenter", None}


HEAD = f'''suite = "inference"
version = "v5.1"
division = "closed"
system_type = "datacenter"
repository = "mlcommons/inference_results_v5.1"
commit = "{C51}"
retrieved = 2026-11-30
source = "s"

[sources.s]
url = "https://example.invalid/s"
title = "MLPerf Inference v5.1 results"
kind = "measured"
'''
ROW = '''
[[result]]
id = "5.1-0061"
benchmark = "llama2-70b-99"
scenario = "Offline"
submitter = "Lenovo"
system = "ThinkSystem SR680a V3 (8x B200-SXM-180GB, TensorRT)"
platform = "SR680a_V3_B200SXMx8_TRT"
availability = "available"
accelerator = "NVIDIA B200-SXM-180GB"
per_node = 8
nodes = 1
value = 102909.0
unit = "Tokens/s"
path = "closed/Lenovo/results/SR680a_V3_B200SXMx8_TRT/llama2-70b-99/Offline"
'''


def problems_of(tmp_path: Path, text: str, aliases: str | None = None) -> list[tuple[str, str]]:
    (tmp_path / "mlperf-x.toml").write_text(text, encoding="utf-8")
    (tmp_path / "aliases.toml").write_text(aliases if aliases is not None else
                                           (SHIPPED / "aliases.toml").read_text(encoding="utf-8"), encoding="utf-8")
    found, problems = load_folder(tmp_path, shown_root="r", catalog=builtin_catalog())
    assert (found is None) == bool(problems)
    return [(p.path, p.message) for p in problems]


def test_a_good_row_loads(tmp_path):
    assert problems_of(tmp_path, HEAD + ROW) == []


def test_the_loader_reports_every_problem_with_its_path_and_value(tmp_path):
    bad = (ROW.replace('value = 102909.0', 'value = -1').replace('"Tokens/s"', '"tokens/s"')
           .replace('"available"', '"Available"').replace('nodes = 1', 'nodes = 0')
           + 'same_run_as = "llama2-70b-99.5"\n')
    assert problems_of(tmp_path, HEAD + bad) == [
        ("$.result[0].unit", ("'unit' must be in ['Tokens/s', 'Samples/s', 'Queries/s', 'Latency (ms)', "
                              "'minutes'] (got 'tokens/s')")),
        ("$.result[0].availability", "'availability' must be in ['available', 'preview', 'rdi'] (got 'Available')"),
        ("$.result[0].nodes", "expected a whole number, 1 or more (got 0)"),
        ("$.result[0].value", "value must be a finite number above 0 (got -1)"),
    ]
    twin = ROW + 'same_run_as = "llama2-70b-99.5"\n'
    assert problems_of(tmp_path, HEAD + twin) == [
        ("$.result[0].same_run_as", "no result 5.1-0061 llama2-70b-99.5 Offline in this file (got 'llama2-70b-99.5')")]
    latency = ROW.replace('"Tokens/s"', '"Latency (ms)"')
    assert problems_of(tmp_path, HEAD + latency) == [("$.result[0].unit", "Offline reports a throughput (got 'Latency (ms)')")]
    assert problems_of(tmp_path, HEAD + ROW + ROW) == [("$.result[1].id", "result 5.1-0061 llama2-70b-99 Offline is listed twice")]
    training = HEAD.replace('"inference"', '"training"')
    assert ("$.system_type", "training has no system type (got 'datacenter')") in problems_of(tmp_path, training + ROW)


def test_a_gb200_count_must_be_whole_superchips(tmp_path):
    row = ROW.replace('"NVIDIA B200-SXM-180GB"', '"NVIDIA GB200"').replace("per_node = 8", "per_node = 3")
    assert problems_of(tmp_path, HEAD + row) == [
        ("$.result[0].per_node", "3 GPU is not a whole number of nvidia-gb200 (2 GPU each)")]


def test_the_alias_table_is_checked_against_the_catalog(tmp_path):
    aliases = '''[[alias]]
spelling = "NVIDIA B200-SXM-180GB"
id = "nvidia-b200-sxm"

[[alias]]
spelling = "NVIDIA GB200"
id = "nvidia-gb200"
per_entry = 4
counted = "GPU"

[[alias]]
spelling = "NVIDIA GB200"
id = "nvidia-gb200"

[[unmapped]]
spelling = "NVIDIA GB300"
'''
    assert problems_of(tmp_path, HEAD + ROW, aliases) == [
        ("$.alias[0].id", "unknown catalog entry 'nvidia-b200-sxm'; did you mean 'nvidia-h200-sxm' or 'nvidia-b200'?"),
        ("$.alias[1].per_entry", "per_entry 4 but catalog entry 'nvidia-gb200' contains 2"),
        ("$.alias[2].spelling", "spelling 'NVIDIA GB200' is listed twice"),
        ("$.unmapped[0]", "missing required key 'reason'"),
    ]


def test_a_file_over_one_mebibyte_is_refused(tmp_path):
    text = HEAD + "# " + "x" * (1 << 20) + "\n"
    assert problems_of(tmp_path, text) == [("$", f"file is {len(text.encode()):,} bytes; a catalog file may be at most 1,048,576")]


# --------------------------------------------------------------------------- derived values


def test_gb200_per_accelerator_is_per_gpu_and_per_entry_per_superchip(rs):
    r = one(rs, "5.1-0070", "llama2-70b-99.9", "Offline")
    assert (r.accelerators, r.entries) == (4, 2)
    assert per_accelerator(r).value == 51736.9 / 4 and per_accelerator(r).basis == "per GPU (2 per nvidia-gb200)"
    assert per_entry(r).value == 51736.9 / 2 and per_entry(r).basis == "per nvidia-gb200 (2 GPUs as MLPerf counts them)"


def test_training_gb200_counts_gpus_too(rs):
    r = one(rs, "NVIDIA/tyche_ngpu8_ngc25.04_pytorch", "retinanet", None)
    assert (r.per_node, r.nodes, r.accelerators, r.entries) == (4, 2, 8, 4)


def test_no_per_accelerator_value_for_a_mix_a_latency_or_a_time(rs):
    mixed = one(rs, "5.1-0065", "llama2-70b-99", "Offline")
    assert per_accelerator(mixed).reason == ("mixed system (32 × amd-mi300x + 16 × amd-mi325x): one value per "
                                             "accelerator would blend chips")
    ttt = one(rs, "Cisco/hpf_n8", "bert", None)
    assert ttt.better == "lower"
    assert per_accelerator(ttt).reason == "minutes is a time to train (lower is better), not a throughput to share among accelerators"


def test_per_joule_only_where_power_was_measured(rs):
    r = one(rs, "5.1-0061", "llama2-70b-99.9", "Offline")
    assert per_joule(r).value == 102909.0 / 10400.9988793425 and per_joule(r).unit == "Tokens/J"
    assert per_joule(one(rs, "5.1-0029", "llama2-70b-99", "Offline")).reason == "no power measured for this result"


def test_rank_holds_one_group_of_mlperf_results_only(rs):
    offline = rs.select(benchmark="llama2-70b-99.9", scenario="Offline")
    assert [r.id for r in rank(offline)] == ["5.1-0070", "5.1-0061"]  # 12,934 per GPU before 12,864
    with pytest.raises(InvalidValueError, match="a ranking holds one suite, round"):
        rank(rs.select(benchmark="llama2-70b-99.9"))
    with pytest.raises(TypeError, match="MLPerf results are never ranked with other numbers"):
        rank([offline[0], {"value": 1.0}])
    times = rank(rs.select(benchmark="bert"))
    assert times[0].value <= times[-1].value


def test_footnote_cites_round_benchmark_scenario_retrieval_and_ids(rs):
    group = rank(rs.select(benchmark="llama2-70b-99.9", scenario="Offline"))
    assert footnote(group) == (
        "MLPerf v5.1 Inference Closed (datacenter) llama2-70b-99.9 Offline. Retrieved from "
        "https://github.com/mlcommons/inference_results_v5.1 (commit 965182b) on 2026-11-30, entries 5.1-0070, "
        "5.1-0061. The MLPerf name and logo are trademarks of MLCommons Association. See www.mlcommons.org for more "
        "information.")


# --------------------------------------------------------------------------- selection


def test_a_run_listed_under_both_accuracy_targets_is_shown_once(rs):
    everything = rs.select(["B200"])
    assert ("5.1-0061", "llama2-70b-99", "Offline") not in {(r.id, r.benchmark, r.scenario) for r in everything}
    assert ("5.1-0061", "llama2-70b-99", "Server") in {(r.id, r.benchmark, r.scenario) for r in everything}
    assert [r.benchmark for r in rs.select(["B200"], benchmark="llama2-70b-99", scenario="offline")] == ["llama2-70b-99"]
    assert record(one(rs, "5.1-0061", "llama2-70b-99.9", "Offline"), rs)["also_listed_as"] == "llama2-70b-99"


def test_unknown_names_are_errors_with_suggestions(rs):
    with pytest.raises(InvalidValueError) as e:
        rs.select(benchmark="llama2-70b")
    assert str(e.value).startswith("invalid benchmark 'llama2-70b'; did you mean 'llama2-70b-99' or ")
    with pytest.raises(UnknownAcceleratorError):
        rs.select(["H2OO"])


def test_a_spelling_with_no_entry_selects_and_previews_can_be_left_out(rs):
    assert [r.id for r in rs.select(["GB300"])] == ["5.1-0097"]
    assert rs.select(["GB300"], available_only=True) == []


def test_virtualized_h200_is_an_h200_with_a_note(rs):
    [r] = rs.select(["H200"], suite="inference")
    assert (r.id, r.notes) == ("5.1-0029", ("virtualized (VMware ESXi)",))


# --------------------------------------------------------------------------- the command


def run(monkeypatch, capsys, *argv: str) -> tuple[int, str, str]:
    """`accelspec ARGV` through the real main(), with the results command registered if it is not yet."""
    from accelspec.cli import results as command

    build = cli.build_parser

    def with_results():
        p = build()
        sub = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
        if "results" not in sub.choices:
            command.register(sub)
        return p

    monkeypatch.setattr(cli, "build_parser", with_results)
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_h200_llama2_offline_prints_per_accelerator_tokens(monkeypatch, capsys):
    code, out, _err = run(monkeypatch, capsys, "results", "H200", "--benchmark", "llama2-70b-99", "--scenario", "Offline")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "MLPerf Inference v5.1 · closed · datacenter · llama2-70b-99 · Offline [1]"
    assert lines[1] == "Tokens/s, higher is better · precision fp8"
    assert max(len(line) for line in lines if "<http" not in line and "https://" not in line) <= 100
    first = lines[4].split()  # title, unit line, headers, rule, then the best result
    assert first[0] == "5.1-0026" and first[-2:] == ["35,317", "4,415"]  # 35316.7 / 8; fp8 is in the title
    assert any(line.startswith("[1] MLPerf v5.1 Inference Closed (datacenter) llama2-70b-99 Offline. Retrieved from") for line in lines)
    assert any(line.startswith("[2] MLPerf v4.1 Inference Closed (datacenter) llama2-70b-99 Offline.") for line in lines)
    assert "5.1-0005" not in out  # an H200 NVL system is not an H200 (SXM)


def test_cli_json_keys(monkeypatch, capsys):
    code, out, _err = run(monkeypatch, capsys, "results", "GB200", "--benchmark", "llama2-70b-99",
                          "--scenario", "Offline", "--round", "v5.1", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    needed = {"result_id", "suite", "version", "division", "submitter", "system", "accelerator", "accelerators",
              "benchmark", "scenario", "value", "unit", "per_accelerator", "precision", "url"}
    assert needed <= set(rows[0])
    nvidia = next(r for r in rows if r["result_id"] == "5.1-0070")
    assert (nvidia["accelerator"], nvidia["accelerators"], nvidia["catalog_entries"], nvidia["per_accelerator"]) == (
        "nvidia-gb200", 4, 2, 51736.9 / 4)
    assert nvidia["url"] == (f"https://github.com/mlcommons/inference_results_v5.1/tree/{C51}/closed/NVIDIA/results/"
                             "GB200-NVL72_GB200-186GB_aarch64x4_TRT/llama2-70b-99/Offline")


def test_cli_errors_are_one_line(monkeypatch, capsys):
    code, _out, err = run(monkeypatch, capsys, "results", "H2OO")
    assert code == 1 and err.startswith("accelspec: unknown accelerator 'H2OO'")
    code, _out, err = run(monkeypatch, capsys, "results", "--scenario", "offlin")
    assert code == 1 and err.startswith("accelspec: invalid scenario 'offlin'; did you mean 'Offline'?")


def test_cli_csv_and_an_empty_answer(monkeypatch, capsys):
    code, out, _err = run(monkeypatch, capsys, "results", "MI325X", "--suite", "training", "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("result_id,suite,version,division,")
    assert {line.split(",")[1] for line in out.splitlines()[1:]} == {"training"}
    code, out, err = run(monkeypatch, capsys, "results", "H20", "--benchmark", "bert")
    assert (code, out, err) == (0, "", "no MLPerf results match: H20 bert\n")
