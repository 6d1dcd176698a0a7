"""The screens after the first are built one per frame behind the attract loop; a visitor who taps
before they are all built must not wait for one (found with a profile of the X-click bench: the
frame that drew the home screen also built the next staged screen, ~1,000 kv handlers and 870 text
measurements, and tap → home took 150-200 ms instead of 60-90)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from kivy.tests.common import UnitTestTouch

from kiosk.clock import FakeClock
from kiosk.config import load_config
from kiosk.services import build_services
from tests.content_factory import make_content
from tests.ui.window_test import KioskWindowTest

pytestmark = pytest.mark.ui


class StagedBuildTest(KioskWindowTest):
    def setUp(self) -> None:
        super().setUp()
        self.tmp = Path(tempfile.mkdtemp(prefix="kiosk-ui-"))
        (self.tmp / "data").mkdir()
        content = make_content(self.tmp / "content", zones=3, boards=3)
        self.config = load_config(self.tmp / "kiosk.toml").with_overrides(
            data_dir=str(self.tmp / "data"), content_dir=str(content), hall_id="test-hall", device_id="ui-test")
        self.clock = FakeClock()
        self.services = build_services(self.config, clock=self.clock)
        self.launch()

    def test_no_screen_is_built_in_the_frames_that_answer_a_tap(self) -> None:
        manager = self.root.ids.manager
        assert not self.root.screens_ready()  # the staged building has only begun
        x, y = self.root.to_window(*self.root.center)
        touch = UnitTestTouch(x, y)
        before = set(manager.screen_names)
        touch.touch_down()  # the attract loop starts a visit on touch down
        self.advance_frames(1)
        assert manager.current == "home"
        touch.touch_up()
        self.advance_frames(2)
        assert set(manager.screen_names) == before  # home drawn, nothing else built meanwhile
        self.wait_until(self.root.screens_ready, 20)  # and the building goes on afterwards

    def test_each_staged_screen_is_out_of_the_collectors_reach_once_built(self) -> None:
        # Found by timing the staged building: the collector's automatic full collections scanned
        # the half-built heap, 170-300 ms in one frame (a tap then waited for it). A screen lives as
        # long as the app, so it is frozen in the frame that built it, not when all are built.
        import gc

        manager = self.root.ids.manager
        before = set(manager.screen_names)
        self.wait_until(lambda: len(manager.screen_names) > len(before), 20)
        built = [manager.get_screen(name) for name in set(manager.screen_names) - before]
        assert built
        tracked = {id(o) for o in gc.get_objects()}  # frozen objects are in no generation
        assert [s.name for s in built if id(s) in tracked] == []

    def test_a_touch_that_arrives_with_a_frame_is_answered_before_that_frame_builds_a_screen(self) -> None:
        # Found with the X-click bench: Kivy ticks the clock before it dispatches the frame's input,
        # so a staged build scheduled in the tick ran before the touch that came with the frame
        # (tap → home 210-220 ms instead of 76). The touch is queued as the window queues a real one.
        from kivy.base import EventLoop

        manager = self.root.ids.manager
        self.advance_frames(1)
        assert not self.root.screens_ready()
        before = set(manager.screen_names)
        x, y = self.root.to_window(*self.root.center)
        touch = UnitTestTouch(x, y)
        EventLoop._dispatch_input("begin", touch)  # dispatched by the next frame's dispatch_input
        self.advance_frames(1)
        assert manager.current == "home"
        assert set(manager.screen_names) == before
        EventLoop._dispatch_input("end", touch)
        self.advance_frames(1)
        self.wait_until(self.root.screens_ready, 20)
