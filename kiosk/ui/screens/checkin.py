"""Check-in: "请出示通行证二维码" with a picture of where to hold the pass, or the camera's view
where the kiosk has a camera; a way to walk-in registration for visitors without a pass.

Scans themselves arrive at the window (kiosk.ui.scan_input) on any screen; this screen only
invites them, and runs the camera while it is on show.
"""

from __future__ import annotations

from typing import Any

from kiosk.ui.camera_scan import CameraScanner, camera_present
from kiosk.ui.screens.base import VmScreen


class CheckinScreen(VmScreen):
    camera: CameraScanner | None = None

    def on_enter(self, *_args: Any) -> None:
        if not camera_present():
            return
        if self.camera is None:
            self.camera = CameraScanner(self.vm.checkin.scan_arrived)
        self.camera.start(self.ids.picture_box)

    def on_pre_leave(self, *_args: Any) -> None:
        if self.camera is not None:
            self.camera.stop()
