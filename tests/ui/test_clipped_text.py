"""Body text drawn without a stencil: only the band of its texture that is in view, with texture
coordinates that match (issue 13: the stencil cost two fills of the text's area every frame)."""

from __future__ import annotations

import pytest

from kiosk.ui.clipped_text import band_coords

pytestmark = pytest.mark.ui


def test_band_of_a_flipped_texture_maps_the_same_rows() -> None:
    flipped = (0.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0)  # a label's texture: v runs top to bottom
    assert band_coords(flipped, 0.0, 1.0) == list(flipped)
    assert band_coords(flipped, 0.25, 0.75) == [0.0, 0.75, 1.0, 0.75, 1.0, 0.25, 0.0, 0.25]


def test_the_label_draws_only_rows_in_view() -> None:
    from kivy.graphics.texture import Texture

    from kiosk.ui.clipped_text import ClippedText

    label = ClippedText(size_hint=(None, None), size=(200, 1000))
    label.texture = Texture.create(size=(200, 1000))
    label.texture_size = [200, 1000]
    label.view = [600, 900]  # the scroll view shows rows 600..900 of the label
    assert label.clip_pos == [0, 600] and label.clip_size == [200, 300]
    assert label.clip_coords[1] == pytest.approx(0.6) and label.clip_coords[5] == pytest.approx(0.9)
    label.view = [1200, 1500]  # scrolled past it: nothing drawn
    assert label.clip_size == [0, 0]


def _drawn_rectangle(widget: object) -> object:
    """The widget's textured rectangle after the frame's canvas updates (kv defers them to the frame)."""
    from kivy.graphics import Rectangle
    from kivy.lang import Builder

    Builder.sync()
    return next(i for i in widget.canvas.children if isinstance(i, Rectangle))  # type: ignore[attr-defined]


def test_a_new_texture_of_the_same_size_keeps_the_band_drawn() -> None:
    """Kivy's Rectangle takes the whole texture's coordinates when its texture is set; a re-rendered
    body of the same size gave the same band, so the band was not set again and the whole text was
    drawn squashed into the band's rectangle (snapshot 05: short, wide glyphs)."""
    from kivy.graphics.texture import Texture

    from kiosk.ui.app import load_kv_files
    from kiosk.ui.clipped_text import ClippedText

    load_kv_files()  # the rules that draw the band (board.kv)
    label = ClippedText(size_hint=(None, None), size=(200, 1000))
    label.texture = Texture.create(size=(200, 1000))
    label.texture_size = [200, 1000]
    label.view = [600, 900]
    assert list(_drawn_rectangle(label).tex_coords) == pytest.approx(label.clip_coords)  # type: ignore[attr-defined]
    label.texture = Texture.create(size=(200, 1000))  # the same text rendered again
    assert list(_drawn_rectangle(label).tex_coords) == pytest.approx(label.clip_coords)  # type: ignore[attr-defined]


def test_a_new_cover_of_the_same_size_keeps_its_crop_drawn() -> None:
    from kivy.graphics.texture import Texture

    from kiosk.ui.picture import Picture

    picture = Picture(fit_mode="cover", size_hint=(None, None), size=(1000, 1000))
    picture.texture = Texture.create(size=(2000, 1000))
    assert list(_drawn_rectangle(picture).tex_coords) == pytest.approx(picture.picture_coords)  # type: ignore[attr-defined]
    picture.texture = Texture.create(size=(2000, 1000))  # the next cover, as large
    assert list(_drawn_rectangle(picture).tex_coords) == pytest.approx(picture.picture_coords)  # type: ignore[attr-defined]


LONG_TEXT = "\n".join(f"第{i}行：党员教育 [color=#cc0000]•[/color] 不忘初心，牢记使命" for i in range(60))


def _body(band: int, text: str = LONG_TEXT) -> object:
    """A board body's label (board.kv's settings) rendered once with ``band``."""
    from kiosk.ui.clipped_text import ClippedText

    label = ClippedText(markup=True, text=text, font_size=30, line_height=1.45, valign="top",
                        size_hint=(None, None), width=800)
    label.text_size = (780, None)
    label.band = band
    label.texture_update()
    return label


def test_an_unscrolled_text_renders_only_its_band_the_whole_texts_top_rows() -> None:
    """A board's body was rendered whole: 6-8 MB of texture a board, most of it below the view."""
    banded, whole = _body(400), _body(0)
    assert banded.texture_size == [780, 400]  # type: ignore[attr-defined]
    assert banded.text_height == whole.texture_size[1] == whole.text_height > 3000  # type: ignore[attr-defined]
    row = 780 * 4
    complete = 400 - 44  # the rows above the last line the band holds whole (a line is 43.5 px)
    assert banded.texture.pixels[:complete * row] == whole.texture.pixels[:complete * row]  # type: ignore[attr-defined]
    assert any(banded.texture.pixels[:complete * row])  # type: ignore[attr-defined]  (text, not blank rows)


def test_a_band_is_drawn_from_the_whole_texts_top() -> None:
    label = _body(400)
    label.pos = (0, 0)  # type: ignore[attr-defined]
    label.height = label.text_height + 20  # type: ignore[attr-defined]  (board.kv: 10 px above and below)
    top = label.top  # type: ignore[attr-defined]
    label.view = [top - 300, top]  # type: ignore[attr-defined]  (not scrolled: the view's 300 top rows)
    assert label.clip_pos[1] + label.clip_size[1] == top - 10  # type: ignore[attr-defined]
    assert label.clip_size[1] == 290  # type: ignore[attr-defined]
    label.view = [top - 1000, top - 600]  # type: ignore[attr-defined]  (below the band: nothing to draw yet)
    assert label.clip_size == [0, 0]  # type: ignore[attr-defined]


def test_a_text_shorter_than_its_band_is_rendered_whole() -> None:
    short = _body(4000)
    assert short.texture_size[1] == short.text_height < 4000  # type: ignore[attr-defined]


def test_the_scroll_sets_the_band_and_a_scroll_renders_the_rest() -> None:
    from kivy.clock import Clock
    from kivy.core.window import Window

    from kiosk.ui.clipped_text import ClippedText, TextScroll

    scroll = TextScroll(size_hint=(None, None), size=(800, 500), do_scroll_x=False)
    label = ClippedText(markup=True, font_size=30, line_height=1.45, valign="top", size_hint_y=None)
    label.bind(width=lambda *_: setattr(label, "text_size", (label.width - 20, None)),
               text_height=lambda *_: setattr(label, "height", label.text_height + 20))
    scroll.add_widget(label)
    Window.add_widget(scroll)
    try:
        label.text = LONG_TEXT
        for _ in range(3):
            Clock.tick()
        assert label.band == 500 + 2 * 30 * 1.45 // 1  # the view and two lines
        assert label.texture_size[1] == label.band < label.text_height
        assert label.height == label.text_height + 20  # the scroll bar's length is right from the start
        scroll.scroll_y = 0.5  # the visitor scrolls
        for _ in range(3):
            Clock.tick()
        assert label.whole and label.texture_size[1] == label.text_height
    finally:
        Window.remove_widget(scroll)


def test_a_plain_text_is_banded_by_its_own_lines() -> None:
    """The whole-text layout of a label without markup measures its text as it is drawn (a markup
    colour tag put in front of it was measured as text: a longer first line, a wrong height)."""
    from kiosk.ui.clipped_text import ClippedText

    def label(band: int) -> ClippedText:
        made = ClippedText(text="\n".join(f"行{i}" for i in range(40)), font_size=30, line_height=1.45,
                           valign="top", size_hint=(None, None), width=160)
        made.text_size = (150, None)
        made.band = band
        made.texture_update()
        return made

    banded, whole = label(400), label(0)
    assert banded.texture_size[1] == 400 and banded.text_height == whole.texture_size[1]
