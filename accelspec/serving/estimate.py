"""What a model gets on N chips: a bound (every peak at 100%, no latency) and an estimate, always both.

>>> from accelspec.serving import estimate
>>> r = estimate("DeepSeek-V3", "8xH200", batch=64)
>>> r.chip, r.chips, r.fits, r.tpot_ms_bound < r.tpot_ms
('nvidia-h200-sxm', 8, True, True)

Each formula, with its reference, is in ``docs/serving.md``. The per-chip byte and FLOP counts
come from :mod:`.parallel`, the model's arithmetic from :mod:`.memory`, the efficiencies from
:mod:`.calibration`; the record (:class:`ServingEstimate`), how a plan is chosen, and the record's
text and notebook forms are here.
"""

from __future__ import annotations

import math
from typing import Any

from attrs import frozen

from ..errors import AccelspecError
from .calibration import (
    BOUND,
    CALIBRATED,
    Efficiency,
    Setup,
    calibrated,
    decode_time,
    prefill_time,
    rate_for,
)
from .memory import (
    HEAD_PRECISION,
    PRECISION_BYTES,
    USABLE_MEMORY,
    Missing,
    native_weights,
    params,
    precision_bytes,
    shape,
)
from .parallel import Hardware, Plan, layout, per_chip, plans, resolve

MODES = ("aggregated", "decode")
"""``aggregated``: new requests' prompts are prefilled on the same chips, between decode steps;
``decode``: a decode-only deployment (prefill on other chips, PD disaggregation)."""


class EstimateError(AccelspecError, ValueError):
    """Arguments the estimate cannot run with (the message says which and what is valid)."""


@frozen
class ServingEstimate:
    """One model on N chips: memory, decode and prefill, each as an estimate and its bound, with every input."""

    model: str
    chip: str
    chips: int
    system: str
    plan: Plan
    batch: int
    input_len: int
    output_len: int
    mode: str
    weights: str
    kv: str
    compute: str | None
    domain: int
    fits: bool | None
    weights_gb_per_chip: float | None
    kv_gb_per_chip: float | None
    max_batch: int | None
    tpot_ms: float | None
    tpot_ms_bound: float | None
    ttft_ms: float | None
    ttft_ms_bound: float | None
    bottleneck: str | None
    draft_tokens: int = 1
    accepted: float = 1.0
    missing: tuple[Missing, ...] = ()
    assumptions: tuple[str, ...] = ()
    inputs: tuple = ()
    efficiency: Efficiency = CALIBRATED

    @property
    def tp(self) -> int:
        return self.plan.tp

    @property
    def ep(self) -> int:
        return self.plan.ep

    @property
    def pp(self) -> int:
        return self.plan.pp

    @property
    def dp(self) -> int:
        return self.plan.dp

    def _rate(self, tpot: float | None, per: str) -> float | None:
        if tpot is None:
            return None
        user = 1e3 / tpot
        return {"user": user, "all": user * self.batch, "chip": user * self.batch / self.chips}[per]

    @property
    def decode_tokens_per_s(self) -> float | None:
        """Output tokens per second, all chips together."""
        return self._rate(self.tpot_ms, "all")

    @property
    def decode_tokens_per_s_bound(self) -> float | None:
        return self._rate(self.tpot_ms_bound, "all")

    @property
    def tokens_per_s_per_chip(self) -> float | None:
        return self._rate(self.tpot_ms, "chip")

    @property
    def tokens_per_s_per_chip_bound(self) -> float | None:
        return self._rate(self.tpot_ms_bound, "chip")

    @property
    def tokens_per_s_per_user(self) -> float | None:
        return self._rate(self.tpot_ms, "user")

    @property
    def tokens_per_s_per_user_bound(self) -> float | None:
        return self._rate(self.tpot_ms_bound, "user")

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in (
            "chip", "chips", "system", "model", "fits", "weights_gb_per_chip", "kv_gb_per_chip", "max_batch",
            "batch", "input_len", "output_len", "mode", "tpot_ms", "tpot_ms_bound", "decode_tokens_per_s",
            "decode_tokens_per_s_bound", "tokens_per_s_per_chip", "tokens_per_s_per_chip_bound",
            "tokens_per_s_per_user", "tokens_per_s_per_user_bound", "ttft_ms", "ttft_ms_bound", "tp", "ep", "pp",
            "dp", "domain", "weights", "kv", "compute", "draft_tokens", "accepted", "bottleneck")}
        d["missing"] = [m.to_dict() for m in self.missing]
        d["assumptions"] = list(self.assumptions)
        d["inputs"] = [i.to_dict() for i in self.inputs]
        d["efficiency"] = self.efficiency.to_dict()
        return d

    def __str__(self) -> str:
        from .render import render_text

        return render_text([self])

    def _repr_html_(self) -> str:
        from .render import _html, _rows

        rows = "".join(f"<tr><th style='text-align:left'>{k}</th><td style='text-align:left'>{_html(v)}</td></tr>"
                       for k, v in _rows(self))
        return f"<table>{rows}</table>"


def _setup(m, hw: Hardware, *, inp: int, out: int, weights: str, kv: str, compute: str | None, q: int,
           accepted: float, mode: str, scaleout: float | None, context: float | None
           ) -> tuple[Setup, list[Missing], list[str]]:
    s, missing = shape(m)
    notes: list[str] = []
    want = compute or weights
    used, lin = rate_for(hw, want)
    _p, attn = rate_for(hw, kv if kv in ("fp8", "int8") else "bf16")
    if lin is None:
        missing.append(Missing(hw.chip.id, f"compute.{want}.dense",
                               "no dense rate for it, nor for bf16 or fp16, in the catalog"))
    elif used != want:
        why = hw.chip.gap(f"compute.{want}.dense")
        notes.append(f"{hw.chip.id} has no dense {want} rate ({why.describe(full=False) if why else 'not recorded'}): "
                     f"{weights} weights are multiplied at {used}")
    db = 1.0 if PRECISION_BYTES.get(used or "bf16", 2) <= 1 else 2.0
    st = Setup(shape=s, params=params(s) if s else None, hw=hw, wb=PRECISION_BYTES[weights],
               hb=PRECISION_BYTES[HEAD_PRECISION], kvb=PRECISION_BYTES[kv], db=db, compute=used, lin_rate=lin,
               attn_rate=attn, scaleout=scaleout, inp=inp, out=out, q=q, accepted=accepted, mode=mode,
               context=context, weights=weights, kv=kv)
    return st, missing, notes


def _check(name: str, v: Any, low: float | None = 1) -> None:
    """``v`` a finite number ≥ ``low`` (``low=None``: above 0)."""
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or (
            v <= 0 if low is None else v < low):
        raise EstimateError(f"{name} must be a {'positive number' if low is None else f'number ≥ {low:g}'} (got {v!r})")


def prepare(model, on: str, *, input_len: int = 2048, output_len: int = 512, weights: str | None = None,
            kv: str = "bf16", compute: str | None = None, tp: int | None = None, pp: int | None = None,
            ep: int | None = None, dp: int | None = None, mode: str = "aggregated", draft_tokens: int = 1,
            accepted: float | None = None, context: float | None = None, scaleout_bandwidth: float | None = None,
            catalog=None, models=None) -> tuple[Any, Setup, list[Plan], list[Missing], list[str]]:
    """Check the arguments and fix what every plan shares: (model, setup, candidate plans, missing, notes)."""
    from ..catalog import builtin_catalog
    from .catalog import builtin_models

    for name, v in (("input_len", input_len), ("output_len", output_len), ("draft_tokens", draft_tokens)):
        _check(name, v)
    if mode not in MODES:
        raise EstimateError(f"mode must be one of {list(MODES)!r} (got {mode!r})")
    if draft_tokens > 1 and accepted is None:
        raise EstimateError(f"draft_tokens={draft_tokens} needs accepted= (mean tokens kept per step, 1 to "
                            f"{draft_tokens})")
    accepted = 1.0 if accepted is None else accepted
    _check("accepted", accepted)
    if accepted > draft_tokens:
        raise EstimateError(f"accepted={accepted!r} cannot exceed draft_tokens={draft_tokens}")
    for name, v in (("scaleout_bandwidth", scaleout_bandwidth), ("context", context)):
        if v is not None:
            _check(name, v, None)
    m = (models or builtin_models()).get(model)
    hw = resolve(on, catalog or builtin_catalog())
    weights = weights or native_weights(m)
    precision_bytes(weights, "weights")
    precision_bytes(kv, "kv")
    if compute is not None:
        precision_bytes(compute, "compute")
    st, missing, notes = _setup(m, hw, inp=int(input_len), out=int(output_len), weights=weights, kv=kv,
                                compute=compute, q=int(draft_tokens), accepted=float(accepted), mode=mode,
                                scaleout=scaleout_bandwidth, context=context)
    cands = plans(hw.count, st.shape, tp=tp, pp=pp, ep=ep, dp=dp) if st.shape else [Plan(dp=hw.count)]
    return m, st, cands, missing, notes


def estimate(model, on: str, *, batch: int = 64, efficiency: Efficiency | None = None, **kw: Any) -> ServingEstimate:
    """``model`` (name or record) served on ``on`` (``"8xH20"``, ``"CloudMatrix 384"``): see the module doc.

    ``batch`` sequences decode at once across all chips, each with ``input_len`` prompt tokens
    (default 2048) and ``output_len`` output tokens (default 512). ``weights`` (default: the
    checkpoint's own), ``kv`` (bf16) and ``compute`` (the weights' if the chip has a dense rate for
    it, else bf16) are precisions. Parallel degrees ``tp``, ``pp``, ``ep``, ``dp`` left out are
    chosen: the plan that fits the batch with the highest estimated tokens/s. ``mode`` is
    ``"aggregated"`` or ``"decode"``. ``draft_tokens`` > 1 is speculative decoding (MTP, EAGLE)
    verifying that many tokens per step, of which ``accepted`` are kept on average; the bound
    assumes all are. ``scaleout_bandwidth`` (GB/s per chip, both directions) is needed when a
    collective leaves the scale-up domain: the catalog holds no scale-out figure. ``context``
    replaces the average decode context ``input_len + output_len/2``. ``efficiency`` replaces
    :data:`~accelspec.serving.calibration.CALIBRATED`.
    """
    _check("batch", batch)
    m, st, cands, missing, notes = prepare(model, on, **kw)
    auto = not any(kw.get(k) for k in ("tp", "pp", "ep", "dp"))
    if efficiency is None:
        efficiency, why = calibrated(st.hw.chip.vendor)
        notes = [*notes, why]
    return _assemble(m, st, efficiency, int(batch), cands, missing, notes, auto=auto)


def sweep(model, on: str, batches: list[int] | None = None, **kw: Any) -> list[ServingEstimate]:
    """The throughput-vs-interactivity curve: one estimate per batch (default 1, 2, 4, ... up to the largest that fits)."""
    if batches is None:
        first = estimate(model, on, **{**kw, "batch": 1})
        top = first.max_batch or 1
        batches = [b for b in (2 ** i for i in range(21)) if b <= top] or [1]
    return [estimate(model, on, **{**kw, "batch": b}) for b in batches]


# ----------------------------------------------------------------------------------- choosing and assembling


def _memory(st: Setup, plan: Plan, batch: int) -> tuple[float, float, int | None, bool | None]:
    """(weights GB/chip, KV GB/chip at ``batch``, the largest batch that fits, fits) for one plan."""
    b = per_chip(st.shape, st.params, plan, st.wb, st.hb, st.kvb, st.inp + st.out)
    kv = b.kv_per_sequence * batch / plan.dp
    cap = st.hw.memory_gb
    if cap is None:
        return b.weights / 1e9, kv / 1e9, None, None
    free = cap * 1e9 * USABLE_MEMORY - b.weights
    top = max(0, math.floor(free / b.kv_per_sequence)) * plan.dp if b.kv_per_sequence else None
    return b.weights / 1e9, kv / 1e9, top, b.weights + kv <= cap * 1e9 * USABLE_MEMORY


def _score(st: Setup, plan: Plan, batch: int, eff: Efficiency) -> tuple:
    """Sort key of a plan: it fits, it needs no missing link, its estimated tokens/s, fewer domains crossed."""
    _w, _kv, top, fits = _memory(st, plan, batch)
    lay = layout(plan, st.hw.domain)
    complete = not (lay.needs_scaleout and st.scaleout is None)
    ready = st.lin_rate and st.attn_rate and st.hw.bandwidth_gbs
    rate = batch / decode_time(st, plan, batch, eff)[0] if ready else 0.0
    return (fits is not False, complete, fits is not False or (top or 0), rate, -plan.pp, -plan.tp)


def _assemble(m, st: Setup, eff: Efficiency, batch: int, cands: list[Plan], missing: list[Missing],
              notes: list[str], auto: bool) -> ServingEstimate:
    hw, weights, kv = st.hw, st.weights, st.kv
    missing = list(hw.missing) + missing
    ready = st.shape is not None and st.lin_rate and st.attn_rate and hw.bandwidth_gbs is not None
    plan = max(cands, key=lambda p: _score(st, p, batch, eff)) if st.shape is not None else cands[0]
    notes = list(notes)
    if auto and len(cands) > 1:
        notes.insert(0, f"plan {plan} chosen of {len(cands)}: " + ("it fits the batch and gives the highest "
                        "estimated tokens/s" if ready else "the most memory left for the KV cache"))
    notes.append(f"scale-up domain: {hw.domain_note}")
    w_gb = kv_gb = top = fits = None
    tpot = tpot_b = ttft = ttft_b = None
    neck = None
    if st.shape is not None:
        w_gb, kv_gb, top, fits = _memory(st, plan, batch)
        if auto and fits is False and notes and notes[0].startswith("plan "):
            notes[0] = f"plan {plan}: no plan fits the batch; this one fits the largest ({top})"
    lay = layout(plan, hw.domain)
    if lay.needs_scaleout and st.scaleout is None:
        missing.append(Missing(hw.named, "scale-out bandwidth per chip",
                               f"{plan} spans {hw.domains} scale-up domains and no catalog field records the network "
                               "between them; give scaleout_bandwidth (GB/s per chip, both directions). The "
                               "cross-domain traffic is left out, so both figures are optimistic"))
    if plan.chips > 1 and hw.scaleup_gbs is None:
        notes.append("the scale-up traffic is left out (no scale-up bandwidth): both figures are optimistic")
    if ready:
        step, parts = decode_time(st, plan, batch, eff)
        tpot = step * 1e3 / st.accepted
        tpot_b = decode_time(st, plan, batch, BOUND)[0] * 1e3 / st.q
        ttft = prefill_time(st, plan, eff) * plan.pp * 1e3 + eff.step_ms
        ttft_b = prefill_time(st, plan, BOUND) * plan.pp * 1e3
        neck = max(parts, key=parts.get)
    used = {f"compute.{p}.dense" for p in (st.compute, rate_for(hw, kv if kv in ("fp8", "int8") else "bf16")[0])}
    notes += [f"weights {weights} (embedding and LM head {HEAD_PRECISION}); KV cache {kv}; "
              f"{USABLE_MEMORY:.0%} of memory usable for weights and KV",
              f"KV sized for every sequence at its full length ({st.inp}+{st.out} tokens); decode reads the "
              f"average context ({st.inp}+{st.out}/2)",
              "routed experts: uniform routing (expected experts touched per step: 1 − (1 − k/E)^T)",
              f"TTFT: one {st.inp}-token prompt prefilled alone on an idle deployment",
              f"mode {st.mode}" + (": each step also prefills the new requests' prompts (input/output × batch "
                                   "tokens per step, spread)" if st.mode == "aggregated" else ": decode only")]
    if st.q > 1:
        notes.append(f"speculative decoding: {st.q} tokens verified per step, {st.accepted:g} kept on average "
                     f"(the bound keeps all {st.q}); the draft model's own cost is not modelled")
    if m.get("num_nextn_predict_layers"):
        notes.append("the model's MTP layers are not counted in its weights")
    return ServingEstimate(
        model=m.id, chip=hw.chip.id, chips=hw.count, system=hw.named, plan=plan, batch=batch, input_len=st.inp,
        output_len=st.out, mode=st.mode, weights=weights, kv=kv, compute=st.compute,
        domain=hw.domain, fits=fits, weights_gb_per_chip=w_gb, kv_gb_per_chip=kv_gb, max_batch=top,
        tpot_ms=tpot, tpot_ms_bound=tpot_b, ttft_ms=ttft, ttft_ms_bound=ttft_b, bottleneck=neck,
        draft_tokens=st.q, accepted=st.accepted, missing=tuple(missing), assumptions=tuple(notes),
        inputs=tuple(i for i in hw.inputs if not i.field.startswith("compute.") or i.field in used),
        efficiency=eff)
