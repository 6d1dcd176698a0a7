"""The presenter remote at the window: on a theatre screen, its keys go to ``vm.theatre.key``.

A USB clicker is a keyboard. Its key codes are turned into Kivy's key names here and looked up
in the one configurable table (``kiosk.theatre.remote``); keys the table does not name, and
every key on other screens, pass through untouched (the check-in scanner reads the same window).
"""

from __future__ import annotations

from typing import Any

from kivy.core.window import Keyboard

from kiosk.ui.theatre_vm import THEATRE_SCREENS

_NAMES = {code: name for name, code in Keyboard.keycodes.items()}


def key_name(keycode: int) -> str:
    return _NAMES.get(keycode, "")


class WindowRemoteInput:
    def __init__(self, vm: Any) -> None:
        self.vm = vm
        self._window: Any = None

    def attach(self, window: Any) -> None:
        self._window = window
        window.bind(on_key_down=self._key_down)

    def detach(self) -> None:
        if self._window is not None:
            self._window.unbind(on_key_down=self._key_down)
            self._window = None

    def _key_down(self, _window: Any, keycode: int, _scancode: int, _text: Any, _modifiers: Any) -> bool:
        if self.vm.screen not in THEATRE_SCREENS:
            return False
        return self.vm.theatre.key(key_name(keycode))
