"""The first frame of ``kiosk run``: the attract loop's first cover and its text, drawn before the
database, the services and the other screens' libraries are imported (issue 13).

What it shows comes from the card in the data dir (kiosk.ui.boot_card). Without a card (a first
start without ``kiosk content check --prepare``) the frame is the window's dark red alone. The boot
frame keeps the first touch: the app answers it once the real screens are in the window.
"""

from __future__ import annotations

from typing import Any

from kivy.graphics import Color, Rectangle
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.label import Label

from kiosk.ui.boot_card import BootCard
from kiosk.ui.picture import Picture
from kiosk.ui.theme import GOLD, TYPE, theme

COVER_ASPECT = 16 / 9
"""The covers are drawn for a 16:9 panel, the hall's name and the zone's title in the picture."""


def cover_fit(width: float, height: float) -> str:
    """``cover`` on a 16:9 (or wider) panel; on a squarer one (1280×1024) ``contain``, bands above and
    below in the window's dark red, because cropping the sides cuts the title drawn into the cover.
    The attract loop and its staged first frame both use it."""
    return "cover" if width >= height * COVER_ASPECT * 0.98 else "contain"


class BootRoot(FloatLayout):
    """The attract loop's look, one cover and its band of text; touches are counted, not handled."""

    def __init__(self, card: BootCard, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.touches = 0
        attract = card.screen == "attract"
        if attract and card.cover:
            cover = Picture(source=card.cover, fit_mode="cover")
            self.bind(size=lambda _root, size: setattr(cover, "fit_mode", cover_fit(*size)))
            self.add_widget(cover)
        if not card.hall_name:
            return
        band = FloatLayout(size_hint=(1, None), height=theme.u * 330)
        with band.canvas.before:
            Color(0.25, 0.02, 0.03, 0.82)
            self._band = Rectangle()
            Color(*GOLD)
            self._gold = Rectangle()
        band.bind(pos=self._layout_band, size=self._layout_band)
        lines = [(card.hall_name, TYPE.hero, True, GOLD, 0.78), (card.hall_subtitle, TYPE.lead, False, (1, 1, 1, 0.92), 0.5)]
        if attract:
            lines.append((card.welcome, TYPE.title, True, (1, 1, 1, 1), 0.2))
        for text, size, bold, color, y in lines:
            band.add_widget(Label(text=text, font_size=theme.fu * size, bold=bold, color=color,
                                  pos_hint={"center_x": 0.5, "center_y": y}, size_hint=(1, 0.3)))
        self.add_widget(band)

    def _layout_band(self, band: Any, *_args: Any) -> None:
        self._band.pos, self._band.size = band.pos, band.size
        self._gold.pos, self._gold.size = (band.x, band.top - theme.u * 6), (band.width, theme.u * 6)

    def on_touch_down(self, touch: Any) -> bool:
        self.touches += 1
        return True


__all__ = ["COVER_ASPECT", "BootRoot", "cover_fit"]
