"""Scrolling text drawn without a stencil: only the rows of its texture that are in view.

Kivy's ScrollView clips with a stencil, two extra fills of its area every frame (with software GL
that is most of a screen for a board's body text). A text's texture is one rectangle, so clipping
it is cutting that rectangle: ``ClippedText`` draws the visible band of its texture with matching
texture coordinates, and ``TextScroll`` (a ScrollView without the stencil rule) tells it which band
is in view whenever it scrolls, moves or resizes.
"""

from __future__ import annotations

from typing import Any

from kivy.graphics import Color, Rectangle
from kivy.properties import ListProperty
from kivy.uix.label import Label
from kivy.uix.scrollview import ScrollView

from kiosk.ui.picture import draw_textured


def band_coords(coords: tuple[float, ...], low: float, high: float) -> list[float]:
    """Texture coordinates of the band ``low``..``high`` (fractions of the height from the bottom)
    of a rectangle drawn with ``coords`` (bottom-left, bottom-right, top-right, top-left)."""
    u0, v0, u1, v1, u2, v2, u3, v3 = coords

    def mix(a: float, b: float, f: float) -> float:
        return a + (b - a) * f

    return [mix(u0, u3, low), mix(v0, v3, low), mix(u1, u2, low), mix(v1, v2, low),
            mix(u1, u2, high), mix(v1, v2, high), mix(u0, u3, high), mix(v0, v3, high)]


class ClippedText(Label):
    """A Label that draws only the rows between ``view`` (its own y coordinates, bottom and top)."""

    clip_pos = ListProperty([0, 0])
    clip_size = ListProperty([0, 0])
    clip_coords = ListProperty([0, 0, 1, 0, 1, 1, 0, 1])
    view = ListProperty([float("-inf"), float("inf")])

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        with self.canvas:  # the <-ClippedText> rule draws nothing: these two are the drawing
            self._colour = Color(*self.color)
            self._rect = Rectangle(pos=(0, 0), size=(0, 0))
        self.fbind("color", lambda _w, rgba: setattr(self._colour, "rgba", rgba))
        for name in ("texture", "texture_size", "pos", "size", "view"):
            self.fbind(name, self._clip)
        self._clip()

    def _clip(self, *_args: Any) -> None:
        texture = self.texture
        if texture is None:
            self.clip_size = [0, 0]
            self._draw()
            return
        width, height = self.texture_size
        x = int(self.center_x - width / 2.0)
        y = int(self.center_y - height / 2.0)
        bottom, top = max(self.view[0], y), min(self.view[1], y + height)
        if top <= bottom or height <= 0:
            self.clip_size = [0, 0]
            self._draw()
            return
        low, high = (bottom - y) / height, (top - y) / height
        self.clip_pos = [x, bottom]
        self.clip_size = [width, top - bottom]
        self.clip_coords = band_coords(tuple(texture.tex_coords), low, high)
        self._draw()

    def _draw(self, *_args: Any) -> None:
        # (bound in kv, a band changed before the texture left the whole text squashed into the
        # band: snapshot 05's short, wide glyphs)
        draw_textured(self._rect, self.texture, self.clip_pos, self.clip_size, self.clip_coords)


class TextScroll(ScrollView):
    """A ScrollView with no stencil, for one ClippedText: the text clips itself to the view."""

    def update_from_scroll(self, *largs: Any) -> None:
        super().update_from_scroll(*largs)
        child = self._viewport
        if isinstance(child, ClippedText):
            _tx, ty = self.g_translate.xy
            # the child is drawn translated by (tx, ty) from this widget's parent's coordinates
            child.view = [self.y - ty, self.top - ty]
