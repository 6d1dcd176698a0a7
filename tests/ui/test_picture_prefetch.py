"""Zone cards open on pictures decoded ahead (issue 13): while the zones screen is on show, the first
picture of each zone's first board is decoded off the UI thread and put in Kivy's texture cache,
so the tap on a card does not decode it on the UI thread (about 20 ms a picture in the bench)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pytest

from kiosk.clock import FakeClock
from kiosk.config import load_config
from kiosk.services import build_services
from tests.content_factory import make_content
from tests.ui.window_test import KioskWindowTest as WindowTest

pytestmark = pytest.mark.ui


class PicturePrefetchTest(WindowTest):
    window_size = (1280, 720)

    def setUp(self) -> None:
        super().setUp()
        self.tmp = Path(tempfile.mkdtemp(prefix="kiosk-ui-prefetch-"))
        content = make_content(self.tmp / "content", zones=3, boards=2)
        (self.tmp / "data").mkdir()
        self.config = load_config(self.tmp / "kiosk.toml").with_overrides(
            data_dir=str(self.tmp / "data"), content_dir=str(content), hall_id="test-hall", device_id="prefetch")
        self.clock = FakeClock()
        self.services = build_services(self.config, clock=self.clock)
        self.launch()

    def _wait(self, condition: object, seconds: float = 10.0) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if condition():  # type: ignore[operator]
                return True
            self.advance_frames(1)
        return False

    def test_the_zones_screen_decodes_each_zones_first_picture_and_the_board_shows_that_texture(self) -> None:
        from kivy.cache import Cache

        from kiosk.ui.picture_prefetch import texture_key

        vm = self.vm
        assert self._wait(lambda: vm.content.caches_warm)
        firsts = []
        for zone in vm.content.zones:
            boards = vm.exhibition.prepared(zone["id"])
            assert boards, zone["id"]
            firsts.append(boards[0]["images"][0]["path"])
        assert all(Cache.get("kv.texture", texture_key(path)) is None for path in firsts)
        vm.start_visit()
        vm.open_area("exhibition")
        assert self._wait(lambda: all(Cache.get("kv.texture", texture_key(p)) is not None for p in firsts))
        second = vm.content.zones[1]["id"]
        ready = Cache.get("kv.texture", texture_key(firsts[1]))
        vm.exhibition.open_zone(second)
        self.advance_frames(3)
        from kiosk.ui.picture import Picture

        board = self.root.ids.manager.get_screen("board")
        shown = [w for w in board.walk() if isinstance(w, Picture) and w.source == firsts[1]]
        assert shown and shown[0].texture is ready

    def test_the_zones_screen_is_built_without_decoding_its_covers_and_then_shows_every_one(self) -> None:
        # Ten zone covers decoded by Kivy's loader were 90 of the zones screen's 150 ms build, in one
        # frame of the staged start (a tap then waited for it): the worker decodes them instead.
        from kivy.core.image import ImageLoader
        from PIL import Image as PILImage

        manager = self.root.ids.manager
        if manager.has_screen("zones"):
            manager.remove_widget(manager.get_screen("zones"))
        loads: list[str] = []
        original = ImageLoader.load

        def counting(filename: str, *args: object, **kwargs: object) -> object:
            loads.append(filename)
            return original(filename, *args, **kwargs)

        ImageLoader.load = counting  # type: ignore[method-assign]
        try:
            zones = self.root._ensure_screen("zones")
        finally:
            ImageLoader.load = original  # type: ignore[method-assign]
        assert loads == []
        assert self._wait(zones.at_rest)
        cards = [w for w in zones.walk() if type(w).__name__ == "ZoneCard"]
        assert len(cards) == len(self.vm.content.zones) == 3
        for card in cards:
            with PILImage.open(card.zone["cover"]) as img:
                assert tuple(card.ids.cover.texture.size) == img.size

    def test_a_cover_damaged_after_the_check_leaves_its_card_blank_and_the_others_shown(self) -> None:
        manager = self.root.ids.manager
        if manager.has_screen("zones"):
            manager.remove_widget(manager.get_screen("zones"))
        broken = self.vm.content.zones[1]["cover"]
        Path(broken).write_bytes(b"not a picture any more")
        zones = self.root._ensure_screen("zones")
        assert self._wait(zones.at_rest)
        self.advance_frames(2)
        cards = {w.zone["cover"]: w for w in zones.walk() if type(w).__name__ == "ZoneCard"}
        assert cards[broken].ids.cover.texture is None
        assert all(card.ids.cover.texture is not None for path, card in cards.items() if path != broken)
