"""The LLM model files: loaded by the catalog's machinery, looked up by any name, errors named."""

from pathlib import Path

import pytest

from accelspec.errors import CatalogError
from accelspec.serving import UnknownModelError, builtin_models, get_model, load_models

GOOD = '''id = "tiny-moe"
name = "Tiny-MoE"
organization = "Example"
aliases = ["example/Tiny-MoE", "小模型"]
architecture = "moe"
attention = "gqa"
[config]
source = "tiny-config"
hidden_size = 1024
num_hidden_layers = 4
num_attention_heads = 16
num_key_value_heads = 4
num_local_experts = 8
experts_per_token = 2
layer_types = ["sliding_attention", "full_attention"]
[parameters]
total = { value = 1.2, unit = "billion", source = "tiny-config" }
active = { value = 0.4, unit = "billion", source = "tiny-config" }
[sources.tiny-config]
url = "https://example.invalid/tiny-config"
title = "config.json"
kind = "vendor"
'''


def write(tmp_path: Path, text: str, name: str = "tiny-moe.toml") -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def problems(root: Path) -> list[tuple[str, str]]:
    with pytest.raises(CatalogError) as e:
        load_models(root)
    return [(p.path, p.message) for p in e.value.problems]


def test_a_model_loads_and_its_spellings_map_to_one_vocabulary(tmp_path):
    m = load_models(write(tmp_path, GOOD)).get("example/tiny-moe")
    assert (m.id, m.get("experts"), m.get("experts_per_token"), m.get("kv_heads"), m.head_dim) == ("tiny-moe", 8, 2, 4, 64)
    assert m.config["layer_types"] == ("sliding_attention", "full_attention")
    assert (m.params_b(), m.params_b("active"), m.config_source.id) == (1.2, 0.4, "tiny-config")


@pytest.mark.parametrize("old,new,path,message", [
    ("hidden_size = 1024", "hidden_sise = 1024", "$.config.hidden_sise", "unknown key 'hidden_sise'; did you mean 'hidden_size'?"),
    ("num_hidden_layers = 4", "num_hidden_layers = -4", "$.config.num_hidden_layers", "a count must not be negative (got -4)"),
    ('attention = "gqa"', 'attention = "flash"', "$.attention", "'attention' must be in ['mha', 'gqa', 'mla'] (got 'flash')"),
    ('source = "tiny-config"\nhidden', 'source = "tiny-cfg"\nhidden', "$.config.source",
     "unknown source 'tiny-cfg'; did you mean 'tiny-config'?"),
    ('value = 0.4, unit = "billion"', 'value = 4, unit = "billion"', "$.parameters.active", "active parameters exceed the total"),
    ('id = "tiny-moe"', 'id = "tiny"', "$.id", "id 'tiny' does not match the file name 'tiny-moe.toml'"),
])
def test_model_errors_name_the_path_and_value(tmp_path, old, new, path, message):
    assert old in GOOD
    found = problems(write(tmp_path, GOOD.replace(old, new, 1)))
    assert any(p == path and m.startswith(message) for p, m in found), found


def test_two_models_may_not_share_a_name(tmp_path):
    write(tmp_path, GOOD)
    other = GOOD.replace('id = "tiny-moe"', 'id = "other"').replace('name = "Tiny-MoE"', 'name = "Other"').replace(
        "tiny-config", "other-config")
    write(tmp_path, other, "other.toml")
    # files are read in name order, so other.toml claims the name first and tiny-moe.toml is the one told
    assert ("$.aliases[0]", "name 'example/Tiny-MoE' is also claimed by 'other'") in problems(tmp_path)


def test_shipped_models_resolve_by_repo_id_and_chinese_name():
    assert get_model("deepseek-ai/DeepSeek-V3").id == "deepseek-v3"
    assert get_model("深度求索 V3").id == "deepseek-v3"
    assert get_model("Llama 3.1 70B").id == "llama-3-1-70b"
    with pytest.raises(UnknownModelError, match=r"unknown model 'Llama 3.1 70'; did you mean 'Llama-3.1-70B'"):
        get_model("Llama 3.1 70")


def test_shipped_models_hold_what_the_issue_asks_for():
    have = {m.id for m in builtin_models()}
    assert {"llama-2-70b", "llama-3-1-8b", "llama-3-1-70b", "llama-3-1-405b", "llama-3-3-70b", "deepseek-v3",
            "deepseek-r1", "qwen3-235b-a22b", "qwen3-32b", "mixtral-8x7b", "gpt-oss-120b"} <= have
    for m in builtin_models():
        assert m.config_source is not None and m.config_source.url, m.id
        assert m.get("layers") and m.get("hidden") and m.get("heads") and m.get("vocab"), m.id
        if m.is_moe:
            assert m.get("experts") and m.get("experts_per_token"), m.id
        if m.attention == "mla":
            assert m.get("kv_lora_rank") and m.get("qk_rope_head_dim"), m.id
