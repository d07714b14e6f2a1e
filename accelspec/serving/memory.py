"""A model's arithmetic from its own config: parameter counts by part, KV cache per token, bytes per chip.

Everything here reads the :class:`~accelspec.serving.model.LLM` record (its ``config.json`` keys)
and nothing else: the counts are recomputed from the shapes rather than taken from the model
card, because the estimate needs them split into the parts that are sharded differently
(attention, dense MLP, routed experts, shared experts, embeddings). ``docs/serving.md`` gives
each formula with its reference; ``tests/test_serving.py`` checks the sums against the cards
(DeepSeek-V3 671B/37B, Qwen3-235B-A22B, Llama-3.1-70B).
"""

from __future__ import annotations

import math

from attrs import frozen

from ..errors import AccelspecError
from .model import LLM

PRECISION_BYTES: dict[str, float] = {
    "fp32": 4.0, "bf16": 2.0, "fp16": 2.0, "fp8": 1.0, "int8": 1.0, "fp4": 0.5, "int4": 0.5,
}
"""Bytes per stored value. FP4/INT4 block scales (MXFP4 carries one 8-bit scale per 32 values,
~3% more) are left out: the bound stays a bound, and the estimate's calibration absorbs them."""

USABLE_MEMORY = 0.9
"""Fraction of HBM the weights and KV cache may fill: vLLM's default ``gpu_memory_utilization``
("Field(default=0.9, gt=0, le=1)" in vllm/config/cache.py at c1d86421); the rest is left to
activations, CUDA graphs and the allocator's slack (vLLM counts activations inside the 0.9)."""

HEAD_PRECISION = "bf16"
"""The input embedding and LM head stay 16-bit in quantized checkpoints (gpt-oss lists
``model.embed_tokens`` and ``lm_head`` in ``modules_to_not_convert``); every other linear layer
is stored at the weight precision asked for."""


class PrecisionError(AccelspecError, ValueError):
    """A precision name that is not one of :data:`PRECISION_BYTES`."""


def precision_bytes(name: str, what: str = "precision") -> float:
    try:
        return PRECISION_BYTES[name]
    except (KeyError, TypeError):
        raise PrecisionError(f"{what} must be one of {list(PRECISION_BYTES)!r} (got {name!r})") from None


@frozen
class Missing:
    """One input the estimate needs and the catalog does not hold: which entry, which field, why."""

    entry: str
    field: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"entry": self.entry, "field": self.field, "reason": self.reason}

    def __str__(self) -> str:
        return f"{self.entry}: {self.field} — {self.reason}"


@frozen
class Shape:
    """The sizes the estimate reads, normalised from a model's config (one vocabulary for all makers)."""

    layers: int
    hidden: int
    heads: int
    kv_heads: int
    head_dim: int
    vocab: int
    attention: str  # "mla", or "gqa"/"mha" (per-head K and V)
    dense_inter: int = 0  # intermediate size of the dense MLP layers
    experts: int = 0  # routed experts per MoE layer (0: a dense model)
    experts_per_token: int = 0
    expert_groups: int = 0  # group-limited routing (n_group / topk_group); 0 when the model has none
    groups_per_token: int = 0
    shared_experts: int = 0
    expert_inter: int = 0
    moe_layers: int = 0
    kv_lora_rank: int = 0
    qk_rope_head_dim: int = 0
    q_lora_rank: int = 0
    qk_nope_head_dim: int = 0
    v_head_dim: int = 0
    sliding_layers: int = 0  # layers whose attention sees only the last `sliding_window` tokens
    sliding_window: int = 0
    tied: bool = False

    @property
    def dense_layers(self) -> int:
        return self.layers - self.moe_layers


def _moe_layer_count(m: LLM, layers: int) -> int:
    """How many layers are MoE: DeepSeek/GLM/Kimi replace the first k; Qwen3 counts every step-th."""
    if "first_k_dense_replace" in m.config:
        freq = int(m.get("moe_layer_freq", 1) or 1)
        return sum(1 for i in range(int(m.get("first_dense_layers")), layers) if i % freq == 0)
    step = int(m.get("decoder_sparse_step", 1) or 1)
    skip = {int(x) for x in (m.get("mlp_only_layers") or ())}
    return sum(1 for i in range(layers) if (i + 1) % step == 0 and i not in skip)


def shape(m: LLM) -> tuple[Shape | None, list[Missing]]:
    """The :class:`Shape` of ``m``, or None and the config keys it lacks (each with its reason)."""
    where = m.file or f"catalog/models/{m.id}.toml"
    need = {"layers": "num_hidden_layers", "hidden": "hidden_size", "heads": "num_attention_heads",
            "vocab": "vocab_size"}
    if m.attention == "mla":
        need |= {"kv_lora_rank": "kv_lora_rank", "qk_rope_head_dim": "qk_rope_head_dim",
                 "qk_nope_head_dim": "qk_nope_head_dim", "v_head_dim": "v_head_dim"}
    if m.is_moe:
        need |= {"experts": "n_routed_experts / num_experts / num_local_experts",
                 "experts_per_token": "num_experts_per_tok / experts_per_token"}
    missing = [Missing(m.id, f"config.{key}", f"not in {where}; the estimate needs it")
               for name, key in need.items() if m.get(name) is None]
    if missing:
        return None, missing
    layers = int(m.get("layers"))
    moe_layers = _moe_layer_count(m, layers) if m.is_moe else 0
    expert_inter = int(m.get("expert_intermediate") or m.get("intermediate") or 0) if m.is_moe else 0
    dense_inter = int(m.get("intermediate") or 0)
    if m.is_moe and not expert_inter:
        missing.append(Missing(m.id, "config.moe_intermediate_size", f"not in {where}, nor intermediate_size"))
    if layers > moe_layers and not dense_inter:
        missing.append(Missing(m.id, "config.intermediate_size", f"not in {where}; its dense MLP layers need it"))
    if missing:
        return None, missing
    types = m.get("layer_types") or ()
    window = m.get("sliding_window")
    sliding = sum(1 for t in types if t == "sliding_attention") if window and m.get("use_sliding_window", True) else 0
    return Shape(
        layers=layers, hidden=int(m.get("hidden")), heads=int(m.get("heads")),
        kv_heads=int(m.get("kv_heads") or m.get("heads")), head_dim=int(m.head_dim), vocab=int(m.get("vocab")),
        attention="mla" if m.attention == "mla" else "gqa", dense_inter=dense_inter,
        experts=int(m.get("experts") or 0), experts_per_token=int(m.get("experts_per_token") or 0),
        expert_groups=int(m.get("expert_groups") or 0), groups_per_token=int(m.get("groups_per_token") or 0),
        shared_experts=int(m.get("shared_experts") or 0), expert_inter=expert_inter, moe_layers=moe_layers,
        kv_lora_rank=int(m.get("kv_lora_rank") or 0), qk_rope_head_dim=int(m.get("qk_rope_head_dim") or 0),
        q_lora_rank=int(m.get("q_lora_rank") or 0), qk_nope_head_dim=int(m.get("qk_nope_head_dim") or 0),
        v_head_dim=int(m.get("v_head_dim") or 0), sliding_layers=sliding, sliding_window=int(window or 0),
        tied=bool(m.get("tie_word_embeddings", False)),
    ), []


@frozen
class Params:
    """Parameter counts by how each part is sharded (counts, not bytes)."""

    attention: float  # every layer's attention projections
    dense_mlp: float  # the dense (non-MoE) MLP layers
    experts: float  # every routed expert of every MoE layer
    expert_each: float  # one routed expert of one layer
    shared: float  # shared experts and routers, all MoE layers (read for every token)
    embed: float
    head: float  # the LM head (0 when tied to the embedding)

    @property
    def dense(self) -> float:
        """What every token reads besides its routed experts and the embeddings."""
        return self.attention + self.dense_mlp + self.shared

    @property
    def total(self) -> float:
        return self.dense + self.experts + self.embed + self.head

    def active(self, s: Shape) -> float:
        """Parameters one token reads: the dense part, its k experts per MoE layer, the embeddings."""
        return self.dense + s.moe_layers * s.experts_per_token * self.expert_each + self.embed + self.head


def params(s: Shape) -> Params:
    """Counts from the shapes: gated MLPs (three matrices), biases and norms left out (<0.1%)."""
    if s.attention == "mla":
        q = (s.hidden * s.q_lora_rank + s.q_lora_rank * s.heads * (s.qk_nope_head_dim + s.qk_rope_head_dim)
             if s.q_lora_rank else s.hidden * s.heads * (s.qk_nope_head_dim + s.qk_rope_head_dim))
        kv = s.hidden * (s.kv_lora_rank + s.qk_rope_head_dim) + s.kv_lora_rank * s.heads * (
            s.qk_nope_head_dim + s.v_head_dim)
        attn = q + kv + s.heads * s.v_head_dim * s.hidden
    else:
        attn = s.hidden * s.head_dim * (2 * s.heads + 2 * s.kv_heads)
    expert = 3.0 * s.hidden * s.expert_inter
    shared = s.moe_layers * (s.shared_experts * expert + s.hidden * s.experts)
    embed = float(s.vocab * s.hidden)
    return Params(attention=float(s.layers * attn), dense_mlp=float(s.dense_layers * 3 * s.hidden * s.dense_inter),
                  experts=s.moe_layers * s.experts * expert, expert_each=expert, shared=shared, embed=embed,
                  head=0.0 if s.tied else embed)


# ----------------------------------------------------------------------------------- KV cache


def kv_values_per_token_layer(s: Shape, tp: int = 1) -> float:
    """Cached values per token per layer on one chip of a TP group.

    GQA/MHA: K and V for each KV head, 2·n_kv·d_head, split over TP but never below one head per
    chip (heads are replicated when TP exceeds them). MLA: the compressed latent and the RoPE key,
    kv_lora_rank + qk_rope_head_dim, which every TP rank holds whole.
    """
    if s.attention == "mla":
        return float(s.kv_lora_rank + s.qk_rope_head_dim)
    return 2.0 * math.ceil(s.kv_heads / tp) * s.head_dim


def kv_tokens(s: Shape, context: float) -> float:
    """Token-layers of KV one sequence of ``context`` tokens holds (sliding layers keep their window)."""
    full = s.layers - s.sliding_layers
    return full * context + s.sliding_layers * min(context, s.sliding_window)


def attention_flops(s: Shape, context: float) -> float:
    """FLOPs of one new token's attention over ``context`` cached tokens, whole model, all heads.

    GQA/MHA: QKᵀ and PV, 2·2·n_heads·d_head per cached token. MLA in its absorbed decode form
    (DeepSeek-V2 §2.1.2): scores over kv_lora_rank + rope and values over kv_lora_rank.
    """
    per = (2.0 * s.heads * (2 * s.kv_lora_rank + s.qk_rope_head_dim) if s.attention == "mla"
           else 4.0 * s.heads * s.head_dim)
    return per * kv_tokens(s, context)


def prompt_attention_flops(s: Shape, prompt: float) -> float:
    """Attention FLOPs of prefilling one prompt: causal, so each token sees half the prompt on average.

    MLA prefills in its unabsorbed form: per head, scores over qk_nope+qk_rope and values over v_head_dim.
    """
    per = (2.0 * s.heads * (s.qk_nope_head_dim + s.qk_rope_head_dim + s.v_head_dim) if s.attention == "mla"
           else 4.0 * s.heads * s.head_dim)
    return per * prompt * kv_tokens(s, prompt / 2)


def expected_hit(experts: int, per_token: int, tokens: float) -> float:
    """Fraction of a layer's experts that ``tokens`` tokens touch when routing is uniform: 1 − (1 − k/E)^T."""
    if experts <= 0 or tokens <= 0:
        return 0.0
    return 1.0 - (1.0 - per_token / experts) ** tokens


def remote_domains(s: Shape, domains: int) -> float:
    """Expected scale-up domains other than its own that one token's experts sit in, over ``domains``.

    Uniform routing: each of the k experts lands in any domain alike, (D − 1)(1 − (1 − 1/D)^k).
    Group-limited routing (DeepSeek-V3/R1: experts in ``n_group`` groups, a token's k drawn from at
    most ``topk_group`` of them) with the experts placed in index order, so that each domain holds
    whole groups (``n_group`` a multiple of D): a domain is reached when one of its n_group/D groups
    is among the token's topk_group, 1 − C(G − G/D, g)/C(G, g) (DeepSeek-V3's router keeps the
    topk_group best groups and picks experts inside them: ``Gate.forward`` in its inference/model.py).
    Otherwise the uniform figure; never more than it.
    """
    if domains <= 1 or s.experts_per_token <= 0:
        return 0.0
    uniform = (domains - 1) * (1 - (1 - 1 / domains) ** s.experts_per_token)
    g_all, g_tok = s.expert_groups, s.groups_per_token
    if g_all > 1 and 0 < g_tok < g_all and g_all % domains == 0:
        reached = 1 - math.comb(g_all - g_all // domains, g_tok) / math.comb(g_all, g_tok)
        return min(uniform, (domains - 1) * reached)
    return uniform


def native_weights(m: LLM) -> str:
    """The precision the model's own checkpoint ships in: its quantization_config, else bf16."""
    q = str(m.get("quantization_config") or "").lower()
    if "mxfp4" in q or "nvfp4" in q:
        return "fp4"
    if "fp8" in q:
        return "fp8"
    return "bf16"
