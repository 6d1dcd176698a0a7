"""Home: the hall's three areas as big cards; the exhibition opens its zones, the others explain."""

from __future__ import annotations

from typing import Any

from kivy.properties import DictProperty, ObjectProperty

from kiosk.ui.screens.paper import PaperScreen
from kiosk.ui.widgets import Card


class AreaCard(Card):
    area = DictProperty()
    vm = ObjectProperty(None)


class HomeScreen(PaperScreen):
    def vm_ready(self, vm: Any) -> None:
        vm.content.bind(areas=self._fill)
        self._fill(vm.content, vm.content.areas)

    def _fill(self, _vm: Any, areas: list[dict[str, Any]]) -> None:
        box = self.ids.cards
        box.clear_widgets()
        for area in areas:
            box.add_widget(AreaCard(area=area, vm=self.vm))
