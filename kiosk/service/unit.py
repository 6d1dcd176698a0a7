"""The systemd unit that keeps a kiosk running all season: restarted when it dies or freezes.

``Type=notify`` + ``WatchdogSec``: the app says READY=1 when its first screen is up and pings
WATCHDOG=1 from its main loop (``kiosk.service.notify``), so a frozen UI is killed and restarted,
not only a dead one. ``Restart=always`` also brings it back after a staff "退出程序" (a hall has
no other way to start it again); ``StartLimitIntervalSec=0`` never gives up. A stop sends
SIGTERM, which the app turns into a clean stop within seconds (``kiosk.lifecycle``).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

UNIT_NAME = "hall-kiosk.service"
WATCHDOG_SEC = 30
"""Long enough for a slow frame or a big content reload on a cheap PC, short enough that a
frozen screen is back within a minute."""


@dataclass(frozen=True)
class UnitSpec:
    """What the unit needs to know about this machine."""

    exec_start: list[str]
    user_unit: bool
    config_path: Path | None = None
    run_as: str | None = None
    display: str = ":0"


def render_unit(spec: UnitSpec) -> str:
    """The unit file's text."""
    env = [f"DISPLAY={spec.display}", "KIVY_NO_ARGS=1"]
    if spec.config_path is not None:
        env.append(f"KIOSK_CONFIG={spec.config_path}")
    lines = [
        "[Unit]",
        "Description=Hall Kiosk 党员综合体验馆 展馆终端",
        "After=graphical-session.target" if spec.user_unit else "After=graphical.target",
        "StartLimitIntervalSec=0",
        "",
        "[Service]",
        "Type=notify",
        "NotifyAccess=main",
        f"ExecStart={shlex.join(spec.exec_start)}",
        "Restart=always",
        "RestartSec=2",
        f"WatchdogSec={WATCHDOG_SEC}",
        "TimeoutStartSec=120",
        "TimeoutStopSec=10",
        *(f"Environment={shlex.quote(item)}" for item in env),
    ]
    if not spec.user_unit and spec.run_as:
        lines += [f"User={spec.run_as}", f"Environment=XAUTHORITY=/home/{spec.run_as}/.Xauthority"]
    lines += [
        "",
        "[Install]",
        "WantedBy=graphical-session.target" if spec.user_unit else "WantedBy=graphical.target",
        "",
    ]
    return "\n".join(lines)


def unit_dir(user_unit: bool, home: Path) -> Path:
    """Where systemd looks for units written by hand."""
    return home / ".config/systemd/user" if user_unit else Path("/etc/systemd/system")


def write_unit(spec: UnitSpec, directory: Path) -> Path:
    """Write the unit into ``directory`` (made if missing); returns its path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / UNIT_NAME
    path.write_text(render_unit(spec), encoding="utf-8")
    return path
