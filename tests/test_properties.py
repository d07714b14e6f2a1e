"""Property tests: whatever the input, a value or a named error — never another exception.

The default profile runs a bounded number of examples so CI stays fast; `HYPOTHESIS_PROFILE=long`
runs many more (benchmarks/fuzz.md records the last long run and its command).
"""

from __future__ import annotations

import math
import os
import shutil

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import accelspec  # noqa: E402
from accelspec import metrics, model, units  # noqa: E402
from accelspec.catalog import Catalog  # noqa: E402
from accelspec.errors import AccelspecError, CatalogError  # noqa: E402
from tests.conftest import FAKE  # noqa: E402

settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("long", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True) | st.integers(min_value=-10**400, max_value=10**400)


# ---------------------------------------------------------------------- units


@given(ANY_FLOAT, st.sampled_from(units.UNITS), st.sampled_from(units.UNITS))
def test_convert_answers_a_finite_number_or_a_unit_error(x, a, b):
    try:
        out = units.convert(x, a, b)
    except units.UnitError:
        return
    assert isinstance(out, float) and math.isfinite(out)
    if isinstance(x, float) and x > 0 and out > 0:  # there and back gives the value again
        try:
            back = units.convert(out, b, a)
        except units.UnitError:
            return  # the way back overflows (x within a rounding of the largest float): a named error
        assert back == 0.0 or math.isclose(back, x, rel_tol=1e-12)


@given(ANY_FLOAT, ANY_FLOAT)
def test_convert_money_never_returns_nan_or_infinity(value, rate):
    try:
        out = units.convert_money(value, "USD", "CNY", rate=rate, date="2025-12")
    except units.UnitError:
        return
    assert isinstance(out, float) and math.isfinite(out)


# ---------------------------------------------------------------------- lookup


@given(st.text(max_size=40))
def test_lookup_finds_an_entry_or_says_why(fake, text):
    try:
        e = fake.get(text)
    except (accelspec.UnknownAcceleratorError, accelspec.AmbiguousAcceleratorError) as err:
        assert text[:20] in str(err) or repr(text)[:20] in str(err) or not text
        return
    assert e.id in fake.ids


@given(st.text(max_size=40))
def test_find_and_membership_never_raise(fake, text):
    assert isinstance(fake.find(text), list)
    assert (text in fake) in (True, False)


# ---------------------------------------------------------------------- metrics on any entry

NUMBER = st.floats(min_value=1e-9, max_value=1e15, allow_nan=False, allow_infinity=False)
SRC = model.Source(id="s", title="t", kind="vendor")
NUMERIC_PATHS = [p for p, t in model.FIELD_TYPES.items() if t not in ("text", "date")]


@st.composite
def entries(draw):
    fields = {}
    for path in draw(st.lists(st.sampled_from(NUMERIC_PATHS), unique=True, max_size=12)):
        dim = model.FIELD_TYPES[path]
        unit = draw(st.sampled_from([u for u in units.UNITS if units.dimension(u) == dim]))
        kind = draw(st.sampled_from(model.SOURCE_KINDS))
        bound = draw(st.sampled_from([None, None, "at-least"]))
        fields[path] = (model.Claim(value=draw(NUMBER), unit=unit, source=SRC, kind=kind, bound=bound),)
    prices = ()
    if draw(st.booleans()):
        prices = (model.Claim(value=draw(NUMBER), unit="USD", source=SRC, date=model.PartialDate(2025),
                              item="x", count=draw(st.sampled_from([None, 1, 8]))),)
    return model.Accelerator(id="x-chip", name="X", vendor="x", kind="gpu", level="package", status="shipping",
                             market="datacenter", fields=fields, prices=prices)



@given(entries(), st.sampled_from(sorted(metrics.REGISTRY) + list(metrics.MODEL_EXAMPLES)))
def test_every_metric_of_any_entry_is_a_value_or_a_reason(e, name):
    cat = Catalog([e], {"s": SRC})
    r = metrics.compute(e, name, metrics.Context(catalog=cat))
    if r.missing:
        assert r.reason
    else:
        assert math.isfinite(r.value) and r.value > 0


# ---------------------------------------------------------------------- the loader on mutated files

TEXT = (FAKE / "nvidia" / "nvidia-h20.toml").read_text(encoding="utf-8")


@st.composite
def mutations(draw):
    """A real entry file with a few characters replaced, deleted or inserted anywhere."""
    text = TEXT
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["replace", "delete", "insert"]))
        ch = draw(st.sampled_from(list('=[]{}".,0123456789-e \n#\x00\x1b') + ["nan", "inf", "1" * 400, "\ufeff"]))
        if op == "replace":
            text = text[:i] + ch + text[i + 1:]
        elif op == "delete":
            text = text[:i] + text[i + 1:]
        else:
            text = text[:i] + ch + text[i:]
    return text



@given(mutations())
def test_the_loader_loads_a_mutated_file_or_lists_its_problems(tmp_path_factory, text):
    root = tmp_path_factory.mktemp("cat")
    shutil.copytree(FAKE, root, dirs_exist_ok=True)
    (root / "nvidia" / "nvidia-h20.toml").write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        cat = accelspec.load_catalog(root, include_builtin=False)
    except CatalogError as err:
        assert err.problems and all(p.file and p.path.startswith("$") and p.message for p in err.problems)
        return
    for e in cat:  # whatever loaded must be usable
        for name in ("memory_gb", "bf16_tflops_per_watt", "usd_per_bf16_tflops", "tpp"):
            metrics.compute(e, name, metrics.Context(catalog=cat))


@given(st.dictionaries(st.sampled_from(["id", "name", "vendor", "kind", "level", "status", "market", "memory",
                                        "compute", "prices", "gaps", "relations", "aliases", "contains"]),
                       st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
                                    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=6), c, max_size=3),
                                    max_leaves=8), max_size=8))
def test_the_loader_takes_any_shape_of_document(tmp_path_factory, doc):
    from accelspec.loader.claims import _Claims
    from accelspec.loader.common import _Ctx
    from accelspec.loader.entries import parse_entry

    ctx = _Ctx()
    try:
        parse_entry(ctx, "x.toml", doc, {"s": SRC}, "nvidia", "nvidia-x")
    except AccelspecError:
        pass
    assert all(p.path.startswith("$") for p in ctx.problems)
    assert _Claims  # the claim parser is what the shapes above reach
