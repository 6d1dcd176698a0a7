"""The panel's power: off while the hall is closed, on for a touch or at opening time.

A small port with a real adapter and a fake: ``XsetDisplay`` runs ``xset dpms force off|on``
(X's DPMS) where ``xset`` and ``$DISPLAY`` exist; ``NoDisplayPower`` does nothing (Wayland/cage,
tests without X). X itself wakes a DPMS-off panel on any input, so a touch turns it on even
before the app hears of it.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from typing import Protocol

log = logging.getLogger(__name__)


class DisplayPower(Protocol):
    def sleep(self) -> None: ...

    def wake(self) -> None: ...


class NoDisplayPower:
    def sleep(self) -> None:
        pass

    def wake(self) -> None:
        pass


class RecordingDisplayPower:
    """For tests: remembers the calls."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def sleep(self) -> None:
        self.calls.append("sleep")

    def wake(self) -> None:
        self.calls.append("wake")


class XsetDisplay:
    """DPMS through ``xset``; started without waiting (a few ms), failures logged once."""

    def __init__(self, xset: str) -> None:
        self._xset = xset
        self._warned = False

    def _run(self, *args: str) -> None:
        try:
            subprocess.Popen([self._xset, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError as exc:
            if not self._warned:
                log.warning("xset failed, the screen is not dimmed: %s", exc)
                self._warned = True

    def sleep(self) -> None:
        self._run("+dpms")
        self._run("dpms", "force", "off")

    def wake(self) -> None:
        self._run("dpms", "force", "on")
        self._run("s", "reset")


def display_power(enabled: bool) -> DisplayPower:
    """The real adapter where X and xset are present and dimming is enabled; else a no-op."""
    xset = shutil.which("xset")
    if enabled and xset and os.environ.get("DISPLAY"):
        return XsetDisplay(xset)
    return NoDisplayPower()
