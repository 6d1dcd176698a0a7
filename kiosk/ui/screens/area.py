"""An area that is not the exhibition (theatre, quiz): what it is and where to find it."""

from __future__ import annotations

from typing import Any

from kivy.properties import StringProperty

from kiosk.ui.screens.paper import PaperScreen


class AreaScreen(PaperScreen):
    """Shows ``vm.area``; copied into plain properties on every change, because a kv rule bound
    through ``vm.area.get(...)`` stopped following the dict when the screen was built before it."""

    area_title = StringProperty("")
    area_subtitle = StringProperty("")
    area_description = StringProperty("")

    def vm_ready(self, vm: Any) -> None:
        vm.bind(area=self._show_area)
        self._show_area(vm, vm.area)

    def _show_area(self, _vm: Any, area: dict[str, Any]) -> None:
        self.area_title = area.get("title", "")
        self.area_subtitle = area.get("subtitle", "")
        self.area_description = area.get("description", "")
