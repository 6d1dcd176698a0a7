""""下一块" tapped twice within one slide's animation (found by bench/soak.py): the kiosk ends on the
second board after, records one view per board shown, and never sends the visitor back."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pytest

from kiosk.clock import FakeClock
from kiosk.config import load_config
from kiosk.services import build_services
from kiosk.store.models import BoardView
from tests.content_factory import make_content
from tests.ui.window_test import KioskWindowTest as WindowTest

pytestmark = pytest.mark.ui


class BoardDoubleTapTest(WindowTest):
    window_size = (1280, 720)

    def setUp(self) -> None:
        super().setUp()
        self.tmp = Path(tempfile.mkdtemp(prefix="kiosk-ui-double-"))
        content = make_content(self.tmp / "content", zones=2, boards=4)
        (self.tmp / "data").mkdir()
        self.config = load_config(self.tmp / "kiosk.toml").with_overrides(
            data_dir=str(self.tmp / "data"), content_dir=str(content), hall_id="test-hall", device_id="double")
        self.clock = FakeClock()
        self.services = build_services(self.config, clock=self.clock)
        self.launch()

    def settle(self, seconds: float = 1.5) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.advance_frames(1)

    def test_two_quick_nexts_end_two_boards_on(self) -> None:
        ex = self.vm.exhibition
        self.vm.start_visit()
        ex.open_zone(self.vm.content.zones[0]["id"])
        board = self.screen("board")
        self.settle()
        ex.next_board()
        self.advance_frames(2)  # the first slide is moving
        ex.next_board()
        self.settle()
        assert ex.board_index == 2 and board.ids.carousel.index == 2
        views = self.facts(BoardView)
        assert [v.board_id for v in views] == [ex.boards[0]["id"], ex.boards[1]["id"]]

    def test_leaving_the_zone_mid_slide_opens_the_next_zone_at_its_first_board(self) -> None:
        ex = self.vm.exhibition
        self.vm.start_visit()
        ex.open_zone(self.vm.content.zones[0]["id"])
        self.screen("board")
        self.settle()
        ex.next_board()
        self.advance_frames(2)
        ex.open_zone(self.vm.content.zones[1]["id"])
        self.settle()
        assert ex.board_index == 0 and ex.zone_id == self.vm.content.zones[1]["id"]
        assert len(self.facts(BoardView)) == 2  # zone 1's boards 1 and 2; nothing of zone 2 yet

    def test_a_zone_seen_before_opens_at_once_with_its_boards_as_built(self) -> None:
        from kivy.core.window import Window

        from kiosk.ui.theme import DARK_RED, theme

        ex = self.vm.exhibition
        zone = self.vm.content.zones[0]["id"]
        self.vm.start_visit()
        ex.open_zone(zone)
        board = self.screen("board")
        self.settle()
        first = board.ids.carousel.slides[0].children[0]
        assert tuple(Window.clearcolor) == tuple(theme.paper)  # the paper is the window's clear colour
        ex.open_zones()
        self.advance_frames(2)
        ex.open_zone(zone)  # prepared before: no worker round trip, the screen is there in this call
        assert self.vm.screen == "board" and ex.zone_id == zone
        assert board.ids.carousel.slides[0].children[0] is first  # the same built board, not a rebuild
        self.vm.go_home()
        self.vm.screen = "attract"
        self.advance_frames(2)
        assert tuple(Window.clearcolor) == tuple(DARK_RED)
