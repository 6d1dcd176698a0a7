"""Pictures and screens drawn without stencils (issue 13): Kivy's Image and ScreenManager each wrap
their drawing in a stencil, two more raster passes over their area every frame with software GL.
A ``Picture`` crops "cover" through texture coordinates; the screen manager draws no stencil."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from kiosk.clock import FakeClock
from kiosk.config import load_config
from kiosk.services import build_services
from kiosk.ui.picture import fitted
from tests.content_factory import make_content
from tests.ui.window_test import KioskWindowTest as WindowTest

pytestmark = pytest.mark.ui


def test_cover_fills_the_box_and_crops_the_sides_of_a_wider_picture() -> None:
    offset, size, (u0, v0, u1, v1) = fitted((1000, 1000), (2000, 1000), "cover")
    assert offset == (0.0, 0.0) and size == (1000, 1000)
    assert (u0, u1) == pytest.approx((0.25, 0.75)) and (v0, v1) == (0.0, 1.0)


def test_cover_crops_the_sides_of_a_squarer_box_and_top_and_bottom_of_a_wider_one() -> None:
    _offset, _size, (u0, v0, u1, v1) = fitted((900, 900), (1600, 900), "cover")  # shows 900 of 1600 columns
    assert (u0, u1) == pytest.approx((0.21875, 0.78125)) and (v0, v1) == (0.0, 1.0)
    _offset, _size, (u0, v0, u1, v1) = fitted((1920, 720), (1600, 900), "cover")
    assert (u0, u1) == (0.0, 1.0) and (v0, v1) == pytest.approx((1 / 6, 5 / 6))  # 720 of 1080 rows at scale 1.2


def test_contain_centres_the_whole_picture() -> None:
    offset, size, coords = fitted((1280, 1024), (1600, 900), "contain")
    assert size == pytest.approx((1280, 720)) and offset == pytest.approx((0, 152)) and coords == (0.0, 0.0, 1.0, 1.0)
    assert fitted((0, 0), (1600, 900), "cover")[1] == (0.0, 0.0)


def _stencils(canvas: object) -> int:
    from kivy.graphics import StencilPush

    found = 0
    for child in getattr(canvas, "children", []):
        found += isinstance(child, StencilPush) + _stencils(child)
    return found


class AttractDrawsNoStencilTest(WindowTest):
    window_size = (1280, 720)

    def setUp(self) -> None:
        super().setUp()
        self.tmp = Path(tempfile.mkdtemp(prefix="kiosk-ui-picture-"))
        content = make_content(self.tmp / "content", zones=2, boards=2)
        (self.tmp / "data").mkdir()
        self.config = load_config(self.tmp / "kiosk.toml").with_overrides(
            data_dir=str(self.tmp / "data"), content_dir=str(content), hall_id="test-hall", device_id="picture")
        self.clock = FakeClock()
        self.services = build_services(self.config, clock=self.clock)
        self.launch()

    def test_the_attract_loop_and_the_zone_cards_draw_no_stencil(self) -> None:
        from kivy.core.window import Window

        self.advance_frames(3)
        assert self.vm.screen == "attract" and self.root.ids.manager.current_screen.ids.front.texture is not None
        assert _stencils(Window.canvas) == 0
        self.vm.start_visit()
        self.vm.open_area("exhibition")
        self.advance_frames(3)
        assert self.vm.screen == "zones"
        assert _stencils(Window.canvas) == 0

    def test_a_flipped_texture_is_cropped_in_its_own_frame(self) -> None:
        # in the window test: a texture needs the GL context
        from kivy.graphics.texture import Texture

        from kiosk.ui.picture import Picture

        texture = Texture.create(size=(2000, 1000))
        texture.flip_vertical()  # v runs top to bottom, as Kivy's image loaders give it
        picture = Picture(fit_mode="cover", size_hint=(None, None), size=(1000, 1000), pos=(10, 20))
        picture.texture = texture
        assert picture.picture_pos == [10, 20] and picture.picture_size == [1000, 1000]
        left, bottom, right, _b, _r, top, _l, _t = picture.picture_coords
        assert (left, right) == pytest.approx((0.25, 0.75)) and (bottom, top) == (1.0, 0.0)
