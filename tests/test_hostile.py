"""Hostile input at every entry point: a named error with the bad value, never a traceback, never silence."""

from __future__ import annotations

import math

import pytest

import accelspec as acs
from accelspec import metrics, units
from accelspec.cli import main
from accelspec.errors import AccelspecError, InvalidValueError, UnitError, UnknownAcceleratorError, UnknownFieldError

from tests.conftest import FAKE

F = ["--catalog", str(FAKE), "--no-builtin"]
BIG = "9" * 400


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        rc = main(list(argv))
    except SystemExit as e:  # argparse's own usage errors
        rc = e.code
    out, err = capsys.readouterr()
    return rc, out, err


# (argv, exit code, words the message must hold)
CASES = [
    (["export-control", "--dense", "fp8=0"], 2, "--dense fp8 must be a positive number of TOPS (got '0')"),
    (["export-control", "--dense", "fp8=-296"], 2, "--dense fp8 must be a positive number of TOPS (got '-296')"),
    (["export-control", "--dense", "fp8=nan"], 2, "--dense fp8 must be a positive number of TOPS (got 'nan')"),
    (["export-control", "--dense", "fp9=1"], 2, "--dense: unknown precision 'fp9'"),
    (["export-control", "--tpp", "inf"], 2, "--tpp must be a positive number"),
    (["compare", "H20", "--fields", "decode_tokens_per_s_0b_fp8"], 1,
     "invalid model size '0'; in 'decode_tokens_per_s_0b_fp8': billions of parameters"),
    (["compare", "H20", "--fields", "max_params_b_fp8_x0"], 1, "invalid chip count '0'"),
    (["compare", "H20", "--fields", f"max_params_b_fp8_x{BIG}"], 1, "invalid chip count '999999999999...'"),
    (["compare", "H20", "--fields", f"decode_tokens_per_s_{BIG}b_fp8"], 1, "invalid model size"),
    (["compare", "H20", "--fields", "max_params_b_fp9"], 1, "weight precision must be one of"),
    (["compare", "H2O"], 1, "unknown accelerator 'H2O'; did you mean 'H20' or 'H200'?"),
    (["compare", "H20", "--baseline", "H2O"], 1, "unknown accelerator 'H2O'"),
    (["compare", "H20", "--fields", "bf16_tflop"], 1, "unknown field or metric 'bf16_tflop'; did you mean"),
    (["compare", "H20", "--precision", "fp9"], 1, "valid precisions: fp64 fp32"),
    (["list", "--vendor", "nvidai"], 1, "invalid vendor 'nvidai'; did you mean 'nvidia'?"),
    (["list", "--status", "shiping"], 1, "invalid status 'shiping'; did you mean 'shipping'"),
    (["list", "--level", "chip"], 1, "invalid level 'chip'"),
    (["list", "--where", "vendor=nvidai"], 1, "invalid vendor 'nvidai'; did you mean 'nvidia'?"),
    (["list", "--where", "statuz=shipping"], 1, "unknown field or metric 'statuz'; did you mean 'status'?"),
    (["list", "--where", "memory_gb>=lots"], 2, "--where memory_gb>= needs a number (got 'lots')"),
    (["list", "--where", "memory_gb>=nan"], 2, "needs a finite number"),
    (["list", "--where", "nonsense"], 2, "--where needs FIELD=VALUE or FIELD>=NUMBER"),
    (["rank", "--by", "bf16_tflops", "--where", "vendor=nvidai"], 1, "invalid vendor 'nvidai'"),
    (["rank", "--by", "bf16_tflops", "--limit", "0"], 1, "invalid limit 0"),
    (["rank", "--by", "bf16_tflops", "--limit", "-3"], 1, "invalid limit -3"),
    (["rank", "--by", "nope"], 1, "unknown field or metric 'nope'"),
    (["show", ""], 1, "unknown accelerator ''"),
    (["show", "H20", "H200"], 2, "unrecognized arguments: H200"),
    (["claims", "H20", "nope"], 1, "unknown field or metric 'nope'"),
    (["sources", "H2O"], 1, "unknown accelerator 'H2O'"),
    (["coverage", "--vendor", "nvidai"], 1, "invalid vendor 'nvidai'"),
    (["export", "--vendor", "nvidai"], 1, "invalid vendor 'nvidai'"),
    (["export", "--format", "genz"], 2, "--format genz writes hardware files for the chips named"),
    (["adapt", "genzz", "H20"], 2, "invalid choice: 'genzz'"),
    (["crosscheck", "epoch", "/nonexistent.csv"], 1, "/nonexistent.csv"),
    (["diff", "/nonexistent-a", "/nonexistent-b"], 1, "/nonexistent-a"),
    (["plot", "perf-per-watt", "-o", "/nonexistent-dir/x.png"], 2, "folder '/nonexistent-dir' does not exist"),
    (["plot", "perf-per-watt", "-o", "x.txt"], 2, "unknown output format '.txt'"),
    (["plot", "bar", "-o", "x.png"], 2, "bar needs --metric"),
    (["plot", "perf-per-watt", "H2O", "-o", "x.png"], 1, "unknown accelerator 'H2O'"),
    (["export-control", "H2O"], 1, "unknown accelerator 'H2O'"),
    (["serve", "DeepSeek-V3", "--on", "0xH20"], 1, "the chip count must be at least 1"),
    (["serve", "DeepSeek-V3", "--on", "99999999999999999999xH20"], 1, "the chip count must be at most 65,536"),
    (["serve", "DeepSeek-V3", "--on", "8xH2O"], 1, "unknown accelerator 'H2O'"),
    (["serve", "DeepSek-V3", "--on", "8xH20"], 1, "unknown model 'DeepSek-V3'; did you mean 'DeepSeek-V3'"),
    (["results", "--benchmark", "llama2-70b-99", "--scenario", "Offlien"], 1, "Offlien"),
]


@pytest.mark.parametrize("argv,rc,words", CASES, ids=[" ".join(c[0])[:60] for c in CASES])
def test_every_hostile_command_gets_a_named_error(capsys, argv, rc, words):
    code, out, err = run(capsys, *F, *argv)
    assert (code, words in err) == (rc, True), err
    assert "Traceback" not in err and "internal error" not in err


def test_no_builtin_without_a_catalog_is_a_usage_error(capsys):
    assert run(capsys, "--no-builtin", "list")[0] == 2


def test_an_empty_folder_is_no_catalog(capsys, tmp_path):
    code, _out, err = run(capsys, "validate", str(tmp_path), "--standalone")
    assert code == 1 and "no entry files" in err


def test_chips_may_follow_options(capsys, tmp_path):
    out = tmp_path / "b.png"
    code, _o, err = run(capsys, *F, "plot", "bar", "--metric", "memory_gb", "H20", "H200", "-o", str(out))
    assert code == 0 and out.exists(), err


def test_rank_puts_the_best_first_by_the_registrys_direction(capsys):
    from accelspec.tables import rank

    cheap_first = rank(acs.select(catalog=acs.builtin_catalog()), "usd_per_bf16_tflops")
    values = [cheap_first.results[e.id]["usd_per_bf16_tflops"].value for e in cheap_first.entries]
    present = [v for v in values if v is not None]
    assert present == sorted(present) and len(present) >= 3
    assert "lowest first: lower is better" in cheap_first.title


# ---------------------------------------------------------------------- the Python API

API = [
    (lambda: acs.compare([]), InvalidValueError, "invalid chips []"),
    (lambda: acs.compare(["H20"], price="nope"), InvalidValueError, "invalid price 'nope'"),
    (lambda: acs.compare(["H20"], headroom=-1), InvalidValueError, "invalid headroom -1"),
    (lambda: acs.compare(["H20"], headroom=math.nan), InvalidValueError, "invalid headroom nan"),
    (lambda: acs.select(vendor="nvidai"), InvalidValueError, "did you mean 'nvidia'?"),
    (lambda: acs.get(None), TypeError, "expected a chip name or id (got None)"),
    (lambda: acs.get("H2O"), UnknownAcceleratorError, "did you mean 'H20' or 'H200'?"),
    (lambda: units.convert_money(1, "USD", "CNY", rate=math.nan, date="2025-12"), UnitError, "got nan"),
    (lambda: units.convert_money(1, "USD", "CNY", rate=-7, date="2025-12"), UnitError, "got -7"),
    (lambda: units.convert(math.inf, "GB", "GiB"), UnitError, "a finite number (got inf)"),
    (lambda: units.convert(1, "GB", "W"), UnitError, "cannot convert 'GB' (bytes) to 'W' (power)"),
    (lambda: acs.get("H20").value("memory.type", "GB"), UnitError, "memory.type is text; it takes no unit"),
    (lambda: acs.get("H20").value("memory.speed"), UnknownFieldError, "unknown field or metric 'memory.speed'"),
    (lambda: metrics.max_params_b(acs.get("H20"), "fp8", chips=0), InvalidValueError, "invalid chips 0"),
    (lambda: metrics.decode_tokens_per_s(acs.get("H20"), -70), InvalidValueError, "invalid params_b -70"),
    (lambda: metrics.get_metric("max_params_b_fp8_x0"), InvalidValueError, "invalid chip count '0'"),
]


@pytest.mark.parametrize("call,error,words", API, ids=[a[2][:40] for a in API])
def test_every_hostile_call_gets_a_named_error(call, error, words):
    with pytest.raises(error) as e:
        call()
    assert words in str(e.value)
    assert isinstance(e.value, (AccelspecError, TypeError))


def test_one_name_is_one_chip_not_its_letters():
    assert [e.id for e in acs.compare("H20").entries] == ["nvidia-h20"]
