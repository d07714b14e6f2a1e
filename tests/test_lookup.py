import pytest

from accelspec.errors import AmbiguousAcceleratorError, UnknownAcceleratorError


@pytest.mark.parametrize("query,expected", [
    ("H20", "nvidia-h20"),
    ("h20", "nvidia-h20"),
    ("nvidia-h20", "nvidia-h20"),
    ("NVIDIA H20", "nvidia-h20"),
    ("英伟达H20", "nvidia-h20"),
    ("輝達H20", "nvidia-h20"),
    ("英偉達 H20", "nvidia-h20"),          # traditional vendor name, not listed as an alias
    ("Ｈ２０", "nvidia-h20"),              # full-width
    ("H200", "nvidia-h200"),
    ("Ascend 910B", "huawei-ascend-910b"),
    ("ascend-910b", "huawei-ascend-910b"),
    ("昇腾910B", "huawei-ascend-910b"),
    ("昇騰910B", "huawei-ascend-910b"),
    ("ＡＳＣＥＮＤ　９１０Ｂ", "huawei-ascend-910b"),
    ("910B", "huawei-ascend-910b"),        # the documented generic entry
    ("910B1", "huawei-ascend-910b1"),
    ("910C", "huawei-ascend-910c"),        # the product-line word may be left out
    ("華為昇騰910C", "huawei-ascend-910c"),
    ("华为昇腾910C", "huawei-ascend-910c"),
    ("CM384", "huawei-cloudmatrix-384"),
    ("江原D20", "jiangyuan-d20"),
])
def test_get_resolves(fake, query, expected):
    assert fake.get(query).id == expected


def test_h20_is_never_the_h200(fake):
    assert fake.get("H20").id == "nvidia-h20"
    assert fake.get("H200").id == "nvidia-h200"
    assert fake.get("H20").id != fake.get("H200").id


def test_miss_raises_with_ranked_suggestions(fake):
    with pytest.raises(UnknownAcceleratorError) as e:
        fake.get("H2O")
    assert str(e.value) == "unknown accelerator 'H2O'; did you mean 'H20' or 'H200'?"
    assert e.value.suggestions == ["H20", "H200"]
    assert isinstance(e.value, KeyError)


def test_suggestions_use_the_query_script(fake):
    with pytest.raises(UnknownAcceleratorError) as e:
        fake.get("Ascend 910X")
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in s) for s in e.value.suggestions)


def test_prefix_is_not_a_match(fake):
    with pytest.raises(UnknownAcceleratorError):
        fake.get("H2")
    with pytest.raises(UnknownAcceleratorError):
        fake.get("910")


def test_ambiguous_derived_name_raises(tmp_path):
    import shutil

    import accelspec
    from tests.conftest import FAKE

    shutil.copytree(FAKE, tmp_path / "c")
    # a second vendor whose product is also "Z1" once its vendor word is stripped
    for vendor, vname in (("biren", "Biren Z1"), ("metax", "MetaX Z1")):
        (tmp_path / "c" / vendor).mkdir()
        (tmp_path / "c" / vendor / f"{vendor}-z1.toml").write_text(
            f'id = "{vendor}-z1"\nname = "{vname}"\nvendor = "{vendor}"\nkind = "gpu"\nlevel = "package"\n'
            'status = "shipping"\nmarket = "datacenter"\n', encoding="utf-8")
    cat = accelspec.load_catalog(tmp_path / "c", include_builtin=False)
    assert cat.get("MetaX Z1").id == "metax-z1"
    with pytest.raises(AmbiguousAcceleratorError) as e:
        cat.get("Z1")
    assert e.value.candidates == ["biren-z1", "metax-z1"]
    assert str(e.value) == "'Z1' is ambiguous; it names 'biren-z1', 'metax-z1'"


def test_find_ranks_exact_then_containing(fake):
    ids = [e.id for e in fake.find("910B")]
    assert ids[0] == "huawei-ascend-910b"
    assert set(ids[1:3]) == {"huawei-ascend-910b1", "huawei-ascend-910b2"}
    assert [e.id for e in fake.find("H20")][:2] == ["nvidia-h20", "nvidia-h200"]


def test_select_filters(fake):
    assert [e.id for e in fake.select(vendor="huawei", level="package", generic=False)] == [
        "huawei-ascend-910b1", "huawei-ascend-910b2", "huawei-ascend-910c"]
    assert [e.id for e in fake.select(region="china")] == ["nvidia-h20"]
    assert [e.id for e in fake.select(vendor=["jiangyuan"], where=lambda e: e.level == "card")] == ["jiangyuan-d20"]


def test_select_rejects_unknown_criterion(fake):
    with pytest.raises(TypeError, match="unknown criterion 'colour'"):
        fake.select(colour="green")


def test_contains_and_getitem(fake):
    assert "昇騰910B" in fake and "H2O" not in fake
    assert fake["H20"].name == "NVIDIA H20"
