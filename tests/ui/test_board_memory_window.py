"""A zone walked board by board holds only the boards a swipe can show (issue 13, memory): the one
on show and its two neighbours. Every other built board is let go and its memory reclaimed (a
built board is its text textures, its picture and ~40 widgets: about 4-5 MB)."""

from __future__ import annotations

import gc
import time

import pytest

from tests.ui.window_test import DemoHallWindowTest

pytestmark = pytest.mark.ui


def _built_boards() -> int:
    from kiosk.ui.screens.board import BoardSlide

    gc.collect()
    # type(), not isinstance(): kv's WeakProxy objects pass an isinstance test for their widget's class
    return sum(1 for obj in gc.get_objects() if type(obj) is BoardSlide)


class BoardMemoryTest(DemoHallWindowTest):
    window_size = (1280, 720)

    def _frames_for(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.advance_frames(1)

    def test_walking_a_zone_keeps_the_board_on_show_and_its_two_neighbours(self) -> None:
        vm = self.vm
        self.wait_until(self.root.screens_ready, seconds=20)
        self._frames_for(0.5)
        vm.start_visit()
        zone = max(vm.content.zones, key=lambda z: z["boards"])
        assert zone["boards"] >= 5
        vm.exhibition.open_zone(zone["id"])
        self.wait_until(lambda: vm.exhibition.boards and vm.exhibition.zone_id == zone["id"], seconds=10)
        for _ in range(zone["boards"] - 2):
            vm.exhibition.next_board()
            self._frames_for(0.9)  # the slide (0.5 s), then the dropped board's reclaim (0.7 s after)
        self._frames_for(0.9)
        assert vm.exhibition.board_index == zone["boards"] - 2
        assert _built_boards() == 3
