"""docs/architecture.md, checked: floors, no import circles, small modules, a light import."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "accelspec"

# module (or package) -> floor, as docs/architecture.md states it
FLOORS = {
    "errors": 0, "units": 0, "names": 0, "suggest": 0, "model": 0,
    "loader": 1, "catalog": 2, "metrics": 3, "exportcontrol": 4, "serving": 4, "results": 4,
    "tables": 5, "plots": 5, "formats": 5, "coverage": 5, "exportcontrol.chart": 5, "report": 5,
    "cli": 6,
}
# imports that go up, each inside a function (the page lists them)
UPWARD_IN_FUNCTIONS = {
    ("plots", "exportcontrol"), ("exportcontrol.chart", "plots"), ("exportcontrol", "cli"),
    ("exportcontrol", "exportcontrol.chart"), ("metrics", "results"),
}


def modules() -> dict[str, Path]:
    out = {}
    for p in sorted(PKG.rglob("*.py")):
        rel = p.relative_to(PKG).with_suffix("")
        parts = [x for x in rel.parts if x != "__init__"]
        out[".".join(parts)] = p
    return out


def floor_of(name: str) -> tuple[str, int] | None:
    for key in sorted(FLOORS, key=len, reverse=True):
        if name == key or name.startswith(key + "."):
            return key, FLOORS[key]
    return None


def imports(path: Path, name: str) -> list[tuple[str, bool]]:
    """(accelspec module imported, at module level?) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = []
    top_level = {id(n) for n in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".") if package else []
            base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
            mod = ".".join(base + ([node.module] if node.module else []))
            targets = [mod] if node.module else [".".join(base + [a.name]) for a in node.names]
            guarded = _in_type_checking(tree, node)
            out += [(t.strip("."), id(node) in top_level and not guarded) for t in targets]
    return out


def _in_type_checking(tree: ast.Module, node: ast.AST) -> bool:
    for n in tree.body:
        if isinstance(n, ast.If) and isinstance(n.test, ast.Name) and n.test.id == "TYPE_CHECKING":
            if any(node is c for c in ast.walk(n)):
                return True
    return False


def test_every_module_has_a_floor():
    assert [m for m in modules() if m and floor_of(m) is None and m != "__main__"] == []


def test_imports_go_down_or_stay_on_their_floor():
    bad = []
    for name, path in modules().items():
        mine = floor_of(name)
        if mine is None:
            continue
        for target, module_level in imports(path, name):
            theirs = floor_of(target)
            if theirs is None or theirs[0] == mine[0]:
                continue
            if theirs[1] > mine[1] and not (not module_level and (mine[0], theirs[0]) in UPWARD_IN_FUNCTIONS):
                bad.append(f"{name} (floor {mine[1]}) imports {target} (floor {theirs[1]})"
                           + ("" if module_level else " inside a function"))
    assert bad == []


def test_no_import_circle_at_module_level():
    graph: dict[str, set[str]] = {}
    mods = modules()
    for name, path in mods.items():
        graph[name] = set()
        for target, module_level in imports(path, name):
            if module_level and target in mods and target != name and not name.startswith(target + "."):
                graph[name].add(target)
    seen, stack, cycles = set(), [], []

    def visit(n):
        if n in stack:
            cycles.append(stack[stack.index(n):] + [n])
            return
        if n in seen:
            return
        seen.add(n)
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            visit(m)
        stack.pop()

    for n in sorted(graph):
        visit(n)
    assert cycles == []


@pytest.mark.parametrize("name,path", sorted(modules().items()))
def test_no_module_over_400_lines(name, path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, name


def test_import_and_lookup_load_nothing_heavy():
    code = ("import sys, accelspec; accelspec.get('H20'); "
            "print(sorted(m for m in ('matplotlib', 'pandas', 'numpy', 'tabulate', 'accelspec.metrics', "
            "'accelspec.tables', 'accelspec.plots') if m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def test_version_loads_no_catalog():
    code = ("import sys; from accelspec.cli import main\n"
            "try: main(['--version'])\n"
            "except SystemExit: pass\n"
            "print(sorted(m for m in ('accelspec.loader', 'accelspec.metrics', 'tabulate', 'tomllib') if m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "[]"
