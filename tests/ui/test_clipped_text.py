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
