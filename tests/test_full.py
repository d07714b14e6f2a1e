"""The full export keeps everything and reads back into an equal catalog, byte for byte."""

import json

import pytest

import accelspec
from accelspec.errors import CatalogError
from accelspec.formats import full
from tests.conftest import run_cli


def test_shipped_catalog_round_trips_byte_for_byte(tmp_path):
    cat = accelspec.builtin_catalog()
    first = full.dumps(cat)
    f = tmp_path / "c.json"
    f.write_text(first, encoding="utf-8")
    again = full.load(f)
    assert full.dumps(again) == first
    assert full.same(again, cat)
    assert len(again) == len(cat) and set(again.sources) == set(cat.sources)  # every source, cited or not


def test_everything_an_entry_holds_survives(fake_dir, tmp_path):
    p = fake_dir / "nvidia" / "nvidia-h20.toml"
    p.write_text(p.read_text(encoding="utf-8") + '''
[[relations]]
metric = "bf16_tflops"
ratio = 0.1
to = "nvidia-h200"
source = "press-x"
quote = "a tenth"

[[prices]]
value = 100000
max = 120000
unit = "USD"
date = "2025-01"
item = "a board of eight"
count = 8
source = "press-x"

[gaps]
"die_area" = { reason = "not-found", searched = "everywhere" }
"compute.fp4" = { reason = "not-supported", source = "ds-a", quote = "no FP4" }
''', encoding="utf-8")
    cat = accelspec.load_catalog(fake_dir, include_builtin=False)
    back = full.loads(full.dumps(cat))
    e, b = cat.get("H20"), back.get("H20")
    assert b.relations == e.relations and b.gaps == e.gaps and b.prices == e.prices and b.fields == e.fields
    assert b.prices[0].max == 120000.0 and b.prices[0].count == 8
    assert (b.notes, b.aliases, b.contains) == (e.notes, e.aliases, e.contains)


@pytest.mark.parametrize("mutate,path,words", [
    (lambda d: "not json", "$", "invalid JSON"),
    (lambda d: json.dumps({**d, "format": "other"}), "$.format", "not an accelspec full export"),
    (lambda d: json.dumps({**d, "version": 99}), "$.version", "unsupported version 99"),
    (lambda d: json.dumps({**d, "entries": [{**d["entries"][0], "fields": {"memory.capacity": [
        {"value": 96, "unit": "furlong", "source": "ds-a"}]}}]}), "$.entries[0].fields.memory.capacity[0].unit",
     "unit 'furlong' does not fit memory.capacity"),
    (lambda d: json.dumps({**d, "entries": [{**d["entries"][0], "fields": {"memory.capacity": [
        {"value": 96, "unit": "GB", "source": "nowhere"}]}}]}), "$.entries[0]", "unknown source 'nowhere'"),
])
def test_a_damaged_full_export_names_the_problem(fake, mutate, path, words):
    data = json.loads(full.dumps(fake))
    with pytest.raises(CatalogError) as e:
        full.loads(mutate(data), "x.json")
    assert any(p.path == path and words in p.message for p in e.value.problems), e.value.problems


def test_cli_export_and_import(tmp_path):
    r = run_cli("export", "--format", "full")
    assert r.returncode == 0, r.stderr
    f = tmp_path / "all.json"
    f.write_text(r.stdout, encoding="utf-8")
    r = run_cli("import", str(f))
    assert r.returncode == 0 and ": OK, " in r.stdout, r.stderr
    r2 = run_cli("--catalog", str(f), "export", "--format", "full")
    assert r2.stdout == f.read_text(encoding="utf-8")
