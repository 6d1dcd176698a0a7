"""`kiosk` imports each area's commands only when they are named (issue 13: `kiosk run` reaches its
first frame without the database, reports, hub or sync libraries), and lists them all in --help."""

from __future__ import annotations

import subprocess
import sys

import click
from click.testing import CliRunner

from kiosk.cli import LAZY_COMMANDS, main


def test_every_lazy_command_resolves_to_a_command_of_its_name() -> None:
    ctx = click.Context(main)
    for name in LAZY_COMMANDS:
        command = main.get_command(ctx, name)
        assert command is not None and command.name == name


def test_help_lists_the_lazy_commands() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in ("quiz", "stats", "sync", "hub", "theatre", "checkin", "run", "snapshot"):
        assert f"  {name} " in result.output


def test_importing_the_cli_imports_no_heavy_library() -> None:
    heavy = ["sqlalchemy", "alembic", "pydantic", "openpyxl", "reportlab", "qrcode", "fastapi", "kivy", "PIL"]
    code = ("import sys, kiosk.cli; "
            f"print(','.join(m for m in {heavy!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""
