"""The vectorised metrics answer what the per-chip metrics answer, and keep missing values missing."""

import math

import numpy as np
import pytest

from accelspec import metrics
from accelspec.formats.flat import records
from accelspec.metrics.vectorized import MissingColumnError, evaluate

VECTOR_METRICS = [n for n, m in metrics.REGISTRY.items() if m.vector is not None] + [
    "max_params_b_fp8_x8", "decode_tokens_per_s_70b_fp8", "decode_tokens_per_s_8b_bf16_x2", "prefill_tokens_per_s_70b_fp8"]


@pytest.mark.parametrize("name", VECTOR_METRICS)
def test_columns_agree_with_each_chip(fake, name):
    entries = [e for e in fake if not e.contains]  # the flat export holds own claims; compositions sum in compute()
    rows = records(entries)
    m = metrics.get_metric(name)
    cols = {c: [np.nan if r.get(c) is None else r[c] for r in rows] for c in m.columns}
    got = evaluate(name, cols, metrics.Context(catalog=fake)).values
    for e, v in zip(entries, got):
        want = metrics.compute(e, name, metrics.Context(catalog=fake))
        if want.missing:
            assert math.isnan(v), (e.id, v, want.reason)
        else:
            assert v == pytest.approx(want.value, rel=1e-12), e.id


def test_every_registered_metric_but_text_has_a_vector_form():
    assert [n for n, m in metrics.REGISTRY.items() if m.vector is None] == []


@pytest.mark.parametrize("bad", [0.0, -5.0, np.inf, np.nan])
def test_zero_negative_infinite_and_nan_inputs_give_missing(bad):
    r = evaluate("bf16_tflops_per_watt", {"bf16_tflops": [100.0, bad], "tdp_w": [bad, 100.0]})
    assert np.isnan(r.values).all()
    assert r.reasons() == ["no tdp_w", "no bf16_tflops"]


def test_the_callers_arrays_are_not_changed():
    a = np.array([100.0, 0.0])
    evaluate("bf16_tflops_per_watt", {"bf16_tflops": a, "tdp_w": [1.0, 1.0]})
    assert a.tolist() == [100.0, 0.0]


def test_a_missing_column_is_named():
    with pytest.raises(MissingColumnError, match=r"metric 'tpp' needs column 'fp64_tflops'"):
        evaluate("tpp", {"bf16_tflops": [1.0]})


def test_decode_that_does_not_fit_is_missing_with_a_reason():
    r = evaluate("decode_tokens_per_s_70b_fp16", {"memory_gb": [80.0, 192.0], "memory_bandwidth_gbs": [3350.0, 8000.0]})
    assert np.isnan(r.values[0]) and r.values[1] == pytest.approx(8000 / 140)
    assert r.reasons()[0] == "does not apply (e.g. the model does not fit)"
