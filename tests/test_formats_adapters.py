"""Simulator adapters: each output read back the way its tool reads it, keys checked against the tool's file."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import accelspec
from accelspec.errors import InvalidValueError
from accelspec.formats.adapters import TOOLS, export_tool

FIX = Path(__file__).parent / "fixtures" / "adapters"


def _pydict(text: str, name: str) -> dict:
    """The dict literal assigned to ``name`` (what the tool's module defines), comments and all."""
    tree = ast.parse(text)
    for node in tree.body:
        if isinstance(node, ast.Assign) and node.targets[0].id == name:
            return ast.literal_eval(node.value)
    raise AssertionError(f"no {name} in text")


def _tool_keys_py(path: Path, name: str) -> set[str]:
    """Keys of the tool's own example dict; values like 1979e12/2 are expressions, so read keys from the AST."""
    tree = ast.parse(path.read_text())
    (assign,) = [n for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == name]
    keys = set()
    for v in assign.value.values:
        keys |= {k.value for k in v.keys}
    return keys


def _yaml(text: str) -> list[dict]:
    """A two-level YAML reader for the AIConfigurator files: 'key: value  # comment', '---' between documents."""
    docs, doc, section = [], {}, None
    for raw in text.splitlines():
        if raw.strip() == "---":
            docs.append(doc)
            doc, section = {}, None
            continue
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        key, _, value = line.strip().partition(":")
        if not raw.startswith(" "):
            section = key
            doc[key] = {} if not value.strip() else value.strip()
        else:
            doc[section][key] = float(value) if value.strip().replace(".", "", 1).replace("e-", "").isdigit() else value.strip()
    docs.append(doc)
    return docs


@pytest.fixture
def chips(fake):
    return [fake.get("nvidia-h200"), fake.get("nvidia-h20")]


def test_genz_keys_values_and_comments(chips):
    text = export_tool("genz", chips)
    configs = _pydict(text, "system_configs")
    tool_keys = _tool_keys_py(FIX / "genz_system_configs.py.txt", "system_configs")
    assert set(configs) == {"nvidia-h200", "nvidia-h20"}
    assert set(configs["nvidia-h200"]) == tool_keys
    # no fp16 dense in the fake H200: bf16 dense is used and the comment says so
    assert configs["nvidia-h200"] == {"Flops": 1000, "Memory_size": 141, "Memory_BW": 4800, "ICN": 450, "real_values": True}
    assert "compute.bf16.dense (no fp16 dense in the catalog; the tool has one 16-bit rate)" in text
    assert "ds-a (as printed): https://example.invalid/datasheet-a.pdf" in text
    # the H20 has no scale-up bandwidth: the key is left out with the reason, never 0
    assert "ICN" not in configs["nvidia-h20"]
    assert "# 'ICN' omitted: interconnect.scaleup_bandwidth not in the catalog" in text


def test_llm_analysis_json_reads_into_the_tool_keys(chips):
    tool_keys = set(json.loads((FIX / "llm_analysis_h100-sxm-80gb.json").read_text()))
    one = json.loads(export_tool("llm-analysis", chips[:1]))
    assert set(one) <= tool_keys
    assert one == {"name": "nvidia-h200", "mem_per_GPU_in_GB": 141, "hbm_bandwidth_in_GB_per_sec": 4800,
                   "intra_node_bandwidth_in_GB_per_sec": 450, "peak_fp16_TFLOPS": 1000, "peak_i8_TFLOPS": 2000}
    both = json.loads(export_tool("llm-analysis", chips))
    assert [r["name"] for r in both] == ["nvidia-h200", "nvidia-h20"]
    assert "intra_node_bandwidth_in_GB_per_sec" not in both[1]  # missing stays missing (the tool then refuses it)


def test_llm_viewer_units_are_base_units(chips):
    text = export_tool("llm-viewer", chips)
    params = _pydict(text, "hardware_params")
    tool_keys = _tool_keys_py(FIX / "llm_viewer_hardware_params.py.txt", "hardware_params")
    assert set(params["nvidia-h200"]) <= tool_keys
    assert params["nvidia-h200"] == {"bandwidth": 4800000000000, "FP16": 1000000000000000, "INT8": 2000000000000000}
    assert "'onchip_buffer' is left out" in text


def test_vidur_dataclass_fields_match_the_tool(chips):
    text = export_tool("vidur", chips)
    tree = ast.parse(text)
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    assert set(classes) == {"NvidiaH200DeviceSKUConfig", "NvidiaH20DeviceSKUConfig"}
    tool = next(n for n in ast.parse((FIX / "vidur_device_sku_config.py.txt").read_text()).body if isinstance(n, ast.ClassDef))

    def fields(cls):
        return {s.target.id: ast.literal_eval(s.value.keywords[0].value) for s in cls.body if isinstance(s, ast.AnnAssign)}

    assert set(fields(classes["NvidiaH200DeviceSKUConfig"])) == set(fields(tool))
    assert fields(classes["NvidiaH200DeviceSKUConfig"]) == {"fp16_tflops": 1000, "total_memory_gb": 141}
    assert [b.id for b in classes["NvidiaH20DeviceSKUConfig"].bases] == ["BaseDeviceSKUConfig"]


def test_aiconfigurator_yaml_keys_and_units(chips):
    docs = _yaml(export_tool("aiconfigurator", chips))
    tool = _yaml((FIX / "aiconfigurator_h100_sxm.yaml").read_text())[0]
    b60 = _yaml((FIX / "aiconfigurator_b60.yaml").read_text())[0]
    assert len(docs) == 2
    h200 = docs[0]
    assert set(h200) == {"gpu", "node"}
    assert set(h200["gpu"]) <= set(tool["gpu"]) | set(b60["gpu"])
    assert set(h200["node"]) <= set(tool["node"])
    assert h200["gpu"] == {"mem_bw": 4.8e12, "mem_capacity": 141e9, "bfloat16_tc_flops": 1e15, "fp8_tc_flops": 2e15,
                           "int8_tc_flops": 2e15, "power": 700}
    assert h200["node"] == {"intra_node_bw": 450e9}
    assert docs[1]["node"] == {}  # the H20's link is unknown: nothing written under node


def test_sparse_is_never_written_as_dense(fake_dir):
    text = (fake_dir / "nvidia" / "nvidia-h20.toml").read_text()
    text = text.replace('id = "nvidia-h20"', 'id = "nvidia-h20s"').replace('aliases = ["H20", "英伟达H20", "輝達H20"]', "aliases = []")
    text = text.replace('dense = { value = 100, unit = "TFLOP/s", source = "ds-a" }\n', "")
    (fake_dir / "nvidia" / "nvidia-h20s.toml").write_text(text.replace('name = "NVIDIA H20"', 'name = "NVIDIA H20S"'))
    cat = accelspec.load_catalog(fake_dir, include_builtin=False)
    out = export_tool("genz", [cat.get("nvidia-h20s")])
    assert "'Flops'" in out and "'Flops':" not in out  # bf16 has only a sparse figure: the key is a comment
    assert "# 'Flops' omitted: no fp16 or bf16 dense peak in the catalog" in out


def test_unknown_tool_and_empty_list(chips):
    with pytest.raises(InvalidValueError) as e:
        export_tool("genzz", chips)
    assert str(e.value) == ("invalid tool 'genzz'; did you mean 'genz'? "
                            "(valid: genz, llm-analysis, llm-viewer, vidur, aiconfigurator)")
    with pytest.raises(InvalidValueError, match="give at least one catalog entry"):
        export_tool("genz", [])
    assert set(TOOLS) == {"genz", "llm-analysis", "llm-viewer", "vidur", "aiconfigurator"}


def test_cli_adapt_through_a_scratch_parser(tmp_path, capsys):
    import argparse

    from accelspec.cli import formats

    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="command")
    formats.register(sub)
    out = tmp_path / "h200.json"
    args = p.parse_args(["adapt", "llm-analysis", "nvidia-h200", "-o", str(out)])
    args.catalog, args.no_builtin = str(Path(__file__).parent / "fake_catalog"), True
    assert args.func(args) == 0
    assert json.loads(out.read_text())["name"] == "nvidia-h200"
    from accelspec.cli.common import UsageError

    args = p.parse_args(["adapt", "genz"])
    with pytest.raises(UsageError, match="name at least one chip"):
        args.func(args)
