"""Every loader error, with its exact message, file and field path; all reported at once."""

from pathlib import Path

import pytest

import accelspec
from accelspec.errors import CatalogError, Problem

H20 = "nvidia/nvidia-h20.toml"


def problems_of(root: Path, include_builtin: bool = False) -> list[tuple[str, str, str]]:
    with pytest.raises(CatalogError) as e:
        accelspec.load_catalog(root, include_builtin=include_builtin)
    return [(Path(p.file).relative_to(root).as_posix(), p.path, p.message) for p in e.value.problems]


def edit(root: Path, rel: str, old: str, new: str) -> None:
    p = root / rel
    text = p.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {rel}"
    p.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fake_catalog_loads(fake):
    assert len(fake) == 9
    assert set(fake.sources) == {"ds-a", "ds-b", "press-x", "est-y"}


@pytest.mark.parametrize("old,new,path,message", [
    ('unit = "TB/s", source = "ds-a" }', 'unit = "TB/sec", source = "ds-a" }', "$.memory.bandwidth.unit",
     "'unit' must be in ['MB/s', 'GB/s', 'TB/s', 'GiB/s', 'TiB/s', 'Gb/s', 'Tb/s'] (got 'TB/sec')"),
    ('tdp = { value = 400,', 'tdp = { value = -400,', "$.power.tdp.value", "value must not be negative (got -400)"),
    ('tdp = { value = 400,', 'tdp = { value = nan,', "$.power.tdp.value", "value must be finite (got nan)"),
    ('tdp = { value = 400,', 'tdp = { value = inf,', "$.power.tdp.value", "value must be finite (got inf)"),
    ('tdp = { value = 400,', 'tdp = { value = 0,', "$.power.tdp.value",
     "value must be positive (got 0); leave an unknown value out instead of writing 0"),
    ('tdp = { value = 400,', 'tdp = { value = "400",', "$.power.tdp.value", "expected a number (got '400')"),
    ('tdp = { value = 400,', 'tdp = { value = true,', "$.power.tdp.value", "expected a number (got True)"),
    ('source = "ds-a", note = "module" }', 'source = "ds2", note = "module" }', "$.power.tdp.source",
     "unknown source 'ds2'"),
    ('capacity = { value = 96, unit = "GB", source = "ds-a" }', 'capacity = { value = 96, unit = "W", source = "ds-a" }',
     "$.memory.capacity.unit", "'unit' must be in ['B', 'KB', 'MB', 'GB', 'TB', 'KiB', 'MiB', 'GiB', 'TiB', 'Gb', 'Gbit'] (got 'W')"),
    ('capacity = { value = 96, unit = "GB", source = "ds-a" }', 'capacity = { value = 96, source = "ds-a" }',
     "$.memory.capacity", "missing required key 'unit' (one of ['B', 'KB', 'MB', 'GB', 'TB', 'KiB', 'MiB', 'GiB', 'TiB', 'Gb', 'Gbit'])"),
    ('capacity = { value = 96, unit = "GB", source = "ds-a" }', 'capacity = { value = 96, unit = "GB" }',
     "$.memory.capacity", "missing required key 'source'; every value cites a source"),
    ('type = { value = "HBM3", source = "ds-a" }', 'type = { value = "HBM3", unit = "GB", source = "ds-a" }',
     "$.memory.type.unit", "a text value takes no unit (got 'GB')"),
    ('[memory]\n', '[memory]\nbandwith = { value = 1, unit = "TB/s", source = "ds-a" }\n', "$.memory.bandwith",
     "unknown key 'bandwith'; did you mean 'bandwidth'? (valid: capacity, type, bandwidth, stacks, bus_width)"),
    ('status = "shipping"', 'status = "shiping"', "$.status",
     "'status' must be in ['rumoured', 'announced', 'sampling', 'shipping', 'discontinued', 'cancelled'] (got 'shiping')"),
    ('id = "nvidia-h20"', 'id = "nvidia-h20x"', "$.id", "id 'nvidia-h20x' does not match the file name 'nvidia-h20.toml'"),
    ('vendor = "nvidia"', 'vendor = "amd"', "$.vendor", "vendor 'amd' does not match the folder 'nvidia'"),
    ('announced = { value = "2023-11", source = "ds-a" }', 'announced = { value = "Nov 2023", source = "ds-a" }',
     "$.announced.value", "expected a date like 2025-09-18, '2025-09' or '2025' (got 'Nov 2023')"),
    ('[compute.bf16]\ndense = { value = 100,', '[compute.bf16]\ndense = { value = 300,', "$.compute.bf16",
     "sparse 200 TFLOP/s is below dense 300 TFLOP/s"),
    ('[compute.fp8]', '[compute.fp9]', "$.compute.fp9",
     "unknown key 'fp9'; did you mean 'fp8'? (valid: fp64, fp32, tf32, bf16, fp16, fp8, fp6, fp4, int8, int4)"),
    ('source = "ds-a", note = "module" }', 'source = "ds-a", note = "module", engine = "tensor" }', "$.power.tdp.engine",
     "unknown key 'engine' (valid: value, unit, source, note, kind, quote, derivation, bound, max)"),
    ('[compute.int8]\ndense = { value = 200, unit = "TOP/s", source = "ds-a" }',
     '[compute.int8]\ndense = { value = 200, unit = "TOP/s", source = "ds-a", engine = "tensor" }',
     "$.compute.int8.dense.engine", "'engine' must be in ['matrix', 'vector'] (got 'tensor')"),
])
def test_each_error_names_file_path_and_value(fake_dir, old, new, path, message):
    edit(fake_dir, H20, old, new)
    probs = problems_of(fake_dir)
    assert (H20, path, message) in probs, probs


def test_all_problems_reported_at_once(fake_dir):
    edit(fake_dir, H20, 'unit = "TB/s"', 'unit = "TB/sec"')
    edit(fake_dir, H20, 'status = "shipping"', 'status = "gone"')
    edit(fake_dir, "huawei/huawei-ascend-910c.toml", 'unit = "GB"', 'unit = "gigabytes"')
    probs = problems_of(fake_dir)
    assert [(f, p) for f, p, _ in probs] == [
        ("huawei/huawei-ascend-910c.toml", "$.memory.capacity.unit"),
        (H20, "$.status"),
        (H20, "$.memory.bandwidth.unit"),
    ]


def test_error_text_groups_problems_by_file(fake_dir):
    edit(fake_dir, H20, 'unit = "TB/s"', 'unit = "TB/sec"')
    edit(fake_dir, H20, 'source = "ds-a", note = "module" }', 'source = "ds2", note = "module" }')
    with pytest.raises(CatalogError) as e:
        accelspec.load_catalog(fake_dir, include_builtin=False)
    first = str(e.value).splitlines()
    assert first[0] == f"2 problems in {fake_dir / H20}:"
    assert first[1].startswith("  'unit' must be in [") and first[1].endswith("(got 'TB/sec') @ $.memory.bandwidth.unit")
    assert first[2] == "  unknown source 'ds2' @ $.power.tdp.source"


def test_invalid_toml_fails_cleanly(fake_dir):
    (fake_dir / "nvidia" / "nvidia-bad.toml").write_text('id = "nvidia-bad"\nname = [unclosed\n', encoding="utf-8")
    probs = problems_of(fake_dir)
    assert len(probs) == 1
    file, path, msg = probs[0]
    assert (file, path) == ("nvidia/nvidia-bad.toml", "$") and msg.startswith("invalid TOML: ")


def test_binary_garbage_fails_cleanly(fake_dir):
    (fake_dir / "nvidia" / "nvidia-bin.toml").write_bytes(b"\x80\x81\xfe\xff\x00pickle")
    probs = problems_of(fake_dir)
    assert probs[0][:2] == ("nvidia/nvidia-bin.toml", "$")
    assert probs[0][2].startswith(("invalid TOML", "not UTF-8 text"))


def test_hostile_nesting_fails_cleanly(fake_dir):
    (fake_dir / "nvidia" / "nvidia-deep.toml").write_text("id = " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    assert ("nvidia/nvidia-deep.toml", "$", "invalid TOML: nested too deeply to parse") in problems_of(fake_dir)


def test_oversized_file_is_refused_unread(fake_dir):
    (fake_dir / "nvidia" / "nvidia-big.toml").write_text("# " + "x" * (1 << 20) + "\n", encoding="utf-8")
    assert ("nvidia/nvidia-big.toml", "$", "file is 1,048,579 bytes; a catalog file may be at most 1,048,576") in problems_of(fake_dir)


def test_duplicate_source_id(fake_dir):
    (fake_dir / "nvidia" / "_more.toml").write_text('[sources.ds-a]\nurl = "https://example.invalid/ds-a"\ntitle = "again"\nkind = "vendor"\n', encoding="utf-8")
    assert ("nvidia/_more.toml", "$.sources.ds-a", f"source id 'ds-a' is already defined in {fake_dir / '_sources.toml'}") \
        in problems_of(fake_dir)


def test_source_file_holds_only_sources(fake_dir):
    (fake_dir / "_extra.toml").write_text('id = "x"\n', encoding="utf-8")
    assert ("_extra.toml", "$.id", "a file named _*.toml holds only [sources.*] tables (found 'id')") in problems_of(fake_dir)


def test_bad_source_kind(fake_dir):
    (fake_dir / "_extra.toml").write_text('[sources.blog]\nurl = "https://example.invalid/blog"\ntitle = "a blog"\nkind = "blog"\n', encoding="utf-8")
    assert ("_extra.toml", "$.sources.blog.kind",
            "'kind' must be in ['vendor', 'measured', 'analyst', 'press', 'community', 'estimate', 'rumour'] (got 'blog')") in problems_of(fake_dir)


def test_validate_requires_an_address_a_reader_can_open_and_loading_does_not(fake_dir, capsys):
    from accelspec.cli import main
    from accelspec.loader.sources import ADDRESS_RULE

    (fake_dir / "_extra.toml").write_text(
        '[sources.indexed]\ntitle = "a table seen through a code index"\nkind = "community"\n'
        'via = "code-search index, file id 68785646252; repository not identified"\n'
        '[sources.copy]\ntitle = "a datasheet read in a copy"\nkind = "vendor"\n'
        'via = "the copy at https://example.invalid/mirror/datasheet.pdf"\n'
        '[sources.paper]\ntitle = "中国AI晶片,批次交付!"\nkind = "press"\npublisher = "芯東西"\ndate = 2025-12-31\n'
        '[sources.undated]\ntitle = "an article"\nkind = "press"\npublisher = "An Outlet"\n', encoding="utf-8")
    # an older catalog still loads (accelspec diff OLD NEW reads it) ...
    assert "indexed" in accelspec.load_catalog(fake_dir, include_builtin=False).sources
    # ... and validate names each source a reader could not open, with what it had
    assert main(["validate", str(fake_dir), "--standalone"]) == 1
    err = capsys.readouterr().err
    assert f"{ADDRESS_RULE} (got via 'code-search index, file id 68785646252; repository not identified') @ $.sources.indexed" in err
    assert f"{ADDRESS_RULE} (got no 'url', no 'via') @ $.sources.undated" in err
    assert "$.sources.copy" not in err and "$.sources.paper" not in err


def test_duplicate_alias_between_entries(fake_dir):
    edit(fake_dir, "nvidia/nvidia-h200.toml", 'aliases = ["H200",', 'aliases = ["H200", "h-20",')
    probs = problems_of(fake_dir)
    assert ("nvidia/nvidia-h200.toml", "$.aliases[1]",
            f"name 'h-20' is also claimed by 'nvidia-h20' (as 'H20') in {fake_dir / H20}") in probs


def test_contains_unknown_entry(fake_dir):
    edit(fake_dir, "jiangyuan/jiangyuan-d20.toml", 'id = "jiangyuan-d20-chip"', 'id = "jiangyuan-d30-chip"')
    assert ("jiangyuan/jiangyuan-d20.toml", "$.contains[0].id", "unknown entry 'jiangyuan-d30-chip'") in problems_of(fake_dir)


def test_contains_count_must_be_positive(fake_dir):
    edit(fake_dir, "jiangyuan/jiangyuan-d20.toml", "count = 2", "count = 0")
    assert ("jiangyuan/jiangyuan-d20.toml", "$.contains[0].count", "count must be a positive whole number (got 0)") in problems_of(fake_dir)


def test_price_needs_date_and_item(fake_dir):
    edit(fake_dir, "huawei/huawei-ascend-910b.toml", 'date = "2025-12"\nitem = "one 910B"\n', "")
    probs = problems_of(fake_dir)
    assert ("huawei/huawei-ascend-910b.toml", "$.prices[0]", "missing required key 'item' (what was bought)") in probs
    assert ("huawei/huawei-ascend-910b.toml", "$.prices[0]", "missing required key 'date' (when the price was quoted)") in probs


def test_price_unit_is_a_currency(fake_dir):
    edit(fake_dir, "huawei/huawei-ascend-910b.toml", 'unit = "USD"', 'unit = "EUR"')
    assert ("huawei/huawei-ascend-910b.toml", "$.prices[0].unit", "'unit' must be in ['USD', 'CNY'] (got 'EUR')") in problems_of(fake_dir)


def test_generic_entry_needs_variants(fake_dir):
    edit(fake_dir, "huawei/huawei-ascend-910b.toml", 'variants = ["huawei-ascend-910b1", "huawei-ascend-910b2"]', "variants = []")
    assert ("huawei/huawei-ascend-910b.toml", "$.variants", "a generic entry must list the variants it stands for") in problems_of(fake_dir)


def test_entry_outside_vendor_folder(fake_dir):
    (fake_dir / "loose.toml").write_text('id = "loose"\n', encoding="utf-8")
    assert ("loose.toml", "$", "an entry file belongs at <vendor>/<id>.toml") in problems_of(fake_dir)


def test_missing_folder():
    with pytest.raises(CatalogError) as e:
        accelspec.load_catalog("/nonexistent/catalog", include_builtin=False)
    assert e.value.problems == [Problem("/nonexistent/catalog", "$", "not a catalog folder (no such directory)")]


def test_catalog_error_is_a_value_error():
    assert issubclass(CatalogError, ValueError)


# ------------------------------------------------------------------ user catalogs beside the shipped one

def _user_entry(root: Path, eid: str, extra: str = "") -> None:
    vendor = eid.split("-")[0]
    (root / vendor).mkdir(parents=True, exist_ok=True)
    (root / vendor / f"{eid}.toml").write_text(
        f'id = "{eid}"\nname = "User {eid}"\nvendor = "{vendor}"\nkind = "gpu"\nlevel = "package"\n'
        f'status = "shipping"\nmarket = "datacenter"\n{extra}\n[power]\ntdp = {{ value = 123, unit = "W", source = "mine" }}\n'
        f'[sources.mine]\nurl = "https://example.invalid/mine"\ntitle = "my own measurement"\nkind = "measured"\n', encoding="utf-8")


def test_user_catalog_beside_builtin(tmp_path):
    _user_entry(tmp_path, "nvidia-myboard")
    cat = accelspec.load_catalog(tmp_path)
    assert cat.get("nvidia-myboard").value("power.tdp", "W") == 123
    assert len(cat) == len(accelspec.builtin_catalog()) + 1


def test_silent_shadowing_is_an_error(tmp_path):
    shipped = next(iter(accelspec.builtin_catalog())).id
    _user_entry(tmp_path, shipped)
    probs = problems_of(tmp_path, include_builtin=True)
    assert any(p == "$.id" and m == f"id {shipped!r} is already a shipped entry; add replaces = {shipped!r} to replace it on purpose"
               for _f, p, m in probs), probs


def test_explicit_replacement(tmp_path):
    shipped = next(iter(accelspec.builtin_catalog()))
    _user_entry(tmp_path, shipped.id, f'replaces = "{shipped.id}"\naliases = {list(shipped.aliases)!r}'.replace("'", '"'))
    cat = accelspec.load_catalog(tmp_path)
    assert cat.get(shipped.id).name == f"User {shipped.id}"
    assert len(cat) == len(accelspec.builtin_catalog())
