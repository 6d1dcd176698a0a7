"""Pictures are pre-scaled to the size they are drawn at (issue 13, memory): with software GL every
texel of a texture is the process's own memory, so a picture kept at three times the pixels it is
drawn with costs three times the memory and shows nothing more (the GPU only shrinks it again).

Measured on the demo content at the design size (1920×1080): a board's picture was drawn at 520×347
from a 900×600 texture, a zone card's cover at 346×194 from 640×360."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.window_test import DemoHallWindowTest

pytestmark = pytest.mark.ui

SLACK = 1.08
"""A texture may hold this many times the drawn pixels in each direction (a pre-scale box is rounded)."""


def theme_scale() -> float:
    from kiosk.ui.theme import theme

    return float(theme.font_scale)


def _shown_texels(picture: Any) -> tuple[float, float]:
    """How many of the texture's texels lie across and up the part of it that is drawn."""
    texture = picture.texture
    coords = picture.picture_coords
    (_u, _v), (uw, vh) = texture.uvpos, texture.uvsize
    across = abs(coords[2] - coords[0]) / abs(uw) * texture.width
    up = abs(coords[5] - coords[1]) / abs(vh) * texture.height
    return across, up


class PictureSizesTest(DemoHallWindowTest):
    window_size = (1920, 1080)

    def _pictures(self, screen: str) -> list[Any]:
        from kiosk.ui.picture import Picture

        root = self.root.ids.manager.get_screen(screen)
        return [w for w in root.walk() if isinstance(w, Picture) and w.texture is not None and w.picture_size[0] > 0]

    def _assert_drawn_at_its_own_size(self, picture: Any, what: str) -> None:
        across, up = _shown_texels(picture)
        drawn_w, drawn_h = picture.picture_size
        assert across <= drawn_w * SLACK + 2 and up <= drawn_h * SLACK + 2, (
            f"{what}: {across:.0f}×{up:.0f} texels drawn into {drawn_w:.0f}×{drawn_h:.0f} px")
        # and never blown up: a picture drawn larger than its texels is blurred
        assert across >= drawn_w * 0.98 - 2 and up >= drawn_h * 0.98 - 2, (
            f"{what}: {across:.0f}×{up:.0f} texels stretched to {drawn_w:.0f}×{drawn_h:.0f} px")

    def test_a_zone_cards_cover_and_a_boards_picture_have_the_texels_they_are_drawn_with(self) -> None:
        vm = self.vm
        vm.start_visit()
        vm.open_area("exhibition")
        self.wait_until(lambda: len(self._pictures("zones")) == len(vm.content.zones), seconds=10)
        for card in self._pictures("zones"):
            self._assert_drawn_at_its_own_size(card, "zone card cover")
        zone = vm.content.zones[0]["id"]
        vm.exhibition.open_zone(zone)
        self.wait_until(lambda: bool(self._on_show()), seconds=10)
        self.advance_frames(3)  # laid out
        for picture in self._on_show():
            self._assert_drawn_at_its_own_size(picture, "board picture")

    def _on_show(self) -> list[Any]:
        """The pictures of the board in view (its neighbours are built beside it)."""
        from kiosk.ui.picture import Picture

        slide = self.root.ids.manager.get_screen("board").ids.carousel.current_slide
        if slide is None:
            return []
        return [w for w in slide.walk() if isinstance(w, Picture) and w.texture is not None and w.picture_size[0] > 0]

    def test_in_elder_mode_a_boards_picture_is_not_blown_up(self) -> None:
        vm = self.vm
        vm.field.elder = True
        vm.start_visit()
        vm.exhibition.open_zone(vm.content.zones[0]["id"])
        self.wait_until(lambda: bool(self._on_show()), seconds=10)
        self.advance_frames(3)
        assert theme_scale() > 1
        for picture in self._on_show():
            across, up = _shown_texels(picture)
            drawn_w, drawn_h = picture.picture_size
            assert across >= drawn_w * 0.98 - 2 and up >= drawn_h * 0.98 - 2
