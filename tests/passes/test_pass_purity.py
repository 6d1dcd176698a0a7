"""The pass services stay pure: no UI toolkit, no database, and a light verifier."""

from __future__ import annotations

import json
import subprocess
import sys

MODULES = [
    "kiosk.passes.outcomes",
    "kiosk.passes.keys",
    "kiosk.passes.codec",
    "kiosk.passes.verify",
    "kiosk.passes.fonts",
    "kiosk.passes.render",
    "kiosk.passes.decode",
    "kiosk.passes.scanner",
]


def _imported_after(modules: list[str]) -> set[str]:
    code = (
        "import importlib, json, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(json.dumps(sorted({n.split('.')[0] for n in sys.modules})))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return set(json.loads(out))


def test_no_kivy_and_no_database() -> None:
    loaded = _imported_after(MODULES)
    assert not loaded & {"kivy", "sqlalchemy", "alembic", "psycopg", "sqlite3"}


def test_the_verifier_does_not_load_imaging_or_barcode_libraries() -> None:
    loaded = _imported_after(["kiosk.passes.verify", "kiosk.passes.scanner"])
    assert not loaded & {"PIL", "qrcode", "zxingcpp", "reportlab", "numpy", "pypinyin"}
