"""The exhibition's zones in order, as cards with cover, number, title and subtitle."""

from __future__ import annotations

from typing import Any

from kivy.properties import DictProperty, ObjectProperty

from kiosk.ui.screens.paper import PaperScreen
from kiosk.ui.widgets import Card


class ZoneCard(Card):
    zone = DictProperty()
    vm = ObjectProperty(None)


class ZonesScreen(PaperScreen):
    def vm_ready(self, vm: Any) -> None:
        vm.content.bind(zones=self._fill)
        self._fill(vm.content, vm.content.zones)

    def _fill(self, _vm: Any, zones: list[dict[str, Any]]) -> None:
        grid = self.ids.grid
        grid.clear_widgets()
        for zone in zones:
            grid.add_widget(ZoneCard(zone=zone, vm=self.vm))
