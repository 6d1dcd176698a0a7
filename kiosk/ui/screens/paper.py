"""Screens on the paper colour: the window's clear paints their background.

With software GL every full-screen layer is one more fill of two million pixels a frame; a
background rectangle under a screen is such a layer, and the window clears the whole frame anyway.
A paper screen sets the window's clear colour to the paper while it is on (长辈模式's grey too) and
gives the attract loop's dark red back when a screen that is not paper comes.
"""

from __future__ import annotations

from typing import Any

from kivy.core.window import Window

from kiosk.ui.screens.base import VmScreen
from kiosk.ui.theme import DARK_RED, theme

OTHER_SCREENS_CLEAR = DARK_RED
"""The clear colour the app sets at start (kiosk.ui.app): what shows where no screen draws."""


_following = [False]
"""The clear colour follows the theme's paper (a paper screen is on)."""


def _paper_clear(*_args: Any) -> None:
    Window.clearcolor = tuple(theme.paper)


class PaperScreen(VmScreen):
    """A screen drawn on the window's clear colour, set to the theme's paper while it is on."""

    def on_pre_enter(self, *_args: Any) -> None:
        _paper_clear()
        if not _following[0]:
            theme.fbind("paper", _paper_clear)
            _following[0] = True

    def on_leave(self, *_args: Any) -> None:
        manager = self.manager
        if manager is not None and isinstance(manager.current_screen, PaperScreen):
            return  # the next screen is paper too (its on_pre_enter came first)
        if _following[0]:
            theme.funbind("paper", _paper_clear)
            _following[0] = False
        Window.clearcolor = OTHER_SCREENS_CLEAR
