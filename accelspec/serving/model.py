"""The :class:`LLM` record: a model's architecture as its own ``config.json`` states it, with sources.

The config keeps each key as the model's file spells it (``n_routed_experts`` in DeepSeek's,
``num_experts`` in Qwen3's, ``num_local_experts`` in Mixtral's and gpt-oss's), so a reviewer
can check it against that file by eye. :data:`SYNONYMS` maps the spellings to one vocabulary the
estimate reads (``experts``, ``experts_per_token`` ...), in one place.
"""

from __future__ import annotations

from typing import Any

from attrs import field, frozen

from ..model import Claim, PartialDate, Source

ARCHITECTURES = ("dense", "moe")
ATTENTIONS = ("mha", "gqa", "mla")

# one name the estimate reads -> the config keys that mean it, in the order they are tried
SYNONYMS: dict[str, tuple[str, ...]] = {
    "layers": ("num_hidden_layers",),
    "hidden": ("hidden_size",),
    "heads": ("num_attention_heads",),
    "kv_heads": ("num_key_value_heads",),
    "head_dim": ("head_dim",),
    "intermediate": ("intermediate_size",),
    "vocab": ("vocab_size",),
    "experts": ("n_routed_experts", "num_experts", "num_local_experts"),
    "shared_experts": ("n_shared_experts",),
    "experts_per_token": ("num_experts_per_tok", "experts_per_token"),
    "expert_groups": ("n_group",),  # DeepSeek's group-limited routing: experts in n_group groups ...
    "groups_per_token": ("topk_group",),  # ... and a token's experts drawn from at most topk_group of them
    "expert_intermediate": ("moe_intermediate_size",),
    "first_dense_layers": ("first_k_dense_replace",),
    "kv_lora_rank": ("kv_lora_rank",),
    "qk_rope_head_dim": ("qk_rope_head_dim",),
    "sliding_window": ("sliding_window",),
}

# every config key a model file may hold: the estimate's inputs and what qualifies them
CONFIG_KEYS = tuple(dict.fromkeys(k for keys in SYNONYMS.values() for k in keys)) + (
    "moe_layer_freq", "decoder_sparse_step", "mlp_only_layers", "q_lora_rank", "qk_nope_head_dim", "v_head_dim",
    "num_nextn_predict_layers", "max_position_embeddings", "initial_context_length", "tie_word_embeddings",
    "torch_dtype", "quantization_config", "use_sliding_window", "layer_types", "partial_rotary_factor",
    "attention_bias", "use_qk_norm",
)


@frozen
class LLM:
    """One model: identity, its config as printed, its parameter counts, and their sources."""

    id: str
    name: str
    organization: str
    architecture: str
    attention: str
    aliases: tuple[str, ...] = ()
    released: PartialDate | None = None
    notes: str | None = None
    config: dict[str, Any] = field(factory=dict, eq=False, repr=False)
    config_source: Source | None = field(default=None, eq=False, repr=False)
    parameters: dict[str, Claim] = field(factory=dict, eq=False, repr=False)
    file: str | None = field(default=None, eq=False, repr=False)

    def get(self, name: str, default: Any = None) -> Any:
        """A config value by the estimate's name (``experts``) or by the file's own key."""
        for key in SYNONYMS.get(name, (name,)):
            if key in self.config:
                return self.config[key]
        return default

    @property
    def head_dim(self) -> int:
        """Per-head dimension: the config's ``head_dim``, else hidden size over heads."""
        return self.get("head_dim") or self.get("hidden") // self.get("heads")

    @property
    def is_moe(self) -> bool:
        return self.architecture == "moe"

    def params_b(self, which: str = "total") -> float | None:
        """Billions of parameters (``total`` or ``active``) as the model card states, or None."""
        c = self.parameters.get(which)
        return None if c is None else c.to("billion")

    def __str__(self) -> str:
        return self.name
