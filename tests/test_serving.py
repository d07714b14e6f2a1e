"""The serving estimate: a model's arithmetic, what "8xH20" means, the bound and the estimate, the points."""

from __future__ import annotations

import argparse
import json
import math

import attrs
import pytest

from accelspec import cli
from accelspec.errors import AccelspecError, CatalogError
from accelspec.serving import estimate, get_model, load_points, score, sweep
from accelspec.serving.calibration import (
    BY_VENDOR,
    CALIBRATED,
    CalibrationError,
    Efficiency,
)
from accelspec.serving.estimate import EstimateError
from accelspec.serving.memory import (
    PrecisionError,
    expected_hit,
    kv_tokens,
    kv_values_per_token_layer,
    params,
    shape,
)
from accelspec.serving.model import LLM
from accelspec.serving.parallel import Plan, PlanError, layout, parse_on, plans, resolve

BAND = 2.0  # the stated band: benchmarks/serving_validation.py reports the same one


def _shape(model_id):
    s, missing = shape(get_model(model_id))
    assert missing == []
    return s


# ----------------------------------------------------------------------------------- the model's arithmetic


@pytest.mark.parametrize("model,total,active", [
    ("deepseek-v3", 671.0, 37.6),  # card: 671B total, 37B activated (README_WEIGHTS: 36.7B + 0.9B head)
    ("qwen3-235b-a22b", 235.1, 22.2),  # card: 235B, 22B
    ("llama-3-1-70b", 70.6, 70.6),  # card: nominal 70B
    ("gpt-oss-120b", 116.8, 5.7),  # card: 117B, 5.1B active without the embedding
    ("mixtral-8x7b", 46.7, 12.9),  # paper: 47B, 13B
])
def test_parameter_counts_from_the_config_match_the_cards(model, total, active):
    s = _shape(model)
    p = params(s)
    assert (round(p.total / 1e9, 1), round(p.active(s) / 1e9, 1)) == (total, active)


def test_kv_cache_per_token_gqa_mla_and_sliding_layers():
    llama = _shape("llama-3-1-70b")  # 8 KV heads of 128
    assert kv_values_per_token_layer(llama) == 2 * 8 * 128
    assert kv_values_per_token_layer(llama, tp=8) == 2 * 1 * 128
    assert kv_values_per_token_layer(llama, tp=16) == 2 * 1 * 128  # heads replicated, never below one per chip
    ds = _shape("deepseek-v3")  # MLA: kv_lora_rank 512 + qk_rope_head_dim 64, whole on every TP rank
    assert kv_values_per_token_layer(ds) == kv_values_per_token_layer(ds, tp=8) == 576
    assert kv_values_per_token_layer(ds) * ds.layers * 2 == 70272  # bytes per token in bf16
    oss = _shape("gpt-oss-120b")  # 18 sliding layers keep their 128-token window
    assert (oss.sliding_layers, oss.sliding_window) == (18, 128)
    assert kv_tokens(oss, 4096) == 18 * 4096 + 18 * 128


def test_experts_touched_per_step():
    assert expected_hit(256, 8, 0) == 0.0
    assert expected_hit(8, 8, 1) == 1.0
    assert expected_hit(256, 8, 1) == pytest.approx(8 / 256)
    assert expected_hit(256, 8, 512) == pytest.approx(1 - (1 - 8 / 256) ** 512)


def test_a_model_without_the_keys_it_needs_says_which():
    m = LLM(id="tiny", name="Tiny", organization="x", architecture="moe", attention="gqa",
            config={"num_hidden_layers": 2, "num_attention_heads": 4, "vocab_size": 10, "num_local_experts": 4},
            file="catalog/models/tiny.toml")
    s, missing = shape(m)
    assert s is None
    assert [str(x) for x in missing] == [
        "tiny: config.hidden_size — not in catalog/models/tiny.toml; the estimate needs it",
        "tiny: config.num_experts_per_tok / experts_per_token — not in catalog/models/tiny.toml; the estimate needs it",
    ]


# ----------------------------------------------------------------------------------- chips, domains, plans


@pytest.mark.parametrize("text,parsed", [
    ("8xH20", (8, "H20")), ('16x"Ascend 910B"', (16, "Ascend 910B")), ("8 × H200", (8, "H200")),
    ("CloudMatrix 384", (None, "CloudMatrix 384")), ("2X Atlas 800I A3", (2, "Atlas 800I A3")),
])
def test_the_chips_text(text, parsed):
    assert parse_on(text) == parsed


@pytest.mark.parametrize("text,chip,count,domain", [
    ("8xH200", "nvidia-h200-sxm", 8, 8),  # nvidia-hgx-h200 contains 8
    ("16xH200", "nvidia-h200-sxm", 16, 8),
    ("8xH20", "nvidia-h20", 8, 8),  # assumed, and said so
    ("CloudMatrix 384", "huawei-ascend-910c", 384, 384),
    ("2xAtlas 800I A3", "huawei-ascend-910c", 16, 8),
    ("GB200 NVL72", "nvidia-b200", 72, 72),
])
def test_chips_and_their_scale_up_domain(text, chip, count, domain):
    hw = resolve(text, __import__("accelspec").builtin_catalog())
    assert (hw.chip.id, hw.count, hw.domain) == (chip, count, domain)


def test_a_domain_no_server_entry_states_is_assumed_and_said():
    r = estimate("llama-3-1-8b", "8xH20", batch=8)
    assert "scale-up domain: assumed 8: no catalog server entry gives the scale-up domain of nvidia-h20" \
        in r.assumptions
    assert "scale-up domain: 8 per nvidia-hgx-h200 (its [[contains]])" in estimate("llama-3-1-8b", "8xH200").assumptions


def test_bad_parallel_degrees_name_what_would_work():
    s = _shape("deepseek-v3")
    with pytest.raises(PlanError) as e:
        plans(8, s, tp=3)
    assert str(e.value) == "tp=3 must divide both the 8 chips and the model's 128 attention heads; valid: [1, 2, 4, 8]"
    with pytest.raises(PlanError) as e:
        plans(8, _shape("llama-3-1-70b"), ep=8)
    assert str(e.value) == "ep=8: the model has no routed experts; valid: 1"
    with pytest.raises(PlanError) as e:
        plans(8, s, tp=0)
    assert str(e.value) == "tp must be a positive whole number (got 0)"
    with pytest.raises(PlanError) as e:
        resolve("0xH20", __import__("accelspec").builtin_catalog())
    assert str(e.value) == "the chip count must be at least 1 (got '0xH20')"


def test_all_to_all_across_domains():
    lay = layout(Plan(tp=1, dp=16, ep=16), domain=8)
    assert (lay.ep_in, lay.ep_out, lay.needs_scaleout) == (7 / 16, 0.5, True)
    assert not layout(Plan(tp=8, ep=8), domain=8).needs_scaleout


# ----------------------------------------------------------------------------------- the estimate and its bound


def test_the_bound_is_the_roofline_a_hand_computes():
    """Llama-3.1-8B, one H200, batch 1, decode: weights, LM head, KV read and written, over 4.8 TB/s."""
    r = estimate("llama-3-1-8b", "1xH200", batch=1, mode="decode", weights="bf16", input_len=1000, output_len=200)
    p = params(_shape("llama-3-1-8b"))
    kv = 2 * 8 * 128 * 2 * 32  # bytes per token, all layers
    read = (p.dense + p.head) * 2 + kv * (1000 + 200 / 2) + kv
    assert r.tpot_ms_bound == pytest.approx(read / 4.8e12 * 1e3)
    assert r.bottleneck == "memory"


def test_the_done_command_answers_with_fits_tokens_and_reasons():
    rs = [estimate("DeepSeek-V3", on) for on in ("8xH20", "8xH200", "16xP800")]
    keys = {"chip", "chips", "model", "fits", "weights_gb_per_chip", "kv_gb_per_chip", "max_batch", "tpot_ms",
            "tpot_ms_bound", "decode_tokens_per_s", "decode_tokens_per_s_bound", "ttft_ms", "tp", "ep", "pp",
            "missing"}
    assert all(keys <= set(r.to_dict()) for r in rs)
    h20, h200, p800 = rs
    assert (h20.chip, h20.fits, h200.fits, p800.fits) == ("nvidia-h20", False, True, True)
    assert h200.decode_tokens_per_s_bound > h200.decode_tokens_per_s > 0
    assert [m["field"] for m in p800.to_dict()["missing"]] == ["memory.bandwidth", "interconnect.scaleup_bandwidth",
                                                               "compute.fp8.dense", "scale-out bandwidth per chip"]
    assert p800.missing[0].reason == "not found in public sources"
    assert p800.tpot_ms is None and p800.tpot_ms_bound is None
    assert json.loads(json.dumps([r.to_dict() for r in rs]))[1]["chip"] == "nvidia-h200-sxm"


@pytest.mark.parametrize("model,on", [("deepseek-v3", "8xH200"), ("qwen3-235b-a22b", "8xH20"),
                                      ("llama-3-1-70b", "4xH100 SXM5"), ("gpt-oss-120b", "CloudMatrix 384")])
def test_the_bound_is_never_slower_than_the_estimate(model, on):
    for r in sweep(model, on, [1, 16, 256]):
        assert r.tpot_ms_bound < r.tpot_ms and r.ttft_ms_bound < r.ttft_ms


def test_a_sweep_gives_the_throughput_interactivity_curve():
    rs = sweep("llama-3-1-70b", "2xH200", weights="fp8")
    assert [r.batch for r in rs][:4] == [1, 2, 4, 8] and rs[-1].batch <= rs[0].max_batch
    rates = [r.decode_tokens_per_s for r in rs]
    users = [r.tokens_per_s_per_user for r in rs]
    assert rates == sorted(rates) and users == sorted(users, reverse=True)


def test_memory_that_does_not_fit():
    r = estimate("llama-3-1-70b", "1xH200", weights="bf16", batch=1)
    assert (r.fits, r.max_batch, round(r.weights_gb_per_chip)) == (False, 0, 141)


def test_weights_a_chip_cannot_multiply_fall_back_to_bf16_and_say_why():
    r = estimate("deepseek-v3", "16xAscend 910B4", batch=8, scaleout_bandwidth=100)
    assert (r.weights, r.compute) == ("fp8", "bf16")
    assert [str(m) for m in r.missing] == ["huawei-ascend-910b4: interconnect.scaleup_bandwidth — not found in public "
                                           "sources"]
    assert "the scale-up traffic is left out (no scale-up bandwidth): both figures are optimistic" in r.assumptions
    assert any(a.startswith("huawei-ascend-910b4 has no dense fp8 rate") for a in r.assumptions)


def test_the_scale_out_network_is_asked_for_and_then_used():
    r = estimate("deepseek-v3", "16xH200", dp=16, ep=16, batch=256)
    assert [m.field for m in r.missing] == ["scale-out bandwidth per chip"]
    r2 = estimate("deepseek-v3", "16xH200", dp=16, ep=16, batch=256, scaleout_bandwidth=100)
    assert r2.missing == () and r2.tpot_ms > r.tpot_ms


def test_press_based_inputs_are_marked():
    r = estimate("llama-3-1-8b", "1xH20", batch=1)
    assert {i.field: i.press_based for i in r.inputs} == {
        "memory.capacity": True, "memory.bandwidth": True, "compute.bf16.dense": True}
    assert "(press: nvidia-h20-l20-l2-tomshardware) †" in str(r)
    assert "<table>" in r._repr_html_()


@pytest.mark.parametrize("kw,message", [
    ({"draft_tokens": 2}, "draft_tokens=2 needs accepted= (mean tokens kept per step, 1 to 2)"),
    ({"draft_tokens": 2, "accepted": 2.5}, "accepted=2.5 cannot exceed draft_tokens=2"),
    ({"batch": 0}, "batch must be a number ≥ 1 (got 0)"),
    ({"input_len": float("nan")}, "input_len must be a number ≥ 1 (got nan)"),
    ({"mode": "offline"}, "mode must be one of ['aggregated', 'decode'] (got 'offline')"),
    ({"scaleout_bandwidth": -50}, "scaleout_bandwidth must be a positive number (got -50)"),
    ({"context": 0}, "context must be a positive number (got 0)"),
])
def test_bad_arguments_say_what_is_valid(kw, message):
    with pytest.raises(EstimateError) as e:
        estimate("llama-3-1-8b", "1xH200", **kw)
    assert str(e.value) == message


def test_bad_precisions_and_efficiencies():
    with pytest.raises(PrecisionError) as e:
        estimate("llama-3-1-8b", "1xH200", weights="fp6")
    assert str(e.value) == "weights must be one of ['fp32', 'bf16', 'fp16', 'fp8', 'int8', 'fp4', 'int4'] (got 'fp6')"
    with pytest.raises(CalibrationError) as e:
        CALIBRATED.replace(memory=0)
    assert str(e.value) == "efficiency 'memory' must be in (0, 1] (got 0)"
    with pytest.raises(CalibrationError) as e:
        Efficiency(step_ms=-1)
    assert str(e.value) == "efficiency 'step_ms' must be a finite number ≥ 0 (got -1)"


def test_an_override_replaces_the_calibrated_efficiency():
    base = estimate("llama-3-1-70b", "2xH200", batch=8)
    slower = estimate("llama-3-1-70b", "2xH200", batch=8, efficiency=CALIBRATED.replace(memory=0.35))
    assert slower.tpot_ms > base.tpot_ms and slower.tpot_ms_bound == base.tpot_ms_bound
    assert estimate("qwen3-32b", "2xAscend 910C", batch=8).efficiency is BY_VENDOR["huawei"]


# ----------------------------------------------------------------------------------- measured points


def test_the_bound_holds_and_the_estimate_lands_in_the_band_on_every_point():
    scores = score()
    sources = {s.point.source.id for s in scores}
    assert len(scores) >= 20 and len(sources) >= 4
    low = [(s.point.id, round(s.bound_ratio, 2)) for s in scores if s.bound_ratio < 1]
    assert low == []
    full = [s for s in scores if s.complete]
    out = [(s.point.id, round(s.ratio, 2)) for s in full if not 1 / BAND <= s.ratio <= BAND]
    assert out == [] and len(full) >= 20
    assert len({s.point.source.id for s in full}) >= 3
    ratios = sorted(s.ratio for s in full)
    assert 0.8 <= ratios[len(ratios) // 2] <= 1.25


def test_points_whose_source_lacks_the_network_are_scored_for_the_bound_only():
    incomplete = {s.point.id: s.missing for s in score() if not s.complete}
    assert set(incomplete) == {"sglang-v3-h100-ep72-decode-bs256", "sglang-v3-h100-ep32-prefill-4k",
                               "sglang-v3-h100-ep32-prefill-4k-balanced"}


POINT = '''[sources.s]
title = "t"
url = "https://example.invalid/s"
kind = "measured"

[[point]]
id = "p"
source = "s"
model = "llama-3-1-8b"
chip = "nvidia-h200-sxm"
chips = 1
weights = "bf16"
mode = "decode"
input_len = 100
output_len = 100
batch = 1
metric = "tpot_ms"
value = 10.0
printed = "10 ms"
quote = "10 ms"
'''


def test_a_point_file_loads_and_scores(tmp_path):
    (tmp_path / "p.toml").write_text(POINT, encoding="utf-8")
    pts = load_points(tmp_path / "p.toml")
    assert [(p.id, p.source.id, p.tp, p.kv) for p in pts] == [("p", "s", 1, "bf16")]
    assert score(pts)[0].bound_ratio > 1


@pytest.mark.parametrize("old,new,path,message", [
    ('model = "llama-3-1-8b"', 'model = "llama-9"', "$.point[0].model", "unknown model 'llama-9'"),
    ('chips = 1', 'chips = 2', "$.point[0]", "tp·pp·dp = 1 must equal chips = 2"),
    ('metric = "tpot_ms"', 'metric = "tps"', "$.point[0].metric",
     "'metric' must be in ['tpot_ms', 'output_tokens_per_s_per_chip', 'input_tokens_per_s_per_chip'] (got 'tps')"),
    ('value = 10.0', 'value = -1', "$.point[0].value", "'value' must be a finite positive number (got -1)"),
    ('source = "s"\nmodel', 'source = "q"\nmodel', "$.point[0].source", "unknown source 'q'"),
    ('batch = 1', 'batch = 1\nbatchs = 3', "$.point[0].batchs",
     "unknown key 'batchs'; did you mean 'batch'? (valid: id, source, model, chip, chips, tp, pp, dp, ep, weights, "
     "kv, compute, mode, input_len, output_len, context, batch, draft_tokens, accepted, scaleout_bandwidth, "
     "scaleout_source, scaleout_quote, metric, value, printed, quote, note)"),
])
def test_a_bad_point_is_named_with_its_path(tmp_path, old, new, path, message):
    (tmp_path / "p.toml").write_text(POINT.replace(old, new), encoding="utf-8")
    with pytest.raises(CatalogError) as e:
        load_points(tmp_path / "p.toml")
    assert [(p.path, p.message) for p in e.value.problems] == [(path, message)]


# ----------------------------------------------------------------------------------- the command


def _main(argv):
    """accelspec's own main(), with `serve` registered if the command tuple does not have it yet."""
    from accelspec.cli import serve

    build = cli.build_parser

    def parser():
        p = build()
        sub = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
        if "serve" not in sub.choices:
            serve.register(sub)
        return p

    cli.build_parser = parser
    try:
        return cli.main(argv)
    finally:
        cli.build_parser = build


def test_serve_json_and_text(capsys):
    assert _main(["serve", "DeepSeek-V3", "--on", "8xH200", "--on", "8xH20", "--batch", "8,64", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [(r["chip"], r["batch"]) for r in out] == [("nvidia-h200-sxm", 8), ("nvidia-h200-sxm", 64),
                                                     ("nvidia-h20", 8), ("nvidia-h20", 64)]
    assert _main(["serve", "llama-3-1-70b", "--on", "2xH200", "--tp", "2", "--efficiency", "memory=0.5"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("llama-3-1-70b on 2 × nvidia-h200-sxm\n  plan               TP2 PP1 DP1 EP1")
    assert "memory 0.5, compute 0.551" in text


def test_the_summary_table_fits_100_columns_and_holds_every_estimate(capsys):
    argv = ["serve", "DeepSeek-V3", "--on", "8xH20", "--on", "16xAscend 910B2", "--on", "8xH200", "--batch", "64,256"]
    assert _main(argv) == 0
    text = capsys.readouterr().out
    summary = text.split("\n\n")[0].splitlines()
    assert max(len(line) for line in text.splitlines()) <= 100
    assert summary[0].split()[:2] == ["deepseek-v3", "fits"]  # one model: its name heads the table
    assert summary[1].split()[:3] == ["on", "plan", "(max"]
    rows = summary[3:]
    results = [estimate("DeepSeek-V3", on, batch=b) for on in ("8xH20", "16xAscend 910B2", "8xH200") for b in (64, 256)]
    assert len(rows) == len(results) == 6
    for row, r in zip(rows, results):
        cells = row.split()
        assert cells[0] == f"{r.chips}x{r.chip}" and cells[7] == str(r.batch)  # the plan is four cells, fits two
        assert cells[8] == f"{r.decode_tokens_per_s:,.0f}" and cells[9] == f"{r.decode_tokens_per_s_bound:,.0f}"


def test_the_readme_serve_table_is_the_commands_output(capsys):
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    command = 'accelspec serve DeepSeek-V3 --on 8xH20 --on 8xH200 --on 16x"Ascend 910B2"'
    assert f"`{command}`" in readme
    block = readme.split(f"`{command}`", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    assert _main(["serve", "DeepSeek-V3", "--on", "8xH20", "--on", "8xH200", "--on", "16xAscend 910B2"]) == 0
    summary = capsys.readouterr().out.split("\n\n")[0]
    assert block.strip() == summary.strip(), "README's serve table is stale: paste the command's summary"


def test_the_summary_gets_a_model_column_when_the_models_differ():
    from accelspec.serving.render import render_text

    text = render_text([estimate("DeepSeek-V3", "8xH200", batch=8), estimate("llama-3-1-70b", "8xH200", batch=8)])
    head, sub, _rule, *rows = text.split("\n\n")[0].splitlines()
    assert head.split()[:2] == ["model", "fits"] and sub.split()[:2] == ["on", "plan"]
    assert [r.split()[0] for r in rows] == ["deepseek-v3", "llama-3-1-70b"]


@pytest.mark.parametrize("argv,code,err", [
    (["serve", "DeepSeek-V3", "--on", "8xH2O"], 1, "accelspec: unknown accelerator 'H2O'; did you mean 'H20' or 'H200'?"),
    (["serve", "GPT-9", "--on", "8xH200"], 1, "accelspec: unknown model 'GPT-9'"),
    (["serve", "DeepSeek-V3", "--on", "8xH200", "--batch", "x"], 2,
     "accelspec serve: error: --batch takes whole numbers ≥ 1, comma-separated for a sweep such as 1,8,64 (got 'x')"),
    (["serve", "DeepSeek-V3", "--on", "8xH200", "--efficiency", "memory"], 2,
     "accelspec serve: error: --efficiency takes NAME=VALUE such as memory=0.7 (got 'memory')"),
])
def test_serve_errors_end_without_a_traceback(capsys, argv, code, err):
    assert _main(argv) == code
    assert capsys.readouterr().err.strip().startswith(err)


def test_no_estimate_without_its_bound():
    from accelspec.serving.catalog import ModelCatalog

    tiny = LLM(id="tiny", name="Tiny", organization="x", architecture="dense", attention="gqa",
               config={"num_hidden_layers": 2, "hidden_size": 64, "num_attention_heads": 4, "vocab_size": 10})
    r = estimate("tiny", "8xH200", models=ModelCatalog([tiny], {}))
    assert (r.fits, r.weights_gb_per_chip, r.tpot_ms, r.tpot_ms_bound) == (None, None, None, None)
    assert [m.field for m in r.missing] == ["config.intermediate_size"]
    for r in (estimate("deepseek-v3", '16x"Ascend 910B"'), estimate("qwen3-32b", "1xH200")):
        assert (r.tpot_ms is None) == (r.tpot_ms_bound is None) and (r.ttft_ms is None) == (r.ttft_ms_bound is None)
    assert isinstance(AccelspecError("x"), Exception) and math.isfinite(estimate("qwen3-32b", "1xH200").tpot_ms)


def test_group_limited_routing_reaches_fewer_remote_domains():
    from math import comb

    from accelspec.serving.memory import remote_domains, shape

    v3, _ = shape(get_model("DeepSeek-V3"))
    assert (v3.expert_groups, v3.groups_per_token, v3.experts_per_token) == (8, 4, 8)
    # 8 domains of one group each: a remote domain is reached when its group is among the 4 of 8
    assert remote_domains(v3, 8) == pytest.approx(7 * (1 - comb(7, 4) / comb(8, 4)))  # 3.5
    uniform = attrs.evolve(v3, expert_groups=0, groups_per_token=0)
    assert remote_domains(uniform, 8) == pytest.approx(7 * (1 - (7 / 8) ** 8))  # 4.59
    # groups that do not divide among the domains: the uniform figure; one domain: nothing remote
    assert remote_domains(v3, 3) == pytest.approx(remote_domains(uniform, 3))
    assert remote_domains(v3, 1) == 0.0
    # a model without group-limited routing is unchanged
    qwen, _ = shape(get_model("qwen3-235b-a22b"))
    assert qwen.expert_groups == 0 and remote_domains(qwen, 4) == pytest.approx(3 * (1 - (3 / 4) ** 8))
