"""The examples run: notebooks on a headless kernel, scripts as subprocesses. They never rot."""

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"
pytestmark = pytest.mark.slow


@pytest.mark.parametrize("nb_path", sorted(EXAMPLES.glob("*.ipynb")), ids=lambda p: p.name)
def test_notebook_executes(nb_path, tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(nb_path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    os.environ.setdefault("MPLBACKEND", "Agg")
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    html = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if "text/html" in o.get("data", {})]
    assert html, "a table should render as HTML in a notebook"


# what each script must print (and write), so a script that runs but says nothing useful fails
EXPECTED = {
    "export_control_map.py": (["NVIDIA H20 (nvidia-h20): US export-control reading", "TPP"], ["export_control_map.png"]),
    "news_chips_side_by_side.py": (["NVIDIA H200 SXM", "NVIDIA H20", "BF16 dense"], []),
    "performance_per_watt.py": (["Ranked by BF16 dense / W [TFLOP/s/W]"], ["perf_per_watt.png"]),
    "what_fits_a_70b_model.py": (["Max model", "Decode 70b"], []),
}


def test_every_script_has_expectations():
    assert sorted(p.name for p in EXAMPLES.glob("*.py")) == sorted(EXPECTED)


@pytest.mark.parametrize("script", sorted(EXAMPLES.glob("*.py")), ids=lambda p: p.name)
def test_script_runs(script, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    r = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=180)
    assert r.returncode == 0, r.stderr
    words, files = EXPECTED[script.name]
    assert [w for w in words if w not in r.stdout] == [], r.stdout[:2000]
    for f in files:
        assert (tmp_path / f).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f
