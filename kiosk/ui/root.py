"""The root widget: the screens, and the overlays drawn above them (image viewer, idle warning).

Overlays live inside the root (not in ModalViews on the Window) so ``export_to_png`` of the root
shows exactly what a visitor sees.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import ObjectProperty
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.screenmanager import FadeTransition

from kiosk.ui.screens.area import AreaScreen
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.board import BoardScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.pin import PinScreen
from kiosk.ui.screens.staff import StaffScreen
from kiosk.ui.screens.zones import ZonesScreen

SCREEN_CLASSES = {
    "attract": AttractScreen,
    "home": HomeScreen,
    "area": AreaScreen,
    "zones": ZonesScreen,
    "board": BoardScreen,
    "pin": PinScreen,
    "staff": StaffScreen,
}


class Overlay(FloatLayout):
    """A layer that takes touches only while shown."""

    vm = ObjectProperty(None)

    def shown(self) -> bool:
        return self.opacity > 0

    def on_touch_down(self, touch: Any) -> bool:
        return super().on_touch_down(touch) or True if self.shown() else False

    def on_touch_move(self, touch: Any) -> bool:
        return super().on_touch_move(touch) or True if self.shown() else False

    def on_touch_up(self, touch: Any) -> bool:
        return super().on_touch_up(touch) or True if self.shown() else False


class ImageViewer(Overlay):
    """A board image full screen; pinch (or two fingers) to zoom, drag to pan, a button to close."""

    def on_opacity(self, _w: Any, opacity: float) -> None:
        if opacity:
            scatter = self.ids.scatter
            scatter.scale = 1
            scatter.center = self.center


class IdleWarning(Overlay):
    """"还在参观吗？" with a countdown; any touch keeps the visit going."""

    def on_touch_down(self, touch: Any) -> bool:
        if not self.shown():
            return False
        self.vm.touched()
        return True


class KioskRoot(FloatLayout):
    vm = ObjectProperty(None)

    def __init__(self, vm: Any, **kwargs: Any) -> None:
        super().__init__(vm=vm, **kwargs)
        manager = self.ids.manager
        manager.transition = FadeTransition(duration=0.15)
        for name, cls in SCREEN_CLASSES.items():
            manager.add_widget(cls(name=name, vm=vm))
        manager.current = vm.screen
        vm.bind(screen=self._show)

    def _show(self, _vm: Any, name: str) -> None:
        self.ids.manager.current = name

    def on_touch_down(self, touch: Any) -> bool:
        if self.vm.screen != "attract" and not self.vm.idle_warning:
            self.vm.touched()
        return super().on_touch_down(touch)
