"""Invariants over every shipped catalog file (apart from the unit tests, which use a fake catalog).

These fail when the data is wrong or incomplete, not when code changes: a sparse figure
filed as dense, a power figure off by a factor of 1000, a required entry missing.
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import pytest

import accelspec
from accelspec import metrics, names
from accelspec.catalog import builtin_path

CAT = accelspec.builtin_catalog()
ENTRIES = list(CAT)
ROOT = builtin_path()

REQUIRED = """
nvidia-a100-sxm4-80gb nvidia-a800-sxm4-80gb nvidia-h100-sxm5 nvidia-h100-pcie nvidia-h800-sxm5 nvidia-h20
nvidia-h200-sxm nvidia-h200-nvl nvidia-l20 nvidia-l40s nvidia-b200 nvidia-b300 nvidia-gb200 nvidia-rtx-5090
nvidia-rubin nvidia-rubin-cpx amd-mi300x amd-mi325x amd-mi355x google-tpu-v5p google-tpu-v6e google-tpu-v7
intel-gaudi3 huawei-ascend-910b huawei-ascend-910b1 huawei-ascend-910b2 huawei-ascend-910b3 huawei-ascend-910b4
huawei-ascend-910c huawei-ascend-910d huawei-ascend-950pr huawei-ascend-950dt cambricon-mlu370-x8
cambricon-mlu590 kunlunxin-p800 mthreads-mtt-s80 mthreads-mtt-s4000 mthreads-mtt-s5000 metax-c500 biren-br100
biren-br104 hygon-dcu-k100 jiangyuan-d10 jiangyuan-d20 jiangyuan-t800 nvidia-hgx-h200 nvidia-gb200-nvl72
huawei-cloudmatrix-384
""".split()


def test_every_required_entry_is_present():
    missing = [i for i in REQUIRED if i not in CAT.ids]
    assert not missing, f"required entries missing: {missing}"


def test_catalog_has_enflame_cards():
    assert CAT.select(vendor="enflame"), "issue #3 asks for Enflame's current training and inference cards"


@pytest.mark.parametrize("e", ENTRIES, ids=lambda e: e.id)
def test_id_matches_file(e):
    assert Path(e.file).name == f"{e.id}.toml" and Path(e.file).parent.name == e.vendor


@pytest.mark.parametrize("e", ENTRIES, ids=lambda e: e.id)
def test_every_claim_has_a_resolvable_source(e):
    for path, claims in e.fields.items():
        for c in claims:
            assert c.source.id in CAT.sources, (path, c.source.id)
            assert c.source.title.strip()
    for c in e.prices:
        assert c.source.id in CAT.sources and c.item


@pytest.mark.parametrize("e", ENTRIES, ids=lambda e: e.id)
def test_dense_never_above_sparse_for_vendor_claims(e):
    """Among vendor claims, any dense figure must be ≤ every sparse figure of the same precision."""
    for p in metrics.PRECISIONS:
        dense = [c.to("TFLOP/s") for c in e.claims(f"compute.{p}.dense") if c.effective_kind == "vendor"]
        sparse = [c.to("TFLOP/s") for c in e.claims(f"compute.{p}.sparse") if c.effective_kind == "vendor"]
        if dense and sparse:
            assert max(dense) <= min(sparse) * 1.0001, (p, dense, sparse)


@pytest.mark.parametrize("e", ENTRIES, ids=lambda e: e.id)
def test_lower_precision_is_not_slower(e):
    """fp8 dense ≥ bf16 dense ≥ fp32 dense (shown claims), where both exist."""
    v = {p: e.value(f"compute.{p}.dense", "TFLOP/s") for p in ("fp8", "bf16", "fp32")}
    if v["fp8"] and v["bf16"]:
        assert v["fp8"] >= v["bf16"] * 0.999, v
    if v["bf16"] and v["fp32"]:
        assert v["bf16"] >= v["fp32"] * 0.999, v


# plausible power by level, in W: wide bands that catch a unit slip (kW for W), not a real chip
POWER_RANGE = {"die": (5, 3000), "package": (5, 3000), "card": (5, 3000), "superchip": (100, 10_000),
               "server": (1_000, 50_000), "rack": (10_000, 2_000_000)}


@pytest.mark.parametrize("e", ENTRIES, ids=lambda e: e.id)
def test_power_plausible_for_level(e):
    lo, hi = POWER_RANGE[e.level]
    for c in e.claims("power.tdp"):
        assert lo <= c.to("W") <= hi, (c.value, c.unit, e.level)


# plausible per-device bandwidth (GB/s) and capacity (GB) by memory family
MEMORY_RANGE = {"HBM": ((300, 30_000), (8, 1024)), "GDDR": ((100, 2_500), (4, 128)), "LPDDR": ((30, 1_500), (8, 1024))}


@pytest.mark.parametrize("e", [e for e in ENTRIES if e.level in ("package", "card", "die")], ids=lambda e: e.id)
def test_memory_plausible_for_type(e):
    mtype = e.value("memory.type")
    family = next((f for f in MEMORY_RANGE if mtype and str(mtype).upper().startswith(f)), None)
    if family is None:
        pytest.skip(f"no memory type to check against ({mtype!r})")
    (bw_lo, bw_hi), (cap_lo, cap_hi) = MEMORY_RANGE[family]
    for c in e.claims("memory.bandwidth"):
        assert bw_lo <= c.to("GB/s") <= bw_hi, (family, c.value, c.unit)
    for c in e.claims("memory.capacity"):
        assert cap_lo <= c.to("GB") <= cap_hi, (family, c.value, c.unit)


# Entries whose efficiency is far from their generation's, and why that is right.
EFFICIENCY_EXPLAINED: dict[str, str] = {}


def _efficiency(e):
    r = metrics.compute(e, "bf16_tflops_per_watt")
    if r.missing:
        r = metrics.compute(e, "fp16_tflops_per_watt")
    return None if r.missing else r.value


def test_perf_per_watt_not_an_order_of_magnitude_outlier():
    """Against entries announced within a year of it, dense BF16 (or FP16) per watt is within 10×."""
    chips = [e for e in ENTRIES if e.level in ("package", "card", "superchip") and _efficiency(e)]
    year = {e.id: e.value("announced").year for e in chips if e.value("announced")}
    flagged = []
    for e in chips:
        if e.id not in year:
            continue
        peers = [_efficiency(o) for o in chips if o.id in year and abs(year[o.id] - year[e.id]) <= 1 and o.id != e.id]
        if len(peers) < 3:
            continue
        med = statistics.median(peers)
        ratio = _efficiency(e) / med
        if not 0.1 <= ratio <= 10 and e.id not in EFFICIENCY_EXPLAINED:
            flagged.append((e.id, round(_efficiency(e), 3), round(med, 3)))
    assert not flagged, f"outliers (id, TFLOP/s per W, peer median): {flagged}"


@pytest.mark.parametrize("e", ENTRIES, ids=lambda e: e.id)
def test_press_and_rumour_claims_cite_press_like_sources(e):
    """A claim of kind vendor must come from a vendor source (no claim upgrades its source)."""
    for claims in e.fields.values():
        for c in claims:
            if c.kind is not None:
                from accelspec.model import SOURCE_KINDS

                assert SOURCE_KINDS.index(c.kind) >= SOURCE_KINDS.index(c.source.kind), (c.kind, c.source.kind)


def test_rumoured_products_carry_no_vendor_claims():
    for e in CAT.select(status="rumoured"):
        kinds = {c.effective_kind for cl in e.fields.values() for c in cl}
        assert "vendor" not in kinds, e.id


def test_compositions_reference_real_entries():
    for e in ENTRIES:
        for comp in e.contains:
            assert comp.id in CAT.ids
    assert {c.id: c.count for c in CAT.get("huawei-cloudmatrix-384").contains} == {"huawei-ascend-910c": 384}
    assert {c.id: c.count for c in CAT.get("nvidia-hgx-h200").contains} == {"nvidia-h200-sxm": 8}
    assert {c.id: c.count for c in CAT.get("nvidia-gb200-nvl72").contains} == {"nvidia-gb200": 36}
    assert {c.id: c.count for c in CAT.get("jiangyuan-d20").contains} == {"jiangyuan-d20-chip": 2}


# Chip names as the source articles print them (shared/sources), and the entry each must reach.
ARTICLE_NAMES = {
    "H20": "nvidia-h20", "H200": "nvidia-h200-sxm", "H800": "nvidia-h800-sxm5", "輝達H200": "nvidia-h200-sxm",
    "英伟达H20": "nvidia-h20", "昇騰910B": "huawei-ascend-910b", "昇腾910B": "huawei-ascend-910b",
    "华为昇腾910C": "huawei-ascend-910c", "華為 910D": "huawei-ascend-910d", "910E": "huawei-ascend-910e",
    "CM384": "huawei-cloudmatrix-384", "寒武纪思元590": "cambricon-mlu590", "思元590": "cambricon-mlu590",
    "昆仑芯P800": "kunlunxin-p800", "崑崙芯P800": "kunlunxin-p800", "摩尔线程MTT S80": "mthreads-mtt-s80",
    "摩爾線程 S4000": "mthreads-mtt-s4000", "MTT S5000": "mthreads-mtt-s5000", "S8000": "mthreads-mtt-s8000",
    "江原D20": "jiangyuan-d20", "江原D10": "jiangyuan-d10", "江原T800": "jiangyuan-t800", "MX100": "metax-mx100",
    "壁仞BR100": "biren-br100", "B40": "nvidia-b40", "5090": "nvidia-rtx-5090",
}


@pytest.mark.parametrize("name,expected", sorted(ARTICLE_NAMES.items()))
def test_article_chip_names_resolve(name, expected):
    assert CAT.get(name).id == expected


def _source_index_vendor_names() -> list[tuple[str, str]]:
    readme = ROOT.parent.parent / "shared" / "sources" / "README.md"
    for cand in (Path(__file__).resolve().parents[3] / "shared" / "sources" / "README.md", readme):
        if cand.is_file():
            text = cand.read_text(encoding="utf-8")
            section = text.split("must resolve to the right catalog entry:", 1)[-1]
            pairs = []
            for part in re.split(r"[,.]\s*\n?", section):
                if "=" in part:
                    left, right = part.split("=", 1)
                    for n in left.split("/"):
                        pairs.append((n.strip(), right.strip().split(" (")[0]))
            return pairs
    return []


def test_source_index_vendor_names_resolve():
    pairs = _source_index_vendor_names()
    if not pairs:
        pytest.skip("shared/sources/README.md is not beside the checkout")
    expected = {"NVIDIA": "nvidia", "Huawei": "huawei", "Ascend": "huawei", "Moore Threads": "mthreads", "MetaX": "metax",
                "Biren": "biren", "Enflame": "enflame", "Cambricon": "cambricon", "MLU": "cambricon", "Kunlunxin": "kunlunxin",
                "Hygon": "hygon", "Jiangyuan": "jiangyuan", "T-Head": "thead", "Jingjia Micro": "jingjia"}
    assert len(pairs) >= 20
    for zh, en in pairs:
        assert names.vendor_id(zh) == expected[en], (zh, en)


@pytest.mark.parametrize("e", ENTRIES, ids=lambda e: e.id)
def test_display_name_is_latin(e):
    """Display names are English (charts and fixed-width tables); Chinese names live in aliases."""
    assert not any("\u3400" <= ch <= "\u9fff" for ch in e.name), e.name
