"""The estimate's efficiencies, and the measured points they are calibrated and validated against.

:class:`Efficiency` holds the few numbers that turn the bound into an estimate; :data:`CALIBRATED`
is the set fitted to ``catalog/measurements/serving.toml`` by ``benchmarks/serving_validation.py``
(which prints it and the error it leaves). :func:`load_points` reads that file with the catalog's
own loader machinery (every problem at once, with file, ``$.path`` and value); :func:`score`
runs the bound and the estimate on every point.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from attrs import asdict, evolve, field, frozen

from ..errors import AccelspecError, CatalogError
from ..model import Source
from .parallel import Costs, Hardware, Plan, layout, step_costs


@frozen
class Efficiency:
    """What separates the estimate from the bound (the bound uses 1, 1, 1, 1 and no latencies).

    memory: achieved fraction of HBM bandwidth when decode reads weights and KV;
    compute: achieved fraction of the dense matrix peak in decode;
    prefill: achieved fraction of the dense peak on prompt work (model FLOPs utilisation);
    network: achieved fraction of a link's bandwidth in collectives;
    latency_scaleup_us / latency_scaleout_us: fixed cost of one collective inside / across domains;
    layer_us: fixed cost per layer per stage step (kernel launches, norms, routing, synchronisation);
    step_ms: fixed cost per decode step (scheduling, sampling, the host).
    """

    memory: float = 1.0
    compute: float = 1.0
    prefill: float = 1.0
    network: float = 1.0
    latency_scaleup_us: float = 0.0
    latency_scaleout_us: float = 0.0
    layer_us: float = 0.0
    step_ms: float = 0.0

    def __attrs_post_init__(self) -> None:
        for k, v in asdict(self).items():
            share = k in ("memory", "compute", "prefill", "network")
            if not (isinstance(v, (int, float)) and math.isfinite(v) and (0 < v <= 1 if share else v >= 0)):
                raise CalibrationError(f"efficiency {k!r} must be {'in (0, 1]' if share else 'a finite number ≥ 0'} "
                                       f"(got {v!r})")

    def to_dict(self) -> dict[str, float]:
        return asdict(self)

    def replace(self, **changes: float) -> Efficiency:
        unknown = sorted(set(changes) - set(asdict(self)))
        if unknown:
            raise CalibrationError(f"unknown efficiency {unknown[0]!r}; valid: {', '.join(asdict(self))}")
        return evolve(self, **changes)


class CalibrationError(AccelspecError, ValueError):
    """A bad efficiency value, or a measured point the estimate cannot run."""


BOUND = Efficiency()
"""100% of every peak, no latency, no overhead: the bound."""

CALIBRATED = Efficiency(memory=0.715, compute=0.551, prefill=0.6, network=1.0, latency_scaleup_us=0.0,
                        latency_scaleout_us=248.0, layer_us=56.3, step_ms=0.743)
"""Fitted by ``benchmarks/serving_validation.py --fit`` to the points of ``catalog/measurements/serving.toml``
measured on NVIDIA GPUs (rounded to 3 digits); ``prefill`` and ``latency_scaleup_us`` are held at
stated values the points barely determine. Used for every vendor without a set in :data:`BY_VENDOR`."""

BY_VENDOR: dict[str, Efficiency] = {
    "huawei": Efficiency(memory=0.817, compute=0.194, prefill=0.539, network=1.0, latency_scaleup_us=0.0,
                         latency_scaleout_us=248.0, layer_us=35.7, step_ms=1.78),
}
"""Sets fitted to one vendor's points alone, links and latencies kept from :data:`CALIBRATED`
(Ascend: its own software stack, and the catalog's 910C figures are a higher bin than the Atlas
800I A3 modules measured). In-sample: 11 points of one source."""


def calibrated(vendor: str) -> tuple[Efficiency, str]:
    """The calibrated set for a chip's vendor, and a sentence saying which points it was fitted to."""
    if vendor in BY_VENDOR:
        return BY_VENDOR[vendor], f"efficiency calibrated on the {vendor} points of catalog/measurements/serving.toml"
    return CALIBRATED, ("efficiency calibrated on the NVIDIA points of catalog/measurements/serving.toml"
                        + ("" if vendor == "nvidia" else f" (no {vendor} measurements: its software may do worse)"))


# ----------------------------------------------------------------------------------- from counts to seconds


@frozen
class Setup:
    """Everything fixed for one (model, hardware, workload): what each plan is timed with."""

    shape: Any
    params: Any
    hw: Hardware
    wb: float  # bytes per weight
    hb: float  # bytes per embedding / LM-head value
    kvb: float  # bytes per cached value
    db: float  # bytes per value of the EP dispatch
    compute: str | None  # the precision the matrix work runs at
    lin_rate: float | None  # its dense TFLOP/s
    attn_rate: float | None  # TFLOP/s of attention over the cache
    scaleout: float | None  # GB/s per chip, both directions
    inp: int
    out: int
    q: int  # tokens verified per sequence per step
    accepted: float  # tokens kept per sequence per step
    mode: str
    context: float | None = None  # average cached tokens in decode, when given instead of inp + out/2
    weights: str = "bf16"  # the precision names, for the record
    kv: str = "bf16"


def rate_for(hw: Hardware, want: str) -> tuple[str | None, float | None]:
    """The precision used and its dense rate: ``want`` if the chip has it, else BF16, else FP16."""
    for p in (want, "bf16", "fp16"):
        if p in hw.compute:
            return p, hw.compute[p]
    return None, None


def stage_time(c: Costs, st: Setup, eff: Efficiency, links: bool = True) -> tuple[float, dict[str, float]]:
    """Seconds for one stage step, and its parts.

    Bound: max(bytes/BW, FLOPs/peak, link bytes/link bandwidth) — reads, FLOPs and transfers
    overlap perfectly. Estimate: max(bytes/(BW·η_mem), FLOPs/(peak·η_compute) + prompt
    FLOPs/(peak·η_prefill)) + link bytes/(bandwidth·η_network) + messages·latency + layers·overhead.
    """
    hw = st.hw
    t_mem = c.read / (hw.bandwidth_gbs * 1e9)
    t_cmp = c.flops / (st.lin_rate * 1e12) + c.attn_flops / (st.attn_rate * 1e12)
    t_pre = c.prefill_flops / (st.lin_rate * 1e12)
    up = (hw.scaleup_gbs or 0) * 1e9 / 2  # one direction of the two-direction figure
    t_up = c.up_bytes / up if up and links else 0.0
    t_out = c.out_bytes / (st.scaleout * 1e9 / 2) if st.scaleout and links else 0.0
    if eff is BOUND:
        parts = {"memory": t_mem, "compute": t_cmp + t_pre, "network": max(t_up, t_out)}
        return max(parts.values()), parts
    parts = {"memory": t_mem / eff.memory, "compute": t_cmp / eff.compute + t_pre / eff.prefill,
             "network": (t_up + t_out) / eff.network,
             "latency": (c.up_msgs * eff.latency_scaleup_us + c.out_msgs * eff.latency_scaleout_us
                         + c.layers * eff.layer_us) * 1e-6}
    return max(parts["memory"], parts["compute"]) + parts["network"] + parts["latency"], parts


def decode_time(st: Setup, plan: Plan, batch: float, eff: Efficiency) -> tuple[float, dict[str, float]]:
    """Seconds per decode step of the whole batch (PP microbatches in flight), and one stage step's parts."""
    a = st.q if eff is BOUND else st.accepted
    seqs = batch / (plan.dp * plan.pp)
    pre = seqs * st.inp * a / st.out if st.mode == "aggregated" else 0.0
    c = step_costs(st.shape, st.params, plan, layout(plan, st.hw.domain), wb=st.wb, hb=st.hb, kvb=st.kvb, db=st.db,
                   seqs=seqs, q=st.q, context=st.context or st.inp + st.out / 2, pre=pre, prompt=st.inp)
    if pre and plan.dp > 1 and st.shape.experts and eff is not BOUND:
        # DP ranks meet at every MoE all-to-all: a rank prefilling holds the others (estimate only)
        c = evolve(c, prefill_flops=c.prefill_flops * plan.dp)
    t, parts = stage_time(c, st, eff, plan.chips > 1)
    return plan.pp * t + eff.step_ms * 1e-3, parts


def prefill_time(st: Setup, plan: Plan, eff: Efficiency, prompts_per_rank: float = 1.0, busy: int = 1) -> float:
    """Seconds for one stage to prefill ``prompts_per_rank`` prompts on each of ``busy`` DP ranks."""
    c = step_costs(st.shape, st.params, plan, layout(plan, st.hw.domain), wb=st.wb, hb=st.hb, kvb=st.kvb, db=st.db,
                   seqs=0.0, q=0.0, context=0.0, pre=prompts_per_rank * st.inp, prompt=st.inp, busy=busy)
    return stage_time(c, st, eff, plan.chips > 1)[0]


# ----------------------------------------------------------------------------------- measured points

MODES = ("aggregated", "decode", "prefill")
METRICS = ("tpot_ms", "output_tokens_per_s_per_chip", "input_tokens_per_s_per_chip")
_KEYS = ("id", "source", "model", "chip", "chips", "tp", "pp", "dp", "ep", "weights", "kv", "compute", "mode",
         "input_len", "output_len", "context", "batch", "draft_tokens", "accepted", "scaleout_bandwidth",
         "scaleout_source", "scaleout_quote", "metric", "value", "printed", "quote", "note")
_REQUIRED = ("id", "source", "model", "chip", "chips", "weights", "mode", "input_len", "batch", "metric", "value",
             "printed", "quote")


@frozen
class Point:
    """One measurement and the deployment it was taken on, as its source states them."""

    id: str
    source: Source
    model: str
    chip: str
    chips: int
    metric: str
    value: float
    mode: str
    input_len: int
    batch: int
    weights: str
    printed: str
    quote: str
    tp: int = 1
    pp: int = 1
    dp: int = 1
    ep: int = 1
    kv: str = "bf16"
    compute: str | None = None
    output_len: int | None = None
    context: float | None = None  # average cached tokens in decode, where the source prints it
    draft_tokens: int = 1
    accepted: float = 1.0
    scaleout_bandwidth: float | None = None  # GB/s per chip, both directions
    scaleout_source: Source | None = None
    note: str | None = field(default=None, eq=False)


def _point(ctx, file: str, i: int, raw: Any, sources: dict, models, chips) -> Point | None:
    from ..loader.common import _check_keys, _is_number, _require_keys
    from .memory import PRECISION_BYTES

    path = f"$.point[{i}]"
    if not isinstance(raw, dict):
        ctx.add(file, path, f"a point must be a table (got {raw!r})")
        return None
    n = len(ctx.problems)
    _check_keys(ctx, file, path, raw, _KEYS)
    _require_keys(ctx, file, path, raw, _REQUIRED)
    for k in ("source", "scaleout_source"):
        if k in raw and raw[k] not in sources:
            ctx.add(file, f"{path}.{k}", f"unknown source {raw[k]!r}{ctx.close_source(str(raw[k]), sources)}")
    for k, known, what in (("model", models, "model"), ("chip", chips, "accelerator")):
        if k in raw and raw[k] not in known:
            ctx.add(file, f"{path}.{k}", f"unknown {what} {raw[k]!r}")
    for k, allowed in (("mode", MODES), ("metric", METRICS), ("weights", PRECISION_BYTES), ("kv", PRECISION_BYTES),
                       ("compute", PRECISION_BYTES)):
        if k in raw and raw[k] not in allowed:
            ctx.add(file, f"{path}.{k}", f"{k!r} must be in {list(allowed)!r} (got {raw[k]!r})")
    for k in ("chips", "tp", "pp", "dp", "ep", "input_len", "output_len", "batch", "draft_tokens"):
        v = raw.get(k, 1)
        if not (isinstance(v, int) and not isinstance(v, bool) and v >= 1):
            ctx.add(file, f"{path}.{k}", f"{k!r} must be a whole number ≥ 1 (got {v!r})")
    for k in ("value", "accepted", "context", "scaleout_bandwidth"):
        v = raw.get(k, 1.0)
        if not (_is_number(v) and math.isfinite(v) and v > 0):
            ctx.add(file, f"{path}.{k}", f"{k!r} must be a finite positive number (got {v!r})")
    for k in ("id", "printed", "quote", "note", "scaleout_quote"):
        if k in raw and not (isinstance(raw[k], str) and raw[k].strip()):
            ctx.add(file, f"{path}.{k}", f"{k!r} must be non-empty text (got {raw[k]!r})")
    if len(ctx.problems) > n:
        return None
    if (prod := raw.get("tp", 1) * raw.get("pp", 1) * raw.get("dp", 1)) != raw["chips"]:
        ctx.add(file, path, f"tp·pp·dp = {prod} must equal chips = {raw['chips']}")
    if raw.get("accepted", 1.0) > raw.get("draft_tokens", 1):
        ctx.add(file, f"{path}.accepted", f"accepted {raw['accepted']!r} exceeds draft_tokens {raw.get('draft_tokens', 1)!r}")
    if raw["mode"] != "prefill" and "output_len" not in raw and "context" not in raw:
        ctx.add(file, path, "a decode point needs output_len or context")
    if ("scaleout_bandwidth" in raw) != ("scaleout_source" in raw):
        ctx.add(file, path, "scaleout_bandwidth and scaleout_source go together (the figure and where it is read)")
    if len(ctx.problems) > n:
        return None
    kw = {k: raw[k] for k in _KEYS if k in raw and k not in ("source", "scaleout_source", "scaleout_quote")}
    return Point(source=sources[raw["source"]], scaleout_source=sources.get(raw.get("scaleout_source")),
                 **{**kw, "value": float(raw["value"])})


def load_points(path: str | Path | None = None) -> list[Point]:
    """The measured points of a file (default: the shipped ``catalog/measurements/serving.toml``).

    Points may cite the accelerator catalog's sources; every problem is raised at once as a
    ``CatalogError`` naming the file, the ``$.point[i].key`` and the bad value.
    """
    from ..catalog import builtin_catalog
    from ..catalog.build import _data_root
    from ..loader.common import _Ctx, read_toml
    from ..loader.sources import collect_sources
    from .catalog import builtin_models

    p = Path(path) if path is not None else Path(_data_root()) / "measurements" / "serving.toml"
    shown = str(p) if path is not None else "catalog/measurements/serving.toml"
    ctx = _Ctx()
    doc = read_toml(p, shown, ctx) if p.is_file() else ctx.add(shown, "$", "no such file")
    if doc is None:
        raise CatalogError(ctx.problems)
    cat = builtin_catalog()
    sources = collect_sources(ctx, [(shown, doc)], cat.sources)
    models = {m.id for m in builtin_models()}
    chips = {e.id for e in cat}
    for k in doc:
        if k not in ("point", "sources"):
            ctx.add(shown, f"$.{k}", f"unknown key {k!r} (valid: point, sources)")
    raw = doc.get("point", [])
    out, seen = [], set()
    for i, r in enumerate(raw if isinstance(raw, list) else []):
        pt = _point(ctx, shown, i, r, sources, models, chips)
        if pt is not None:
            if pt.id in seen:
                ctx.add(shown, f"$.point[{i}].id", f"id {pt.id!r} is used twice")
            seen.add(pt.id)
            out.append(pt)
    if not isinstance(raw, list) or not raw:
        ctx.add(shown, "$.point", "expected an array of [[point]] tables")
    if ctx.problems:
        raise CatalogError(ctx.problems)
    return out


# ----------------------------------------------------------------------------------- scoring and fitting


@frozen
class Score:
    """A point beside the bound and the estimate, in the point's metric; ratios > 1 mean optimistic."""

    point: Point
    estimate: float
    bound: float
    missing: tuple[str, ...] = ()

    def _ratio(self, v: float) -> float:
        return self.point.value / v if self.point.metric == "tpot_ms" else v / self.point.value

    @property
    def ratio(self) -> float:
        """Estimate over measurement as a speed (tokens/s, or 1/TPOT): 1.25 is 25% optimistic."""
        return self._ratio(self.estimate)

    @property
    def bound_ratio(self) -> float:
        """Bound over measurement as a speed: never below 1 for a bound that holds."""
        return self._ratio(self.bound)

    @property
    def complete(self) -> bool:
        """Every input the estimate needs was known (no term left out)."""
        return not self.missing


def _timer(pt: Point):
    """(value(eff), missing, vendor): the point's metric for any efficiency, with the setup built once."""
    from .estimate import prepare

    mode = "decode" if pt.mode == "prefill" else pt.mode
    _m, st, cands, missing, _ = prepare(pt.model, f"{pt.chips}x{pt.chip}", input_len=pt.input_len,
                                       output_len=pt.output_len or 1, weights=pt.weights, kv=pt.kv, compute=pt.compute,
                                       tp=pt.tp, pp=pt.pp, ep=pt.ep, dp=pt.dp, mode=mode, draft_tokens=pt.draft_tokens,
                                       accepted=pt.accepted, context=pt.context,
                                       scaleout_bandwidth=pt.scaleout_bandwidth)
    plan = cands[0]
    gone = [str(x) for x in (*st.hw.missing, *missing)]
    if layout(plan, st.hw.domain).needs_scaleout and pt.scaleout_bandwidth is None:
        gone.append(f"{pt.chip}: scale-out bandwidth — the source does not print it; cross-domain traffic left out")
    if st.lin_rate is None or st.hw.bandwidth_gbs is None:
        raise CalibrationError(f"point {pt.id!r} cannot run: {'; '.join(gone)}")

    def value(eff: Efficiency) -> float:
        a = pt.draft_tokens if eff is BOUND else pt.accepted
        if pt.mode == "prefill":
            t = prefill_time(st, plan, eff, pt.batch / plan.dp, busy=plan.dp)
            return pt.batch * pt.input_len / t / pt.chips
        step = decode_time(st, plan, pt.batch, eff)[0]
        return step * 1e3 / a if pt.metric == "tpot_ms" else pt.batch * a / step / pt.chips

    return value, tuple(gone), st.hw.chip.vendor


def score(points: list[Point] | None = None, efficiency: Efficiency | None = None) -> list[Score]:
    """The bound and the estimate for every point (default: the shipped points, each vendor's calibrated set)."""
    out = []
    for pt in load_points() if points is None else points:
        value, gone, vendor = _timer(pt)
        eff = efficiency or calibrated(vendor)[0]
        out.append(Score(point=pt, estimate=value(eff), bound=value(BOUND), missing=gone))
    return out
