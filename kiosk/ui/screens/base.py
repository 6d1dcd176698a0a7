"""The base of every screen: holds the view model; kv files bind to ``root.vm``."""

from __future__ import annotations

from typing import Any

from kivy.properties import ObjectProperty
from kivy.uix.screenmanager import Screen


class VmScreen(Screen):
    vm = ObjectProperty(None)
    """The :class:`kiosk.ui.viewmodel.KioskViewModel` (set by the app when the screen is made)."""

    def on_kv_post(self, base_widget: Any) -> None:
        # ids exist only after the kv rule ran; screens that build widgets from lists start here.
        if self.vm is not None:
            self.vm_ready(self.vm)

    def vm_ready(self, vm: Any) -> None:
        """Bind to the view model's lists; called once, after the kv rule is applied."""
