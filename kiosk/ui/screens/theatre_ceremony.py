"""The oath ceremony: each phrase in very large type over the party flag we drew; it ends with
宣誓人 and the date, and the host can save that picture as a souvenir."""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock

from kiosk.config import PROJECT_ROOT
from kiosk.ui.screens.base import VmScreen
from kiosk.ui.screens.theatre_parts import TheatreHostBar  # noqa: F401 - kv class

FLAG = str(PROJECT_ROOT / "assets" / "theatre" / "party_flag.png")


class TheatreCeremonyScreen(VmScreen):
    flag = FLAG

    def vm_ready(self, vm: Any) -> None:
        vm.theatre.bind(souvenir_request=self._save)

    def _save(self, theatre: Any, path: str) -> None:
        if not path:
            return

        def shoot(_dt: float) -> None:  # after the frame that shows the closing card
            self.ids.souvenir.export_to_png(path)
            theatre.souvenir_written(path)

        Clock.schedule_once(shoot, 0)
