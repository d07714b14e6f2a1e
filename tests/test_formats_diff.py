"""accelspec diff: two small catalogs made from tests/fake_catalog."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from accelspec.errors import CatalogError
from accelspec.formats import diff, full

FAKE = Path(__file__).parent / "fake_catalog"


@pytest.fixture
def pair(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(FAKE, old)
    shutil.copytree(FAKE, new)
    h200 = new / "nvidia" / "nvidia-h200.toml"
    text = h200.read_text(encoding="utf-8")
    text = text.replace('capacity = { value = 141, unit = "GB", source = "ds-a" }',
                        'capacity = { value = 144, unit = "GB", source = "ds-b" }')
    # the same bandwidth written in other units is no change
    text = text.replace('{ value = 4.8, unit = "TB/s", source = "ds-a" }', '{ value = 4800, unit = "GB/s", source = "ds-a" }')
    text = text.replace('status = "shipping"', 'status = "announced"')
    h200.write_text(text, encoding="utf-8")
    h20 = new / "nvidia" / "nvidia-h20.toml"
    h20.write_text(h20.read_text(encoding="utf-8") + '\n[interconnect]\nscaleup_bandwidth = { value = 900, unit = "GB/s", '
                   'source = "ds-a", direction = "bidirectional" }\n', encoding="utf-8")
    (new / "jiangyuan" / "jiangyuan-d20.toml").unlink()
    return old, new


def test_added_removed_changed(pair):
    d = diff.diff(diff.load(pair[0]), diff.load(pair[1]))
    assert d.added == ()
    assert d.removed == ("jiangyuan-d20",)
    got = {(c.entry, c.field, c.kind): (c.old, c.new) for c in d.changes}
    assert got == {
        ("nvidia-h200", "status", "identity"): ("shipping", "announced"),
        ("nvidia-h200", "memory.capacity", "value"): ("141 GB", "144 GB"),
        ("nvidia-h200", "memory.capacity", "sources"): ("ds-a", "ds-b"),
        ("nvidia-h20", "interconnect.scaleup_bandwidth", "value"): (None, "900 GB/s [ds-a]"),
    }


def test_reverse_is_added(pair):
    d = diff.diff(diff.load(pair[1]), diff.load(pair[0]))
    assert d.added == ("jiangyuan-d20",)
    assert d.removed == ()


def test_text_and_json(pair):
    d = diff.diff(diff.load(pair[0]), diff.load(pair[1]))
    text = diff.to_text(d)
    assert text.splitlines()[:5] == ["added (0):", "removed (1):", "  jiangyuan-d20",
                                     "changed (2 entries, 4 changes):", "  nvidia-h20"]
    assert "    interconnect.scaleup_bandwidth: (none) → 900 GB/s [ds-a]" in text
    assert "    memory.capacity sources: ds-a → ds-b" in text
    data = json.loads(diff.to_json(d))
    assert data["removed"] == ["jiangyuan-d20"]
    assert {"entry": "nvidia-h200", "field": "memory.capacity", "kind": "value", "old": "141 GB", "new": "144 GB"} in data["changes"]


def test_full_export_against_its_folder_is_empty(pair, tmp_path):
    cat = diff.load(pair[0])
    exported = tmp_path / "old.json"
    exported.write_text(full.dumps(cat), encoding="utf-8")
    assert diff.diff(cat, diff.load(exported)).empty
    assert not diff.diff(diff.load(exported), diff.load(pair[1])).empty


def test_a_bad_catalog_is_a_catalog_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(CatalogError) as e:
        diff.load(bad)
    assert e.value.problems[0].path == "$.format"
