"""The registry as a table or JSON (``accelspec metrics``)."""

from __future__ import annotations

from .parametric import MODEL_EXAMPLES, model_metric
from .registry import REGISTRY

# -------------------------------------------------------------------------- listing


def render_registry(fmt: str = "text") -> str:
    rows = [(m.name, m.unit, m.group, m.description, m.formula) for m in REGISTRY.values()]
    rows += [(m.name, m.unit, "model", m.description, m.formula) for m in map(model_metric, MODEL_EXAMPLES)]
    if fmt == "json":
        import json

        keys = ("name", "unit", "group", "description", "formula")
        return json.dumps([dict(zip(keys, r)) for r in rows], ensure_ascii=False, indent=2)
    from tabulate import tabulate

    text = tabulate(rows, headers=("name", "unit", "group", "description", "formula"),
                    tablefmt="github" if fmt == "markdown" else "simple", maxcolwidths=[None, None, None, 48, 40])
    return text + (
        "\n\nModel metrics take parameters in the name: max_params_b_<w>[_x<chips>], "
        "decode_tokens_per_s_<N>b_<w>[_x<chips>], prefill_tokens_per_s_<N>b_<w>[_x<chips>]; "
        "<w> is the weight precision (fp16, bf16, fp8, int8, fp4, int4). Headroom for activations/KV cache: 20%."
        "\n\nMeasured results: mlperf_<benchmark>_<scenario> (mlperf_llama2-70b-99_offline) is each entry's best "
        "closed-division MLPerf result per chip in the newest round (derived; the table cites the result ID); "
        "`accelspec results` lists the benchmarks."
    )
