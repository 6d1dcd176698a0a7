"""Colours and the size unit every kv file uses, so the layout scales from 1280×720 to 4K.

Sizes in kv are written for a 1920×1080 screen as ``theme.u * N``; the app sets ``u`` from the
window size (whichever side is tighter). Touch targets are at least 100 units: 2.5 cm on a
21.5-inch 1080p screen (0.25 mm a pixel), well over the 1.5 cm a finger needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from kivy.event import EventDispatcher
from kivy.properties import ColorProperty, NumericProperty
from kivy.utils import get_color_from_hex as hex_

RED = hex_("#B3121B")
DARK_RED = hex_("#7A0A10")
GOLD = hex_("#F2C14E")
PAPER = hex_("#FBF6EC")
CARD = hex_("#FFFFFF")
INK = hex_("#2B2118")
ACCENT = hex_("#C8102E")
"""A board's list bullets (drawn by ClippedText in place of its markup's ACCENT_MARK spans)."""
MUTED = hex_("#6B5E55")
SHADE = (0, 0, 0, 0.62)
ELDER_SCALE = 1.4
SMALL_TEXT_CAP = 1.12
"""长辈模式: type about 1.4× larger."""
STANDARD_PALETTE = {"ink": INK, "muted": MUTED, "paper": PAPER, "card": CARD}
ELDER_PALETTE = {"ink": hex_("#000000"), "muted": hex_("#2E2A27"), "paper": hex_("#E6E6E6"), "card": hex_("#FFFFFF")}
"""High contrast: black on white cards (21:1) on a grey page, where the standard palette has brown on cream."""


@dataclass(frozen=True)
class TypeScale:
    """The kiosk's type sizes in design units (``font_size: theme.fu * TYPE.body``).

    Every distinct pixel size of a face is a separate SDL_ttf face in memory (about 3 MB for the
    CJK font): the kv files had 40 sizes, now these 11 (issue 13). Old sizes were mapped to the
    step at or below them, so no text grew and none is cut where it fitted before.
    """

    caption: int = 24
    small: int = 28
    body: int = 32
    text: int = 36
    lead: int = 40
    title: int = 48
    heading: int = 56
    display: int = 72
    hero: int = 80
    banner: int = 96
    giant: int = 110


TYPE = TypeScale()


class Theme(EventDispatcher):
    u = NumericProperty(1.0)
    """Pixels per design unit (window height / 1080)."""
    font_scale = NumericProperty(1.0)
    """1 normally, ELDER_SCALE in 长辈模式."""
    fu = NumericProperty(1.0)
    """The unit for type: ``font_size: theme.fu * N`` (``u`` × ``font_scale``)."""
    fs = NumericProperty(1.0)
    """The unit for dense secondary text in fixed boxes (card descriptions): grows at most
    SMALL_TEXT_CAP in 长辈模式, so a card's text still fits whole."""
    ink = ColorProperty(INK)
    muted = ColorProperty(MUTED)
    paper = ColorProperty(PAPER)
    card = ColorProperty(CARD)
    """The palette kv reads (``theme.ink`` …); 长辈模式 switches it to high contrast."""

    def fit_window(self, _window: object, size: tuple[int, int]) -> None:
        self.u = max(0.5, min(size[0] / 1920, size[1] / 1080))

    def on_u(self, _theme: object, _u: float) -> None:
        self._scale_type()

    def on_font_scale(self, _theme: object, _scale: float) -> None:
        self._scale_type()

    def _scale_type(self) -> None:
        self.fu = self.u * self.font_scale
        self.fs = self.u * min(self.font_scale, SMALL_TEXT_CAP)

    def set_elder(self, on: bool) -> None:
        """长辈模式 on or off (the view model's ``field.elder`` calls this)."""
        self.font_scale = ELDER_SCALE if on else 1.0
        for name, colour in (ELDER_PALETTE if on else STANDARD_PALETTE).items():
            setattr(self, name, colour)


theme = Theme()
