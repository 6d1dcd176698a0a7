"""A picture drawn as one textured rectangle: Kivy's ``Image`` without its stencil.

Kivy's stock ``Image`` rule wraps every picture in a stencil (push, the widget's rectangle into the
stencil buffer, the picture, the rectangle again to undo it, pop) so that ``fit_mode: "cover"`` can
overflow the widget and be clipped. With software GL each of those rectangles is another raster
pass over the widget's pixels: for the attract loop's full-screen cover that was two extra screen
fills per frame. A ``Picture`` crops through texture coordinates instead, so a "cover" picture draws
exactly its own rectangle, once, and "contain" draws the fitted rectangle. Same properties as
``Image`` (``source``, ``texture``, ``fit_mode``, ``color``); video and camera keep the stock widget.
"""

from __future__ import annotations

from typing import Any

from kivy.graphics import Color, Rectangle
from kivy.lang import Builder
from kivy.properties import ListProperty
from kivy.uix.image import Image

Builder.load_string("""
<-Picture>:
    # Image's own canvas rule is dropped: Picture draws from Python (_draw), texture and
    # coordinates in one step.
""")

def draw_textured(rect: Any, texture: Any, pos: list[float], size: list[float], coords: list[float]) -> None:
    """Texture first, then its coordinates, in one call: a Rectangle given a texture takes the whole
    texture's coordinates, and kv's deferred canvas updates ran the two in whatever order they were
    first queued in a frame. Nothing is drawn where ``size`` is empty."""
    rect.texture = texture if size[0] > 0 else None
    rect.pos = pos
    rect.size = size
    if rect.texture is not None:
        rect.tex_coords = coords


FULL = (0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0)


def fitted(box: tuple[float, float], picture: tuple[float, float], fit_mode: str
           ) -> tuple[tuple[float, float], tuple[float, float], tuple[float, float, float, float]]:
    """Where a ``picture``-sized texture is drawn in a ``box`` (offset and size in the box) and which
    part of it (u0, v0, u1, v1 as fractions of the texture): the geometry of Kivy's fit modes."""
    bw, bh = box
    pw, ph = picture
    if pw <= 0 or ph <= 0 or bw <= 0 or bh <= 0:
        return (0.0, 0.0), (0.0, 0.0), (0.0, 0.0, 1.0, 1.0)
    if fit_mode == "fill":
        return (0.0, 0.0), (bw, bh), (0.0, 0.0, 1.0, 1.0)
    if fit_mode == "cover":
        scale = max(bw / pw, bh / ph)
        fx, fy = bw / (pw * scale), bh / (ph * scale)  # the part of the picture the box shows
        return (0.0, 0.0), (bw, bh), ((1 - fx) / 2, (1 - fy) / 2, (1 + fx) / 2, (1 + fy) / 2)
    scale = min(bw / pw, bh / ph)
    if fit_mode == "scale-down":
        scale = min(scale, 1.0)
    w, h = pw * scale, ph * scale
    return ((bw - w) / 2, (bh - h) / 2), (w, h), (0.0, 0.0, 1.0, 1.0)


class Picture(Image):
    picture_pos = ListProperty([0.0, 0.0])
    picture_size = ListProperty([0.0, 0.0])
    picture_coords = ListProperty(list(FULL))

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        with self.canvas:
            self._colour = Color(*self.color)
            self._rect = Rectangle(pos=(0, 0), size=(0, 0))
        self.fbind("color", lambda _w, rgba: setattr(self._colour, "rgba", rgba))
        self.fbind("texture", self._place)
        self.fbind("size", self._place)
        self.fbind("pos", self._place)
        self.fbind("fit_mode", self._place)
        self._place()

    def _place(self, *_args: Any) -> None:
        texture = self.texture
        if texture is None:
            self.picture_size = [0.0, 0.0]
            self._draw()
            return
        (dx, dy), size, (u0, v0, u1, v1) = fitted(tuple(self.size), tuple(texture.size), self.fit_mode)
        self.picture_pos = [self.x + dx, self.y + dy]
        self.picture_size = list(size)
        # the texture's own coordinates (a region of an atlas, or flipped) stay the frame of the crop
        (u, v), (w, h) = texture.uvpos, texture.uvsize
        left, right, bottom, top = u + w * u0, u + w * u1, v + h * v0, v + h * v1
        self.picture_coords = [left, bottom, right, bottom, right, top, left, top]
        self._draw()

    def _draw(self) -> None:
        # (bound in kv, the next cover of the same size changed no coordinate and was drawn
        # uncropped, squashed into the box)
        draw_textured(self._rect, self.texture, self.picture_pos, self.picture_size, self.picture_coords)
