"""Outside opening hours: "本馆开放时间 …" on a dark screen, the panel off (DPMS); a touch lights it
for a minute (staff reach the PIN corner from here), and the hall's opening time brings the attract
loop back. No attract loop or idle reset runs overnight (the registry marks it Idle.NONE)."""

from __future__ import annotations

from typing import Any

from kiosk.ui.screens.base import VmScreen


class ClosedScreen(VmScreen):
    def on_touch_down(self, touch: Any) -> bool:
        if self.vm is not None and self.collide_point(*touch.pos):
            self.vm.field.closed_touched()
        return super().on_touch_down(touch)
