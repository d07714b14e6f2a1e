"""The wheel, installed non-editable into a fresh venv and run from another directory, finds its catalog."""

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    src = tmp_path_factory.mktemp("src") / "accelspec"
    # build from a copy so that the checkout is never written to
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info", "__pycache__"))
    r = subprocess.run([sys.executable, "-m", "build", "--wheel", "--sdist", "--no-isolation", "--outdir", str(out), str(src)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    return next(out.glob("*.whl")), next(out.glob("*.tar.gz"))


def test_wheel_contains_catalog(wheel):
    import tarfile
    import zipfile

    whl, sdist = wheel
    names = zipfile.ZipFile(whl).namelist()
    assert "accelspec/_catalog/README.md" in names
    assert "accelspec/_catalog/accelerators/_sources.toml" in names
    assert "accelspec/py.typed" in names
    shipped = sorted(p.relative_to(ROOT / "catalog").as_posix() for p in (ROOT / "catalog").rglob("*.toml"))
    assert sorted(n[len("accelspec/_catalog/"):] for n in names if n.startswith("accelspec/_catalog/") and n.endswith(".toml")) == shipped
    with tarfile.open(sdist) as tf:
        members = tf.getnames()
    assert any(m.endswith("/catalog/accelerators/_sources.toml") for m in members)
    assert any(m.endswith("/tests/fake_catalog/_sources.toml") for m in members)


def test_installed_wheel_runs_from_elsewhere(wheel, tmp_path):
    whl, _ = wheel
    env_dir = tmp_path / "venv"
    # system site packages give the dependencies without a network; the wheel itself is installed for real
    venv.EnvBuilder(with_pip=True, system_site_packages=True).create(env_dir)
    py = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    r = subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(whl)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    # the test runner's own dependencies (tabulate, matplotlib ...), after the new environment's site
    # packages: the wheel's accelspec still comes first (asserted below), the rest needs no network
    import site
    import sysconfig

    inner = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                           capture_output=True, text=True, check=True).stdout.strip()
    outer = [d for d in site.getsitepackages() + [sysconfig.get_paths()["purelib"]] if Path(d).is_dir()]
    (Path(inner) / "zz_test_deps.pth").write_text("\n".join(dict.fromkeys(outer)) + "\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    code = ("import accelspec, sys; from accelspec.catalog import builtin_path; "
            "print(accelspec.__file__); print(builtin_path()); print(accelspec.get('H20').id); "
            "print('matplotlib' in sys.modules)")
    r = subprocess.run([str(py), "-c", code], capture_output=True, text=True, cwd=elsewhere, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    file, path, h20, mpl = r.stdout.splitlines()
    assert Path(file).is_relative_to(env_dir) and Path(path) == Path(file).parent / "_catalog"
    assert (h20, mpl) == ("nvidia-h20", "False")
    exe = env_dir / "bin" / "accelspec"
    r = subprocess.run([str(exe), "show", "H20"], capture_output=True, text=True, cwd=elsewhere, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("NVIDIA H20")
    r = subprocess.run([str(exe), "validate"], capture_output=True, text=True, cwd=elsewhere, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    # the command line against the installed package (its _catalog), not the checkout
    for argv, code, words in [
        (["compare", "H20", "H200", "--fields", "memory_gb,bf16_tflops"], 0, "NVIDIA H200 SXM"),
        (["list", "--vendor", "huawei"], 0, "huawei-ascend-910c"),
        (["export", "--format", "csv"], 0, "id,name,vendor"),
        (["coverage"], 0, "Chinese + China-market"),
        (["compare", "H2O"], 1, "did you mean 'H20' or 'H200'?"),
        (["list", "--vendor", "huwei"], 1, "did you mean 'huawei'?"),
    ]:
        r = subprocess.run([str(exe), *argv], capture_output=True, text=True, cwd=elsewhere, env=env, timeout=120)
        assert r.returncode == code, (argv, r.stderr)
        assert words in r.stdout + r.stderr and "Traceback" not in r.stderr, (argv, r.stdout[-500:], r.stderr)
    # the contributor step: validating the checkout's catalog from the repository root, with the
    # package installed (not editable), checks that folder alone: no false duplicates
    r = subprocess.run([str(exe), "validate", "catalog"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    shipped = len(list((ROOT / "catalog" / "accelerators").glob("*/*.toml"))) - len(
        list((ROOT / "catalog" / "accelerators").glob("*/_*.toml")))
    assert f"catalog/accelerators: OK, {shipped} entries" in r.stdout, r.stdout


def test_import_is_light():
    r = subprocess.run([sys.executable, "-c", "import accelspec, sys; accelspec.get('H20'); "
                        "print(sorted(m for m in ('matplotlib', 'pandas', 'tabulate') if m in sys.modules))"],
                       capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"
