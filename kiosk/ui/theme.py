"""Colours and the size unit every kv file uses, so the layout scales from 1280×720 to 4K.

Sizes in kv are written for a 1920×1080 screen as ``theme.u * N``; the app sets ``u`` from the
window size (whichever side is tighter). Touch targets are at least 100 units: 2.5 cm on a
21.5-inch 1080p screen (0.25 mm a pixel), well over the 1.5 cm a finger needs.
"""

from __future__ import annotations

from kivy.event import EventDispatcher
from kivy.properties import NumericProperty
from kivy.utils import get_color_from_hex as hex_

RED = hex_("#B3121B")
DARK_RED = hex_("#7A0A10")
GOLD = hex_("#F2C14E")
PAPER = hex_("#FBF6EC")
CARD = hex_("#FFFFFF")
INK = hex_("#2B2118")
MUTED = hex_("#6B5E55")
SHADE = (0, 0, 0, 0.62)


class Theme(EventDispatcher):
    u = NumericProperty(1.0)
    """Pixels per design unit (window height / 1080)."""

    def fit_window(self, _window: object, size: tuple[int, int]) -> None:
        self.u = max(0.5, min(size[0] / 1920, size[1] / 1080))

    def set_elder(self, on: bool) -> None:
        """长辈模式 on or off (the view model's ``field.elder`` calls this)."""


theme = Theme()
