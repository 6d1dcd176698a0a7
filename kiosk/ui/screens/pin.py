"""The staff PIN pad: digits, clear, confirm; the entry is shown as dots."""

from __future__ import annotations

from kiosk.ui.screens.base import VmScreen


class PinScreen(VmScreen):
    pass
