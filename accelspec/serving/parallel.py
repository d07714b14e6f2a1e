"""What "8xH20" or "CloudMatrix 384" means: the chips, their scale-up domains, and how a model is split over them.

:func:`resolve` turns a text (``8xH20``, ``16x"Ascend 910B"``, ``CloudMatrix 384``, ``2xAtlas 800I A3``)
into a :class:`Hardware`: how many chips of which catalog entry, the per-chip figures the estimate
reads (each with the claim it came from), and the size of the scale-up domain they sit in.
:class:`Plan` is one way to split a model over them (tensor, pipeline, expert and attention-data
parallel degrees); :func:`plans` lists the ones worth trying.
"""

from __future__ import annotations

import re

from attrs import field, frozen

from ..errors import AccelspecError
from ..model import VENDOR_OR_MEASURED, Accelerator
from .memory import (
    Missing,
    Params,
    Shape,
    attention_flops,
    expected_hit,
    kv_tokens,
    kv_values_per_token_layer,
    prompt_attention_flops,
    remote_domains,
)

DOMAIN_SERVERS: dict[str, str] = {
    # chip id -> the catalog server entry whose [[contains]] count is the chip's scale-up domain
    "nvidia-h200-sxm": "nvidia-hgx-h200",  # HGX H200: 8 H200 SXM on one NVLink/NVSwitch board
    "huawei-ascend-910c": "huawei-atlas-800i-a3",  # Atlas 800I A3: 8 Ascend 910C modules on UB links
}
"""Only where a catalog server entry states the domain; a chip without one is assumed to sit in
domains of 8 (the usual 8-GPU board), and the estimate says so in its assumptions."""

ASSUMED_DOMAIN = 8

_COUNT = re.compile(r"^\s*(\d+)\s*[x×X*]\s*(.+?)\s*$")


class PlanError(AccelspecError, ValueError):
    """Parallel degrees that do not fit the chips or the model (the message lists what would)."""


@frozen
class Input:
    """One catalog value the estimate used: entry, field, the number in the unit used, and its source."""

    entry: str
    field: str
    value: float
    unit: str
    kind: str
    source: str
    note: str | None = None

    @property
    def press_based(self) -> bool:
        """True when the claim rests on neither the vendor nor a measurement (press, community, estimate...)."""
        return self.kind not in VENDOR_OR_MEASURED

    def to_dict(self) -> dict:
        d = {"entry": self.entry, "field": self.field, "value": self.value, "unit": self.unit, "kind": self.kind,
             "source": self.source, "press_based": self.press_based}
        return d | ({"note": self.note} if self.note else {})


@frozen
class Hardware:
    """N chips of one catalog entry and the domain they sit in, with every figure's claim."""

    chip: Accelerator = field(eq=False, repr=False)
    count: int
    domain: int
    domain_note: str
    named: str  # the entry the user named (a chip, a server, a rack)
    memory_gb: float | None = None
    bandwidth_gbs: float | None = None
    scaleup_gbs: float | None = None  # aggregate of both directions, per chip
    compute: dict[str, float] = field(factory=dict, eq=False)  # precision -> dense TFLOP/s (TOP/s for ints)
    inputs: tuple[Input, ...] = ()
    missing: tuple[Missing, ...] = ()

    @property
    def domains(self) -> int:
        return -(-self.count // self.domain)


def parse_on(text: str) -> tuple[int | None, str]:
    """``"8xH20"`` -> (8, "H20"); ``"CloudMatrix 384"`` -> (None, "CloudMatrix 384")."""
    m = _COUNT.match(text)
    if m:
        return int(m.group(1)), m.group(2).strip().strip("'\"")
    return None, text.strip().strip("'\"")


def _chips_inside(e: Accelerator, cat) -> tuple[Accelerator, int]:
    """The package a system entry is built from, and how many of it (GB200 NVL72 -> 72 B200)."""
    n = 1
    while e.contains:
        comp = e.contains[0]
        n *= comp.count
        e = cat.get(comp.id)
    return e, n


def _domain(named: Accelerator, chip: Accelerator, per_named: int, cat) -> tuple[int, str]:
    if named.level in ("server", "rack") and named.id != chip.id:
        return per_named, f"{per_named} per {named.id} (its [[contains]])"
    if named.level == "superchip":
        for e in cat:
            if e.level == "rack" and any(c.id == named.id for c in e.contains):
                n = _chips_inside(e, cat)[1]
                return n, f"{n} per {e.id}, the rack {named.id} is built into (its [[contains]])"
    server = DOMAIN_SERVERS.get(chip.id)
    if server is not None and server in cat:
        n = _chips_inside(cat.get(server), cat)[1]
        return n, f"{n} per {server} (its [[contains]])"
    return ASSUMED_DOMAIN, (f"assumed {ASSUMED_DOMAIN}: no catalog server entry gives the scale-up domain of "
                            f"{chip.id}")


def _figure(chip: Accelerator, path: str, unit: str, inputs: list[Input], missing: list[Missing],
            required: bool = True, note: str | None = None) -> float | None:
    c = chip.claim(path)
    if c is None or not c.is_point:
        if required:
            gap = chip.gap(path)
            why = gap.describe(full=False) if gap else ("only a bound or range is recorded" if c else
                                                         "not recorded in the catalog")
            if chip.generic and chip.variants:
                why += f"; {chip.id} is a generic entry: name one of {', '.join(chip.variants)} for its figures"
            missing.append(Missing(chip.id, path, why))
        return None
    v = c.to(unit)
    if c.direction is None and path.startswith("interconnect."):
        note = "no direction stated: taken as the total of both directions"
    inputs.append(Input(chip.id, path, v, unit, c.effective_kind, c.source.id, note))
    return v


MAX_CHIPS = 65_536
"""The most chips one deployment may name (a 64k-chip cluster; beyond it the count is a typo)."""


def resolve(text: str, cat) -> Hardware:
    """``8xH20`` -> 8 chips of nvidia-h20 in domains of 8, with the claims the estimate reads."""
    count, name = parse_on(text)
    if count is not None and count > MAX_CHIPS:  # plans are enumerated over the count's divisors
        raise PlanError(f"the chip count must be at most {MAX_CHIPS:,} (got {text[:40]!r})")
    named = cat.get(name)
    chip, per_named = _chips_inside(named, cat)
    if count is not None and count < 1:
        raise PlanError(f"the chip count must be at least 1 (got {text!r})")
    n = (count or 1) * per_named
    domain, note = _domain(named, chip, per_named, cat)
    inputs: list[Input] = []
    missing: list[Missing] = []
    mem = _figure(chip, "memory.capacity", "GB", inputs, missing)
    bw = _figure(chip, "memory.bandwidth", "GB/s", inputs, missing)
    up = _figure(chip, "interconnect.scaleup_bandwidth", "GB/s", inputs, missing) if n > 1 else None
    compute = {}
    for p in ("bf16", "fp16", "fp8", "int8", "fp4", "int4"):
        v = _figure(chip, f"compute.{p}.dense", "TFLOP/s", inputs, [], required=False)
        if v is not None:
            compute[p] = v
    return Hardware(chip=chip, count=n, domain=min(domain, n), domain_note=note, named=named.id, memory_gb=mem,
                    bandwidth_gbs=bw, scaleup_gbs=up, compute=compute, inputs=tuple(inputs), missing=tuple(missing))


# ----------------------------------------------------------------------------------- plans


@frozen
class Plan:
    """How a model is split over N chips: N = tp·pp·dp.

    ``tp`` shards attention and dense layers; ``pp`` cuts the layers into stages; ``dp`` copies
    attention (and, for a dense model, the whole model) across groups of ``tp`` chips; ``ep``
    spreads the routed experts over the ``tp·dp`` chips of a stage (``moe_tp = tp·dp/ep`` shards
    each expert further).
    """

    tp: int = 1
    pp: int = 1
    dp: int = 1
    ep: int = 1

    @property
    def chips(self) -> int:
        return self.tp * self.pp * self.dp

    @property
    def stage(self) -> int:
        """Chips of one pipeline stage: the group a MoE layer's experts are spread over."""
        return self.tp * self.dp

    @property
    def moe_tp(self) -> int:
        return self.stage // self.ep

    def to_dict(self) -> dict[str, int]:
        return {"tp": self.tp, "pp": self.pp, "dp": self.dp, "ep": self.ep}

    def __str__(self) -> str:
        return f"TP{self.tp} PP{self.pp} DP{self.dp} EP{self.ep}"


def _divisors(n: int) -> list[int]:
    return [d for d in range(1, n + 1) if n % d == 0]


def plans(n: int, s: Shape, *, tp: int | None = None, pp: int | None = None, ep: int | None = None,
          dp: int | None = None) -> list[Plan]:
    """Every plan for ``n`` chips that honours the degrees given; a degree that cannot work raises.

    TP runs over heads (it must divide the attention heads), PP over layers (at most one stage
    per layer), EP over the chips of a stage (1 or all of them when not given; a dense model has
    none). Degrees must multiply to ``n``.
    """
    for name, v in (("tp", tp), ("pp", pp), ("ep", ep), ("dp", dp)):
        if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 1):
            raise PlanError(f"{name} must be a positive whole number (got {v!r})")
    tps = [d for d in _divisors(n) if s.heads % d == 0]
    if tp is not None and tp not in tps:
        raise PlanError(f"tp={tp} must divide both the {n} chips and the model's {s.heads} attention heads; "
                        f"valid: {tps}")
    if ep not in (None, 1) and not s.experts:
        raise PlanError(f"ep={ep}: the model has no routed experts; valid: 1")
    out = []
    for t in ([tp] if tp else tps):
        for p in ([pp] if pp else _divisors(n // t)):
            if n % (t * p) or p > s.layers:
                continue
            d = n // (t * p)
            if dp is not None and d != dp:
                continue
            stage = t * d
            if ep is not None:
                eps = [ep] if stage % ep == 0 else []
            else:
                eps = sorted({1, stage}) if s.experts else [1]
            out.extend(Plan(tp=t, pp=p, dp=d, ep=e) for e in eps)
    if not out:
        given = ", ".join(f"{k}={v}" for k, v in (("tp", tp), ("pp", pp), ("dp", dp), ("ep", ep)) if v)
        raise PlanError(f"no split of {n} chips with {given}: tp·pp·dp must equal {n}, ep must divide tp·dp, "
                        f"pp at most {s.layers} layers")
    return out


@frozen
class Layout:
    """Which collective runs on which link, for one plan on one domain size."""

    tp_out: bool  # the TP group spans more than one scale-up domain
    ep_in: float  # fraction of a chip's all-to-all bytes that stay inside its domain (other chips)
    ep_out: float  # fraction that crosses to other domains
    pp_out: bool  # a stage boundary crosses domains

    @property
    def needs_scaleout(self) -> bool:
        return self.tp_out or self.ep_out > 0 or self.pp_out


def layout(plan: Plan, domain: int) -> Layout:
    """Chips are laid out stage by stage, TP groups innermost, so TP stays inside a domain when it fits."""
    s = plan.stage
    inside = min(domain, s)
    return Layout(tp_out=plan.tp > domain, ep_in=(inside - 1) / s, ep_out=(s - inside) / s,
                  pp_out=plan.pp > 1 and plan.chips > domain)


# ----------------------------------------------------------------------------------- per-chip costs


@frozen
class Bytes:
    """Storage sizes a plan puts on one chip, in bytes."""

    weights: float
    kv_per_sequence: float  # one sequence at its full length, this chip's share


def per_chip(s: Shape, p: Params, plan: Plan, wb: float, hb: float, kvb: float, context: float) -> Bytes:
    """Weights on one chip (all experts resident, spread over the stage) and one sequence's KV share.

    Dense part and LM head split by TP and PP; routed experts by every chip of a stage (EP·moe_tp)
    and PP; the embedding and head sit on the first and last stage. KV: the sequence's rank holds
    it, its layers split by PP, its heads by TP as :func:`kv_values_per_token_layer` says.
    """
    edge = (p.embed + p.head) if plan.pp == 1 else max(p.embed, p.head)
    w = (p.dense / (plan.tp * plan.pp) + p.experts / (plan.stage * plan.pp)) * wb + edge / plan.tp * hb
    kv = kv_values_per_token_layer(s, plan.tp) * kv_tokens(s, context) / plan.pp * kvb
    return Bytes(weights=w, kv_per_sequence=kv)


@frozen
class Costs:
    """What one chip does in one stage step: bytes read, FLOPs, bytes sent per link, messages."""

    read: float
    flops: float  # matrix FLOPs at the compute precision
    attn_flops: float  # attention over the cache, at the KV precision's rate
    prefill_flops: float  # prompt work folded into a decode step (aggregated serving)
    up_bytes: float  # sent over the scale-up link (one direction)
    out_bytes: float  # sent over the scale-out network
    up_msgs: int
    out_msgs: int
    layers: float  # layers in the stage (for the per-layer overhead)


def step_costs(s: Shape, p: Params, plan: Plan, lay: Layout, *, wb: float, hb: float, kvb: float, db: float,
               seqs: float, q: float, context: float, pre: float = 0.0, prompt: float = 0.0,
               busy: int | None = None) -> Costs:
    """One chip of a busy rank in one stage step.

    ``seqs`` sequences per DP rank decode ``q`` tokens each over ``context`` cached tokens; ``pre``
    prompt tokens per rank (of prompts ``prompt`` long) are prefilled in the same step; ``busy``
    ranks (default all ``dp``) carry that load, and their tokens' routed-expert work is spread
    over the stage's chips. ``db`` is the bytes per value of the EP dispatch (combine is 16-bit).
    """
    busy = plan.dp if busy is None else busy
    tok = seqs * q + pre
    stage_tokens = tok * busy
    lpp = s.layers / plan.pp
    moe = s.moe_layers / plan.pp
    hit = expected_hit(s.experts, s.experts_per_token, stage_tokens)
    weights = p.dense / (plan.tp * plan.pp) * wb + p.head / (plan.tp * plan.pp) * hb
    experts = moe * s.experts * hit * p.expert_each * wb / plan.stage
    kv_layer = kv_values_per_token_layer(s, plan.tp) * kvb / plan.pp
    kv_read = seqs * kv_layer * kv_tokens(s, context)
    kv_write = tok * kv_layer * s.layers
    head_tokens = seqs * q + (pre / prompt if prompt else 0.0)  # a prompt's logits: its last token only
    head = 2 * head_tokens * p.head / (plan.tp * plan.pp)
    dec_lin = 2 * seqs * q * p.dense / (plan.tp * plan.pp)
    dec_exp = 2 * seqs * q * busy * s.experts_per_token * p.expert_each * moe / plan.stage
    pre_lin = 2 * pre * p.dense / (plan.tp * plan.pp)
    pre_exp = 2 * pre * busy * s.experts_per_token * p.expert_each * moe / plan.stage
    attn = seqs * q * attention_flops(s, context) / (plan.tp * plan.pp)
    pre_attn = (pre / prompt) * prompt_attention_flops(s, prompt) / (plan.tp * plan.pp) if prompt and pre else 0.0
    up = out = 0.0
    up_m = out_m = 0
    if plan.tp > 1:  # attention and dense-MLP outputs: a ring all-reduce over the TP group
        n_ar = lpp + s.dense_layers / plan.pp
        sent = n_ar * 2 * (plan.tp - 1) / plan.tp * tok * s.hidden * 2
        if lay.tp_out:
            out, out_m = out + sent, out_m + round(n_ar)
        else:
            up, up_m = up + sent, up_m + round(n_ar)
    if s.experts and plan.ep > 1:  # dispatch each token to its k experts' chips, combine the results
        per_token = tok / plan.tp * s.hidden * (db + 2) * moe
        up += per_token * s.experts_per_token * lay.ep_in
        # across domains a token travels once per remote domain it needs, then fans out inside it
        # (DeepEP's NVLink forwarding): the expected remote domains, bounded by group-limited routing
        groups = round(1 / (1 - lay.ep_out)) if lay.ep_out else 1
        out += per_token * remote_domains(s, groups)
    elif s.experts and plan.stage > 1:  # experts sharded over the whole stage: gather tokens, reduce outputs
        sent = moe * 2 * (plan.stage - 1) / plan.stage * stage_tokens * s.hidden * 2
        inside = lay.ep_in / (lay.ep_in + lay.ep_out) if lay.ep_out else 1.0
        up, out = up + sent * inside, out + sent * (1 - inside)
    if s.experts and plan.stage > 1:
        if lay.ep_out > 0:
            out_m += round(2 * moe)
        else:
            up_m += round(2 * moe)
    if plan.pp > 1:
        if lay.pp_out:
            out, out_m = out + tok * s.hidden * 2, out_m + 1
        else:
            up, up_m = up + tok * s.hidden * 2, up_m + 1
    return Costs(read=weights + experts + kv_read + kv_write, flops=head + dec_lin + dec_exp, attn_flops=attn,
                 prefill_flops=pre_lin + pre_exp + pre_attn, up_bytes=up, out_bytes=out, up_msgs=up_m,
                 out_msgs=out_m, layers=lpp)
