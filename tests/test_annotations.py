"""Gaps, bounds, ranges, figures of unstated basis, price counts and relative claims."""

from pathlib import Path

import pytest

import accelspec
from accelspec import metrics
from accelspec.errors import CatalogError

H20 = "nvidia/nvidia-h20.toml"
H200 = "nvidia/nvidia-h200.toml"


def append(root: Path, rel: str, text: str) -> None:
    p = root / rel
    p.write_text(p.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")


def replace(root: Path, rel: str, old: str, new: str) -> None:
    p = root / rel
    t = p.read_text(encoding="utf-8")
    assert old in t, f"fixture changed: {old!r} not in {rel}"
    p.write_text(t.replace(old, new, 1), encoding="utf-8")


def problems(root: Path) -> list[tuple[str, str]]:
    with pytest.raises(CatalogError) as e:
        accelspec.load_catalog(root, include_builtin=False)
    return [(p.path, p.message) for p in e.value.problems]


def load(root: Path):
    return accelspec.load_catalog(root, include_builtin=False)


# ---------------------------------------------------------------------- gaps


def test_not_supported_gap_is_the_reason_a_metric_shows(fake_dir):
    append(fake_dir, H20, '[gaps]\n"compute.fp4" = { reason = "not-supported", source = "ds-a", quote = "no FP4" }\n')
    cat = load(fake_dir)
    r = metrics.compute(cat.get("H20"), "fp4_tflops", metrics.Context(catalog=cat))
    assert r.missing and r.gap == "not-supported"
    assert r.reason == "FP4 not supported (vendor: Fake Vendor, 2024-01-15)"
    # the per-watt metric built on it carries the same reason kind
    assert metrics.compute(cat.get("H20"), "fp4_tflops_per_watt", metrics.Context(catalog=cat)).gap == "not-supported"


def test_not_found_gap_names_what_was_searched(fake_dir):
    append(fake_dir, H20, '[gaps]\n"die_area" = { reason = "not-found", searched = "datasheet; teardown reports" }\n')
    r = metrics.compute(load(fake_dir).get("H20"), "die_area_mm2")
    assert (r.gap, r.reason) == ("not-found", "die area not found in public sources")
    assert load(fake_dir).get("H20").gap("die_area").describe() == "not found in public sources (searched: datasheet; teardown reports)"


@pytest.mark.parametrize("gap,path,message", [
    ('"compute.fp4" = { reason = "not-supported" }', '$.gaps."compute.fp4"',
     "a 'not-supported' gap is a fact: it needs the 'source' that says so"),
    ('"compute.fp4" = { reason = "not-published" }', '$.gaps."compute.fp4"',
     "a 'not-published' gap needs a 'source' or a 'note' saying how we know"),
    ('"die_area" = { reason = "not-found" }', '$.gaps."die_area"', "a 'not-found' gap needs 'searched': where we looked"),
    ('"die_area" = { reason = "unknown", searched = "x" }', '$.gaps."die_area".reason',
     "'reason' must be in ['not-supported', 'not-published', 'not-found'] (got 'unknown')"),
    ('"memory.speed" = { reason = "not-found", searched = "x" }', '$.gaps."memory.speed"',
     "unknown field 'memory.speed'; a gap names a field path such as 'compute.fp8.dense' or 'compute.fp8'"),
    ('"compute.bf16" = { reason = "not-supported", source = "ds-a" }', '$.gaps."compute.bf16"',
     "a gap for 'compute.bf16', but the entry has claims for compute.bf16.dense, compute.bf16.sparse"),
])
def test_bad_gaps_are_named(fake_dir, gap, path, message):
    append(fake_dir, H20, f"[gaps]\n{gap}\n")
    assert (path, message) in problems(fake_dir)


# ---------------------------------------------------------------------- unstated basis, bounds, ranges


def test_unspecified_figure_is_never_used_as_dense(fake_dir):
    append(fake_dir, H20, '[compute.fp4]\nunspecified = { value = 900, unit = "TFLOP/s", source = "press-x" }\n')
    e = load(fake_dir).get("H20")
    assert e.claim("compute.fp4.unspecified").value == 900.0
    r = metrics.compute(e, "fp4_tflops")
    assert r.missing and r.reason == "no dense FP4 figure (only one whose dense/sparse basis is not stated)"


def test_a_bound_is_kept_but_never_shown_as_a_value(fake_dir):
    append(fake_dir, H20, '[compute.fp4]\ndense = { value = 2500, unit = "TFLOP/s", source = "press-x", bound = "at-least" }\n')
    e = load(fake_dir).get("H20")
    c = e.claim("compute.fp4.dense")
    assert (c.bound, c.is_point) == ("at-least", False)
    assert c.describe().startswith("≥ 2500 TFLOP/s (press:")
    r = metrics.compute(e, "fp4_tflops")
    assert r.missing and r.reason == "FP4 only as a bound or range: ≥ 2500 TFLOP/s"


def test_a_value_is_picked_before_a_range_of_higher_rank(fake_dir):
    replace(fake_dir, H20, 'tdp = { value = 400, unit = "W", source = "ds-a", note = "module" }',
            'tdp = [{ value = 1.8, max = 2.3, unit = "kW", source = "ds-a" }, { value = 400, unit = "W", source = "press-x" }]')
    e = load(fake_dir).get("H20")
    assert e.claim("power.tdp").value == 400.0
    assert e.claims("power.tdp")[0].describe().startswith("1.8–2.3 kW (vendor:")


@pytest.mark.parametrize("claim,path,message", [
    ('{ value = 2.3, max = 1.8, unit = "kW", source = "ds-a" }', "$.power.tdp.max",
     "'max' 1.8 must be above the value 2.3 (a range runs value to max)"),
    ('{ value = 2, unit = "kW", source = "ds-a", bound = "above" }', "$.power.tdp.bound",
     "'bound' must be in ['at-least', 'at-most'] (got 'above')"),
    ('{ value = 2, max = 3, bound = "at-least", unit = "kW", source = "ds-a" }', "$.power.tdp",
     "give 'bound' (one-sided) or 'max' (a range), not both"),
])
def test_bad_bounds_are_named(fake_dir, claim, path, message):
    replace(fake_dir, H20, 'tdp = { value = 400, unit = "W", source = "ds-a", note = "module" }', f"tdp = {claim}")
    assert (path, message) in problems(fake_dir)


# ---------------------------------------------------------------------- prices of several


def test_a_board_price_is_divided_by_its_count(fake_dir):
    append(fake_dir, H20, '[[prices]]\nvalue = 125000\nunit = "USD"\ndate = "2024-04"\n'
                          'item = "a baseboard of eight"\ncount = 8\nsource = "press-x"\n')
    cat = load(fake_dir)
    ctx = metrics.Context(catalog=cat)
    r = metrics.compute(cat.get("H20"), "price_usd", ctx)
    assert r.value == 15625.0
    assert r.note == "125,000 USD for 8, 2024-04: a baseboard of eight; 15,625 USD each"
    bf16 = metrics.compute(cat.get("H20"), "bf16_tflops", ctx).value
    assert metrics.compute(cat.get("H20"), "usd_per_bf16_tflops", ctx).value == pytest.approx(15625.0 / bf16)


def test_a_price_count_must_be_a_positive_whole_number(fake_dir):
    append(fake_dir, H20, '[[prices]]\nvalue = 1\nunit = "USD"\ndate = "2024"\nitem = "x"\ncount = 0\nsource = "press-x"\n')
    assert ("$.prices[0].count", "count must be a positive whole number (got 0)") in problems(fake_dir)


# ---------------------------------------------------------------------- relative claims


def test_relation_is_loaded_with_its_source(fake_dir):
    append(fake_dir, H20, '[[relations]]\nmetric = "bf16_tflops"\nratio = 0.075\nto = "nvidia-h200"\n'
                          'source = "press-x"\nquote = "7.5% of an H200"\n')
    (rel,) = load(fake_dir).get("H20").relations
    assert (rel.metric, rel.ratio, rel.to, rel.source.id, rel.quote) == ("bf16_tflops", 0.075, "nvidia-h200", "press-x", "7.5% of an H200")


@pytest.mark.parametrize("body,path,message", [
    ('metric = "bf16_tflops"\nratio = 0\nto = "nvidia-h200"\nsource = "press-x"', "$.relations[0].ratio",
     "'ratio' must be a positive number (got 0)"),
    ('metric = "BF16!"\nratio = 1\nto = "nvidia-h200"\nsource = "press-x"', "$.relations[0].metric",
     "'metric' must be a metric name such as 'bf16_tflops', or 'unspecified' (got 'BF16!')"),
    ('metric = "bf16_tflops"\nratio = 2\nto = "nvidia-h900"\nsource = "press-x"', "$.relations[0].to",
     "unknown entry 'nvidia-h900'"),
    ('metric = "bf16_tflops"\nratio = 2\nto = "nvidia-h20"\nsource = "press-x"', "$.relations[0].to",
     "an entry cannot be measured against itself"),
])
def test_bad_relations_are_named(fake_dir, body, path, message):
    append(fake_dir, H20, f"[[relations]]\n{body}\n")
    assert (path, message) in problems(fake_dir)


def test_a_bound_exports_as_no_value_and_every_number_carries_its_kind(fake_dir):
    from accelspec.formats.flat import KIND_KEYS, record

    append(fake_dir, H20, '[compute.fp4]\ndense = { value = 2500, unit = "TFLOP/s", source = "press-x", bound = "at-least" }\n')
    e = load(fake_dir).get("H20")
    assert e.value("compute.fp4.dense") is None and e.claim("compute.fp4.dense").value == 2500.0
    rec = record(e)
    assert rec["fp4_tflops"] is None and rec["fp4_tflops_kind"] is None
    assert (rec["memory_gb"], rec["memory_gb_kind"]) == (96.0, "vendor")
    assert set(KIND_KEYS) <= set(rec)
