"""``kiosk service install`` writes a unit systemd accepts: notify type, watchdog, restart always."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from click.testing import CliRunner

from kiosk.cli import main
from kiosk.service.unit import UNIT_NAME, WATCHDOG_SEC


def test_user_unit_restarts_always_and_has_a_watchdog(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["service", "install", "--user", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    unit = (tmp_path / UNIT_NAME).read_text(encoding="utf-8")
    lines = unit.splitlines()
    for wanted in ("Type=notify", "Restart=always", f"WatchdogSec={WATCHDOG_SEC}", "NotifyAccess=main",
                   "WantedBy=graphical-session.target"):
        assert wanted in lines, wanted
    exec_start = next(line for line in lines if line.startswith("ExecStart="))
    assert exec_start.endswith(" run") and "kiosk" in exec_start
    assert "systemctl --user enable --now hall-kiosk.service" in result.output


def test_system_unit_needs_a_user_to_run_as(tmp_path: Path) -> None:
    refused = CliRunner().invoke(main, ["service", "install", "--dir", str(tmp_path)])
    assert refused.exit_code != 0 and "--run-as" in refused.output
    assert not (tmp_path / UNIT_NAME).exists()
    ok = CliRunner().invoke(main, ["service", "install", "--run-as", "kiosk", "--dir", str(tmp_path)])
    assert ok.exit_code == 0, ok.output
    unit = (tmp_path / UNIT_NAME).read_text(encoding="utf-8").splitlines()
    assert "User=kiosk" in unit and "WantedBy=graphical.target" in unit


def test_systemd_analyze_accepts_the_unit(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is part of Debian's systemd package"
    CliRunner().invoke(main, ["service", "install", "--run-as", "root", "--dir", str(tmp_path)])
    result = subprocess.run([analyze, "verify", str(tmp_path / UNIT_NAME)], capture_output=True, text=True,
                            check=False)
    # verify also reports unrelated units of this machine; nothing may be about ours.
    about_ours = [line for line in (result.stdout + result.stderr).splitlines() if UNIT_NAME in line]
    assert about_ours == [], about_ours
