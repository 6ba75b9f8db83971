"""House rules that code can check: the engine never imports streamlit; pages stay thin."""
from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import ROOT


def imported_modules(path) -> set[str]:
    """Top-level module names a Python file imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_engine_source_never_imports_streamlit():
    offenders = [str(p) for p in (ROOT / "storyline").rglob("*.py") if "streamlit" in imported_modules(p)]
    assert offenders == []


def test_importing_the_whole_engine_loads_no_streamlit():
    modules = [".".join(p.relative_to(ROOT).with_suffix("").parts) for p in (ROOT / "storyline").rglob("*.py")
               if p.name != "__main__.py"]
    code = ("import importlib, sys\n"
            f"for m in {modules!r}: importlib.import_module(m)\n"
            "print('streamlit' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_pages_stay_thin():
    long_pages = {p.name: n for p in (ROOT / "pages").glob("*.py")
                  if (n := len(p.read_text(encoding="utf-8").splitlines())) > 160}
    assert long_pages == {}
