"""Dependencies point one way: dashboard → warehouse ← etl. Checked in the source and in a fresh interpreter."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]

FORBIDDEN = {
    "warehouse": {"streamlit", "plotly", "etl", "dashboard"},
    "etl": {"dashboard", "streamlit", "plotly"},
    "dashboard": {"etl"},
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_point_one_way(package):
    offenders = {
        str(p.relative_to(ROOT)): sorted(imported_roots(p) & FORBIDDEN[package])
        for p in (ROOT / package).rglob("*.py")
        if imported_roots(p) & FORBIDDEN[package]
    }
    assert offenders == {}


def test_importing_warehouse_and_etl_leaves_streamlit_and_plotly_out():
    code = (
        "import sys, warehouse.store, warehouse.schema, etl.load, pingyi.cli\n"
        "import importlib.util\n"
        "if importlib.util.find_spec('warehouse.queries'): import warehouse.queries\n"
        "bad = [m for m in ('streamlit', 'plotly', 'dashboard') if m in sys.modules]\n"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_import_contracts_hold():
    """The contracts in pyproject.toml's [tool.importlinter] (direction of the packages, etl ⟂ dashboard, readers
    free of the database), checked by import-linter over direct and indirect imports."""
    lint = Path(sys.executable).with_name("lint-imports")
    assert lint.exists(), "import-linter (a dev dependency) is missing: bash scripts/env.sh"
    proc = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"Contracts: [4-9]\d* kept, 0 broken", proc.stdout), proc.stdout


def test_ruff_lint_and_format_clean():
    """`make lint` passes: ruff's lint rules and `ruff format --check` over the whole tree (issue #15)."""
    ruff = Path(sys.executable).with_name("ruff")
    assert ruff.exists(), "ruff (a dev dependency) is missing: bash scripts/env.sh"
    lint = subprocess.run([str(ruff), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = subprocess.run([str(ruff), "format", "--check", "."], cwd=ROOT, capture_output=True, text=True)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr
