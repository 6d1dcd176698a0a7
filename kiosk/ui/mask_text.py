"""Text kept as a two-byte mask and coloured when drawn: half the memory of Kivy's RGBA text.

Kivy renders a label in its colours into an RGBA texture: four bytes a pixel, of which the three
colour bytes are the same everywhere but at a span of another colour. With software GL every texel
is the kiosk's own RAM, and a board's body text is the biggest texture it holds (a screen of text,
4.5 MiB; every built board keeps one). Rendered white with its accent spans black instead, the
text carries one bit of colour a pixel: the texture keeps only the red channel (255 ink, 0 accent)
and the alpha (coverage), two bytes (``luminance_alpha``), and a two-colour shader paints ink and
accent back in (``TWO_COLOUR_FS``). Kivy fills a label's surface with its base colour before the
glyphs (transparent white here), so a glyph's edge filtered with its neighbours stays ink.

``MaskLabel`` / ``MaskMarkupLabel`` are Kivy core labels doing that; ``mask_canvas`` is the drawing
context for them. Only for a widget that draws its own texture (``ClippedText``): Kivy's ``Label``
rule would draw the white mask as it is.
"""

from __future__ import annotations

from typing import Any

from kivy.core.text import Label as CoreLabel
from kivy.core.text.markup import MarkupLabel as CoreMarkupLabel
from kivy.graphics import RenderContext
from kivy.graphics.texture import Texture

MASK_INK = (1.0, 1.0, 1.0, 1.0)
"""The colour a mask label renders its ink in (its accent spans are black)."""

TWO_COLOUR_FS = """
$HEADER$
uniform vec3 accent;
void main (void) {
    vec4 mask = texture2D(texture0, tex_coord0);
    gl_FragColor = vec4(mix(accent, frag_color.rgb, mask.r), frag_color.a * mask.a);
}
"""
"""The mask's red says ink (1) or accent (0), its alpha how much of the pixel the glyph covers; the
ink is the context's colour (a ``Color`` instruction), with the canvas's opacity."""


class _Mask:
    """What both core labels share: a luminance-alpha texture. Kivy's RGBA render is uploaded into it
    as it is: GL's conversion of RGBA to a luminance-alpha texture keeps R as L and A as A (OpenGL
    2.1, table 3.15), exactly the mask, so no pixel is copied or converted in Python."""

    options: dict[str, Any]
    texture: Any
    _size: tuple[int, int]
    _size_texture: tuple[int, int]

    def refresh(self) -> None:
        """Kivy's ``LabelBase.refresh`` with a two-channel texture (there the format is fixed RGBA)."""
        self.resolve_font_name()  # type: ignore[attr-defined]
        size = self.render()  # type: ignore[attr-defined]  # the first pass: the text laid out
        self._size_texture = size
        self._size = (size[0], size[1])
        width, height = self._size
        if width <= 1 or height <= 1:
            self.texture = self.texture_1px  # type: ignore[attr-defined]
            return
        texture = self.texture
        if (texture is None or texture.colorfmt != "luminance_alpha"
                or width != texture.width or height != texture.height):
            texture = Texture.create(size=(width, height), colorfmt="luminance_alpha",
                                     mipmap=self.options["mipmap"], callback=self._texture_fill)  # type: ignore[attr-defined]
            texture.flip_vertical()
            texture.add_reload_observer(self._texture_refresh)  # type: ignore[attr-defined]
            self.texture = texture
        else:
            texture.ask_update(self._texture_fill)  # type: ignore[attr-defined]


class MaskLabel(_Mask, CoreLabel):  # type: ignore[misc, valid-type]
    """A plain text as a mask (render it with ``color`` white)."""


class MaskMarkupLabel(_Mask, CoreMarkupLabel):  # type: ignore[misc, valid-type]
    """A markup text as a mask: white, with its accent spans black (``kiosk.ui.markup.ACCENT_MARK``;
    a span of any other colour is drawn as the mix its red says)."""


def mask_canvas() -> RenderContext:
    """A widget canvas that draws mask textures in two colours (set ``canvas['accent']``, RGB)."""
    from kivy.core.window import Window  # noqa: F401 - the shader compiles in the window's GL context
    # (a canvas made before there is one crashed the process: a widget made in a test, or at import)

    context = RenderContext(use_parent_projection=True, use_parent_modelview=True,
                            use_parent_frag_modelview=True)
    context.shader.fs = TWO_COLOUR_FS
    if not context.shader.success:  # pragma: no cover - a GL without GLSL 1.2 would be no kiosk
        raise RuntimeError("kiosk.ui.mask_text: the two-colour shader did not compile")
    return context
