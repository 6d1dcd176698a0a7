"""A pass scanned on a kiosk that does no check-in (issue 12): in the real window, a quiz or
exhibition touchscreen keeps the visitor's screen, records nothing, and shows a short hint that
names the arrivals desk for a few seconds; a check-in kiosk (and ``all``) still checks the group in.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from kiosk.clock import FakeClock
from kiosk.config import load_config
from kiosk.demo.scenes import make_arrivals_demo
from kiosk.services import build_services
from kiosk.store.visits_models import Checkin
from tests.content_factory import make_content
from tests.ui.window_test import KioskWindowTest as WindowTest

pytestmark = pytest.mark.ui


class RoleScanWindowTest(WindowTest):
    window_size = (1280, 720)

    def start(self, role: str) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="kiosk-ui-role-scan-"))
        (self.tmp / "data").mkdir()
        content = make_content(self.tmp / "content", zones=2, boards=2)
        self.config = load_config(self.tmp / "kiosk.toml").with_overrides(
            data_dir=str(self.tmp / "data"), content_dir=str(content), hall_id="test-hall", device_id="kiosk-r",
            role=role)
        self.clock = FakeClock()
        self.services = build_services(self.config, clock=self.clock)
        self.demo = make_arrivals_demo(self.services)
        self.launch()

    def scan(self) -> None:
        self.clock.advance(4)  # past the double-read window
        self.type_like_a_scanner(self.demo.passes["accepted"])
        self.advance_frames(3)

    def hint(self) -> str:
        return str(self.root.ids.scan_hint.text) if self.root.ids.scan_hint.opacity else ""

    def test_a_quiz_kiosk_keeps_its_screen_and_points_to_the_arrivals_desk(self) -> None:
        self.start("quiz")
        self.tap(self.screen("attract"))
        self.screen("quiz_home")
        self.scan()
        assert self.vm.screen == "quiz_home"  # the visitor's quiz is not thrown away
        assert self.facts(Checkin) == []  # no check-in counted at the wrong door
        assert "入口" in self.hint() and "签到" in self.hint()
        self.clock.advance(6)
        self.vm.tick()
        self.advance_frames(2)
        assert self.hint() == ""  # a short hint: gone after a few seconds

    def test_an_exhibition_kiosk_on_its_attract_loop_stays_there(self) -> None:
        self.start("exhibition")
        self.screen("attract")
        self.scan()
        assert self.vm.screen == "attract" and self.facts(Checkin) == []
        assert "入口" in self.hint()
        self.vm.reset_visit()
        self.advance_frames(2)
        assert self.hint() == ""

    def test_an_exhibition_kiosk_builds_no_other_areas_screens_until_staff_open_one(self) -> None:
        self.start("exhibition")
        self.wait_until(self.root.screens_ready, 20)
        manager = self.root.ids.manager
        assert manager.has_screen("zones") and manager.has_screen("board")
        assert not [n for n in ("quiz_home", "quiz_question", "checkin", "walkin", "theatre_signage")
                    if manager.has_screen(n)]
        self.vm.screen = "quiz_home"  # staff can still reach every screen behind the PIN
        self.advance_frames(2)
        assert manager.has_screen("quiz_home") and manager.current == "quiz_home"

    def test_a_checkin_kiosk_still_checks_the_group_in(self) -> None:
        self.start("checkin")
        self.scan()
        self.screen("checkin_result")
        assert self.vm.checkin.outcome == "accepted" and len(self.facts(Checkin)) == 1
        assert self.hint() == ""
