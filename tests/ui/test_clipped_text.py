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
