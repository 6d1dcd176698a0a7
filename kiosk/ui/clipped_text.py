"""Scrolling text drawn without a stencil: only the rows of its texture that are in view.

Kivy's ScrollView clips with a stencil, two extra fills of its area every frame (with software GL
that is most of a screen for a board's body text). A text's texture is one rectangle, so clipping
it is cutting that rectangle: ``ClippedText`` draws the visible band of its texture with matching
texture coordinates, and ``TextScroll`` (a ScrollView without the stencil rule) tells it which band
is in view whenever it scrolls, moves or resizes.

Until the visitor scrolls, only the rows a view can show are rendered (``band``): a board's body is
two to three screens of text, 6-8 MB of texture rendered, uploaded and kept for every built board,
of which the first screen is all most visitors see. The whole text is laid out (its height sizes
the widget, so the scroll bar is right from the start) but drawn only when a scroll starts.
"""

from __future__ import annotations

from typing import Any

from kivy.graphics import Color, Rectangle
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ColorProperty, ListProperty, NumericProperty
from kivy.uix.label import Label
from kivy.uix.scrollview import ScrollView

from kiosk.ui.mask_text import MASK_INK, MaskLabel, MaskMarkupLabel, mask_canvas
from kiosk.ui.picture import draw_textured

Builder.load_string("""
<-ClippedText>:
    # Label's own canvas rule is dropped: ClippedText draws its band from Python (_draw), texture and
    # coordinates in one step, and with its own shader (Label's rule would draw the mask white).
""")


def band_coords(coords: tuple[float, ...], low: float, high: float) -> list[float]:
    """Texture coordinates of the band ``low``..``high`` (fractions of the height from the bottom)
    of a rectangle drawn with ``coords`` (bottom-left, bottom-right, top-right, top-left)."""
    u0, v0, u1, v1, u2, v2, u3, v3 = coords

    def mix(a: float, b: float, f: float) -> float:
        return a + (b - a) * f

    return [mix(u0, u3, low), mix(v0, v3, low), mix(u1, u2, low), mix(v1, v2, low),
            mix(u1, u2, high), mix(v1, v2, high), mix(u0, u3, high), mix(v0, v3, high)]


class ClippedText(Label):
    """A Label that draws only the rows between ``view`` (its own y coordinates, bottom and top).

    Its texture is a two-byte mask (``kiosk.ui.mask_text``), drawn in ``ink`` with the markup's
    ``ACCENT_MARK`` spans in ``accent``; Label's ``color`` is not used."""

    ink = ColorProperty([0, 0, 0, 1])
    accent = ColorProperty([1, 0, 0, 1])

    clip_pos = ListProperty([0, 0])
    clip_size = ListProperty([0, 0])
    clip_coords = ListProperty([0, 0, 1, 0, 1, 1, 0, 1])
    view = ListProperty([float("-inf"), float("inf")])
    band = NumericProperty(0)
    """Rows rendered while ``whole`` is False (TextScroll sets its own height plus two lines); 0: all."""
    whole = BooleanProperty(False)
    """The whole text is rendered: set once the visitor scrolls (and never unset for this widget)."""
    text_height = NumericProperty(0)
    """The height of the whole text laid out, whatever part of it the texture holds: size by this."""

    def __init__(self, **kwargs: Any) -> None:
        self.canvas = mask_canvas()  # before Widget.__init__, which makes a plain one otherwise
        super().__init__(**kwargs)
        with self.canvas:  # the <-ClippedText> rule draws nothing: these two are the drawing
            self._colour = Color(*self.ink)
            self._rect = Rectangle(pos=(0, 0), size=(0, 0))
        self._set_accent(self, self.accent)
        self.fbind("ink", lambda _w, rgba: setattr(self._colour, "rgba", rgba))
        self.fbind("accent", self._set_accent)
        for name in ("texture", "texture_size", "text_height", "pos", "size", "view"):
            self.fbind(name, self._clip)
        self.fbind("whole", self._render_more)
        self.fbind("band", self._render_more)
        self._clip()

    def _set_accent(self, _widget: Any, rgba: Any) -> None:
        self.canvas["accent"] = [float(c) for c in rgba[:3]]

    def _create_label(self) -> None:
        """Kivy's choice of core label, as a mask (Label picks CoreLabel or CoreMarkupLabel)."""
        cls = MaskMarkupLabel if self.markup else MaskLabel
        if type(getattr(self, "_label", None)) is cls:
            return
        options = {name: getattr(self, name) for name in self._font_properties}
        options["usersize"] = self.text_size
        self._label = cls(**options)

    def _banding(self) -> bool:
        # Kivy cuts a laid-out text at text_size's height only when it is aligned to the top.
        return self.band > 0 and not self.whole and self.valign == "top" and self._label.usersize[0] is not None

    def _render_more(self, *_args: Any) -> None:
        """Render again if the texture holds fewer rows than are now asked for (a smaller band keeps it)."""
        rendered = self.texture_size[1]
        if rendered >= self.text_height:
            return  # it holds the whole text already
        if self.whole or self.band > rendered:
            self._trigger_texture()

    def texture_update(self, *largs: Any) -> None:
        """Label's render, cut to ``band`` rows when banding; ``text_height`` is the whole text's."""
        core = self._label
        # The mask's ink mark is white whatever ``color`` says (widgets.kv gives every Label the
        # ink colour; rendered in it, the mask read as 17% ink and the text came out accent-red).
        core.options["color"] = MASK_INK
        if not self._banding() or not self.text:
            super().texture_update(*largs)
            self.text_height = self.texture_size[1]
            return
        width = core.usersize[0]
        # the whole text laid out, not drawn (the first of refresh()'s two passes); the colour tag
        # Label.texture_update wraps markup in changes no line, and a plain label must not see it
        core.text = self.text
        core.resolve_font_name()
        height = core.render()[1]
        if height <= self.band:
            super().texture_update(*largs)  # it all fits in the band: one render of everything
            self.text_height = self.texture_size[1]
            return
        self.text_height = height
        core.usersize = (width, int(self.band))
        try:
            super().texture_update(*largs)  # a markup texture is filled at once (Label binds it)
        finally:
            core.usersize = (width, None)

    def _clip(self, *_args: Any) -> None:
        texture = self.texture
        if texture is None:
            self.clip_size = [0, 0]
            self._draw()
            return
        width, height = self.texture_size
        x = int(self.center_x - width / 2.0)
        # the texture's top where the whole text's top is (a band is the text's top rows)
        y = int(self.center_y + max(self.text_height, height) / 2.0 - height)
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
            if self.scroll_y < 0.999:
                child.whole = True  # the visitor scrolls: the rows below the band come next

    def add_widget(self, widget: Any, *args: Any, **kwargs: Any) -> None:
        super().add_widget(widget, *args, **kwargs)
        if isinstance(widget, ClippedText):
            widget.fbind("font_size", self._set_band)  # 长辈模式: larger lines, a larger band
        self._set_band()

    def on_height(self, _scroll: Any, _height: float) -> None:
        self._set_band()

    def _set_band(self, *_args: Any) -> None:
        child = self._viewport
        if isinstance(child, ClippedText):
            # the view's rows and two lines more: Kivy leaves out a line the band would cut, and
            # the view shows the top of that line
            child.band = int(self.height + 2 * child.font_size * (child.line_height or 1))
