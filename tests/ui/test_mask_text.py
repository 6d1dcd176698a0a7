"""A board's body text is a two-byte mask drawn in two colours (issue 13, memory): the texture is
luminance-alpha, half of Kivy's RGBA, and what reaches the screen is still ink with accent bullets."""

from __future__ import annotations

import pytest

from kiosk.ui.markup import ACCENT_MARK, NBSP

pytestmark = pytest.mark.ui

INK = (0.0, 0.0, 1.0, 1.0)
ACCENT = (1.0, 0.0, 0.0, 1.0)
TEXT = f"[color={ACCENT_MARK}]•[/color]{NBSP}中国共产党第一次全国代表大会\n[color={ACCENT_MARK}]•[/color]{NBSP}嘉兴南湖"


def _body(**kwargs: object) -> object:
    from kivy.uix.floatlayout import FloatLayout

    from kiosk.ui.app import load_kv_files
    from kiosk.ui.clipped_text import ClippedText

    load_kv_files()  # as in the app: widgets.kv gives every Label the ink colour (the CI run found it)

    holder = FloatLayout(size=(700, 200))
    body = ClippedText(markup=True, text=TEXT, font_size=40, ink=INK, accent=ACCENT, size_hint=(None, None),
                       size=(700, 200), text_size=(700, None), valign="top", **kwargs)
    holder.add_widget(body)
    body.texture_update()
    return holder


def _pixels(widget: object) -> list[tuple[int, int, int, int]]:
    from kivy.base import EventLoop
    from kivy.lang import Builder

    Builder.sync()
    EventLoop.idle()
    image = widget.export_as_image()  # type: ignore[attr-defined]
    data = image.texture.pixels
    return [tuple(data[i:i + 4]) for i in range(0, len(data), 4)]  # type: ignore[misc]


def test_the_body_texture_holds_two_bytes_a_pixel() -> None:
    holder = _body()
    body = holder.children[0]  # type: ignore[attr-defined]
    assert body.texture.colorfmt == "luminance_alpha"
    assert body.texture.width > 300 and body.texture.height > 40


def test_the_text_is_drawn_in_its_ink_and_its_bullets_in_the_accent_colour() -> None:
    pixels = [p for p in _pixels(_body()) if p[3] > 200]
    ink = [p for p in pixels if p[2] > 200 and p[0] < 60 and p[1] < 60]
    accent = [p for p in pixels if p[0] > 200 and p[2] < 60 and p[1] < 60]
    other = [p for p in pixels if p not in ink and p not in accent and max(p[:3]) > 60]
    assert len(ink) > 5 * len(accent) > 0, (len(ink), len(accent))  # many glyphs, two bullets
    assert not other, other[:5]  # no white mask, no third colour


def test_a_new_ink_is_drawn_without_a_new_render() -> None:
    holder = _body()
    body = holder.children[0]  # type: ignore[attr-defined]
    texture = body.texture
    body.ink = (0.0, 1.0, 0.0, 1.0)
    pixels = [p for p in _pixels(holder) if p[3] > 200]
    assert body.texture is texture
    assert any(p[1] > 200 and p[0] < 60 and p[2] < 60 for p in pixels)
    assert not any(p[2] > 200 and p[0] < 60 and p[1] < 60 for p in pixels)

