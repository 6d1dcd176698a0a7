"""The base of every screen: holds the view model; kv files bind to ``root.vm``."""

from __future__ import annotations

from kivy.properties import ObjectProperty
from kivy.uix.screenmanager import Screen


class VmScreen(Screen):
    vm = ObjectProperty(None)
    """The :class:`kiosk.ui.viewmodel.KioskViewModel` (set by the app)."""
