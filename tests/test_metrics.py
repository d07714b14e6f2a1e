"""Metric values against hand computation on the fake catalog (made-up numbers)."""

import math

import pytest

from accelspec import metrics
from accelspec.errors import UnknownFieldError


def m(fake, chip, name, **ctx):
    return metrics.compute(fake.get(chip), name, metrics.Context(catalog=fake, **ctx))


@pytest.mark.parametrize("chip,name,expected,unit", [
    ("H200", "bf16_tflops", 1000, "TFLOP/s"),
    ("H200", "bf16_tflops_sparse", 2000, "TFLOP/s"),
    ("H200", "bf16_tflops_per_watt", 1000 / 700, "TFLOP/s/W"),
    ("H200", "bf16_tflops_per_watt_sparse", 2000 / 700, "TFLOP/s/W"),
    ("H200", "int8_tops_per_watt", 2000 / 700, "TOP/s/W"),
    ("H20", "memory_bandwidth_per_watt", 4000 / 400, "GB/s/W"),
    ("H20", "memory_capacity_per_watt", 96 / 400, "GB/W"),
    ("H20", "bytes_per_flop_bf16", 4.0e12 / 100e12, "B/FLOP"),
    ("H20", "ridge_point_bf16", 100e12 / 4.0e12, "FLOP/B"),
    ("H200", "ridge_point_fp8", 2000e12 / 4.8e12, "FLOP/B"),
    ("H200", "usd_per_bf16_tflops", 35000 / 1000, "USD/(TFLOP/s)"),
    ("H200", "usd_per_gb", 35000 / 141, "USD/GB"),
    ("H200", "usd_per_gbs", 35000 / 4800, "USD/(GB/s)"),
    ("H200", "scaleup_bandwidth_gbs", 900, "GB/s"),
    ("H200", "max_params_b_fp16", 141 * 0.8 / 2, "B params"),
    ("H200", "max_params_b_fp8_x8", 141 * 8 * 0.8 / 1, "B params"),
    ("H200", "decode_tokens_per_s_70b_fp8", 4800 / 70, "tokens/s"),
    ("H200", "decode_tokens_per_s_70b_fp16_x8", 4800 * 8 / 140, "tokens/s"),
    ("H200", "prefill_tokens_per_s_70b_fp8", 2000e12 / (2 * 70e9), "tokens/s"),
    ("H200", "tpp", 2000 * 8, "TPP"),
    ("H200", "performance_density", 2000 * 8 / 800, "TPP/mm²"),
    ("H20", "tpp", 200 * 8, "TPP"),
])
def test_metric_values(fake, chip, name, expected, unit):
    r = m(fake, chip, name)
    assert r.value == pytest.approx(expected, rel=1e-12)
    assert r.unit == unit == metrics.get_metric(name).unit


@pytest.mark.parametrize("chip,name,reason", [
    ("910C", "bf16_tflops_per_watt", "no TDP"),
    ("910C", "memory_bandwidth_per_watt", "no TDP"),
    ("H20", "usd_per_bf16_tflops", "no price"),
    ("910B1", "bf16_tflops", "no BF16"),
    ("H20", "scaleup_bandwidth_gbs", "no scale-up bandwidth"),
    ("H200", "decode_tokens_per_s_70b_fp16", "140 GB of weights do not fit in 1 × 141 GB with 20% headroom"),
    ("H20", "performance_density", "no die area"),
    ("910B", "tpp", "no dense compute figure"),
])
def test_missing_inputs_give_reasons_not_zero(fake, chip, name, reason):
    r = m(fake, chip, name)
    assert r.value is None and r.missing
    assert r.reason == reason
    assert str(r) == f"— ({reason})"


def test_only_sparse_is_said(tmp_path):
    import accelspec

    (tmp_path / "nvidia").mkdir()
    (tmp_path / "nvidia" / "nvidia-x.toml").write_text(
        'id = "nvidia-x"\nname = "X"\nvendor = "nvidia"\nkind = "gpu"\nlevel = "package"\nstatus = "shipping"\n'
        'market = "datacenter"\n[compute.fp8]\nsparse = { value = 10, unit = "TFLOP/s", source = "s" }\n'
        '[sources.s]\nurl = "https://example.invalid/s"\ntitle = "t"\nkind = "vendor"\n', encoding="utf-8")
    cat = accelspec.load_catalog(tmp_path, include_builtin=False)
    ctx = metrics.Context(catalog=cat)
    assert metrics.compute(cat.get("X"), "fp8_tflops", ctx).reason == "no dense FP8 figure (only sparse)"
    assert metrics.compute(cat.get("X"), "tpp", ctx).reason == "only sparse compute figures (TPP counts dense only)"


def test_cny_price_is_not_converted(fake):
    # the H200 has USD and CNY prices; the H20 none; a CNY-only entry says why it has no USD figure
    r = metrics.price(fake.get("H200"), metrics.Context(catalog=fake))
    assert r.value == 35000 and r.inputs[0].unit == "USD"


def test_price_chosen_by_source(fake):
    r = m(fake, "H200", "price_usd", price="nonexistent")
    assert r.missing and r.reason == "no USD price (CNY prices are not converted without a stated rate)"


def test_composition_sums_compute_and_memory_not_power(fake):
    cm = m(fake, "CM384", "bf16_tflops")
    assert cm.value == 384 * 800
    assert cm.note == "sum of 384 × huawei-ascend-910c"
    assert cm.weakest_kind == "press"  # built on a press claim, and says so
    assert m(fake, "CM384", "memory_gb").value == 384 * 128
    assert m(fake, "CM384", "tdp_w").value == 500_000     # the system's own (estimate) claim
    assert m(fake, "CM384", "tdp_w").weakest_kind == "estimate"
    assert m(fake, "CM384", "bf16_tflops_per_watt").value == pytest.approx(384 * 800 / 500_000)


def test_card_uses_own_claims_and_sums_missing_ones(fake):
    d20 = fake.get("D20")
    assert m(fake, "D20", "memory_gb").value == 128          # the card's own claim, not a sum
    assert m(fake, "D20", "int8_tops").value == 2 * 128      # summed from two chips
    assert m(fake, "D20", "int8_tops").note == "sum of 2 × jiangyuan-d20-chip"
    assert m(fake, "D20", "bf16_tflops").reason == "no BF16, nor for its component Jiangyuan D20 chip"
    assert d20.level == "card"


def test_result_refuses_zero_and_infinity():
    with pytest.raises(ValueError):
        metrics.Result(0.0, "W")
    with pytest.raises(ValueError):
        metrics.Result(math.inf, "W")
    with pytest.raises(ValueError):
        metrics.Result(None, "W")


@pytest.mark.parametrize("name,expected", [
    ("bf16", "bf16"), ("torch.bfloat16", "bf16"), ("torch.float16", "fp16"), ("jnp.float8_e4m3fn", "fp8"),
    ("float32", "fp32"), ("INT8", "int8"), ("torch.float4_e2m1fn_x2", "fp4"),
])
def test_precision_names(name, expected):
    assert metrics.precision(name) == expected


def test_unknown_precision_and_metric():
    with pytest.raises(UnknownFieldError, match="valid precisions: fp64 fp32"):
        metrics.precision("fp9")
    with pytest.raises(UnknownFieldError, match=r"did you mean 'bf16_tflops_per_watt'"):
        metrics.get_metric("bf16_tflop_per_watt")


def test_every_registered_metric_has_unit_description_formula():
    for name, metric in metrics.REGISTRY.items():
        assert metric.unit and metric.description and metric.formula and metric.inputs, name


def test_registry_lists_required_names():
    for name in ("bf16_tflops_per_watt", "memory_bandwidth_per_watt", "memory_capacity_per_watt", "bytes_per_flop_fp8",
                 "ridge_point_bf16", "usd_per_bf16_tflops", "usd_per_gb", "usd_per_gbs", "tpp", "performance_density"):
        assert name in metrics.REGISTRY
    text = metrics.render_registry("text")
    assert "bf16_tflops_per_watt" in text and "decode_tokens_per_s_70b_fp8" in text
