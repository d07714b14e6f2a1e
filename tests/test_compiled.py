"""The compiled index: the same catalog as the TOML it came from, and never a stale one."""

import json
import os
import time
from pathlib import Path

import pytest

import accelspec
from accelspec.catalog import codec, compiled


@pytest.fixture
def cache(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("ACCELSPEC_CACHE_DIR", str(d))
    return d


def as_data(cat):
    return ([codec.encode_entry(e) for e in cat], {k: codec.encode_source(s) for k, s in cat.sources.items()})


def _files(d: Path) -> list[Path]:
    return sorted(d.glob("catalog-*.json"))


def test_first_load_writes_the_index_and_the_second_reads_it(fake_dir, cache):
    first = accelspec.load_catalog(fake_dir, include_builtin=False)
    assert len(_files(cache)) == 1
    second = accelspec.load_catalog(fake_dir, include_builtin=False)
    assert second._decode is not None and first._decode is None  # served from the index, decoded lazily
    assert as_data(second) == as_data(first)
    assert [e.id for e in second] == [e.id for e in first]


def test_a_lookup_decodes_only_the_entry_asked_for(fake_dir, cache):
    accelspec.load_catalog(fake_dir, include_builtin=False)
    cat = accelspec.load_catalog(fake_dir, include_builtin=False)
    assert cat.get("H20").id == "nvidia-h20"
    assert set(cat._entries) == {"nvidia-h20"}


def test_the_shipped_catalog_from_its_index_equals_the_toml(cache):
    from accelspec.catalog.build import _cross_check, accelerator_folder, builtin_path
    from accelspec import loader
    from accelspec.catalog import Catalog

    root = accelerator_folder(builtin_path())
    entries, sources, problems, found = loader.load_folder(root)
    entries, more = _cross_check(entries, {}, found)
    assert not problems + more
    fresh = Catalog(entries, sources)
    compiled.save(root, fresh)
    served = compiled.load(root)
    assert served is not None
    assert as_data(served) == as_data(fresh)
    for e in fresh:  # every claim equal as a record, not only as data
        assert served.get(e.id).fields == e.fields and served.get(e.id).prices == e.prices


def test_an_edited_file_is_read_again(fake_dir, cache):
    accelspec.load_catalog(fake_dir, include_builtin=False)
    p = fake_dir / "nvidia" / "nvidia-h20.toml"
    p.write_text(p.read_text(encoding="utf-8").replace("value = 96,", "value = 97,", 1), encoding="utf-8")
    st = p.stat()
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # the same size: only the time tells
    cat = accelspec.load_catalog(fake_dir, include_builtin=False)
    assert cat._decode is None
    assert cat.get("H20").value("memory.capacity") == 97.0


def test_a_new_file_is_read_again(fake_dir, cache):
    accelspec.load_catalog(fake_dir, include_builtin=False)
    (fake_dir / "nvidia" / "_more.toml").write_text('[sources.more]\nurl = "https://example.invalid/more"\ntitle = "more"\nkind = "press"\n', encoding="utf-8")
    assert "more" in accelspec.load_catalog(fake_dir, include_builtin=False).sources


def test_a_broken_file_is_still_reported_after_a_good_load(fake_dir, cache):
    accelspec.load_catalog(fake_dir, include_builtin=False)
    p = fake_dir / "nvidia" / "nvidia-h20.toml"
    p.write_text(p.read_text(encoding="utf-8") + "\nbogus = 1\n", encoding="utf-8")
    with pytest.raises(accelspec.CatalogError, match="unknown key 'bogus'"):
        accelspec.load_catalog(fake_dir, include_builtin=False)


@pytest.mark.parametrize("damage", [b"", b"not json\n", b'{"format": 1}\n', b'{"format": 99, "root": 1}\n'])
def test_a_damaged_or_foreign_index_is_ignored(fake_dir, cache, damage):
    accelspec.load_catalog(fake_dir, include_builtin=False)
    (f,) = _files(cache)
    f.write_bytes(damage)
    cat = accelspec.load_catalog(fake_dir, include_builtin=False)
    assert cat._decode is None and len(cat) == 9
    assert json.loads(f.read_bytes().split(b"\n", 1)[0])["format"] == compiled.FORMAT  # rewritten


def test_turned_off_writes_nothing(fake_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("ACCELSPEC_CACHE_DIR", "off")
    assert compiled.cache_dir() is None
    assert len(accelspec.load_catalog(fake_dir, include_builtin=False)) == 9


def test_an_unwritable_cache_is_skipped(fake_dir, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("ACCELSPEC_CACHE_DIR", str(blocker / "sub"))  # a folder cannot be made under a file
    assert len(accelspec.load_catalog(fake_dir, include_builtin=False)) == 9


def test_missing_is_false_without_ranking_suggestions(fake, monkeypatch):
    def boom(*a, **k):
        raise AssertionError("suggestions ranked for a membership test")

    monkeypatch.setattr(type(fake), "_ranked", boom)
    assert "H2O" not in fake and "H20" in fake


def test_index_time_does_not_matter_to_the_answer(fake_dir, cache):
    a = accelspec.load_catalog(fake_dir, include_builtin=False)
    time.sleep(0.01)
    b = accelspec.load_catalog(fake_dir, include_builtin=False)
    assert [x.id for x in a.find("910")] == [x.id for x in b.find("910")]
    assert a.suggest("H2O") == b.suggest("H2O")
