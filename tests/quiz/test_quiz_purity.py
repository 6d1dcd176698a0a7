"""The quiz package stays pure Python: no Kivy, no SQLAlchemy, nothing from kiosk/."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import quiz

FORBIDDEN = ("kivy", "sqlalchemy", "kiosk")
PACKAGE = Path(quiz.__file__).parent


def test_no_forbidden_imports_in_source() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []


def test_importing_everything_loads_none_of_them() -> None:
    modules = sorted(
        "quiz." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__")
        for p in PACKAGE.rglob("*.py")
    )
    code = (
        f"import importlib, sys\nfor m in {modules!r}: importlib.import_module(m.rstrip('.'))\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}]\nprint(bad)\nassert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PACKAGE.parent)
