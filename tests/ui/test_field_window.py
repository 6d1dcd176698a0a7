"""The kiosk's role and opening hours in the real window: start screens, what a visitor can reach,
the closed screen with the panel dimmed and woken, and no idle reset or attract loop after hours."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from unittest.mock import patch

from kiosk.clock import FakeClock
from kiosk.config import load_config
from kiosk.display_power import RecordingDisplayPower
from kiosk.services import build_services
from tests.content_factory import make_content
from tests.ui.window_test import KioskWindowTest as WindowTest

pytestmark = pytest.mark.ui
# FakeClock starts on Saturday 2026-11-21 09:00 UTC = 17:00 in the hall.
HOURS = {"tue": "09:00-17:00", "wed": "09:00-17:00", "thu": "09:00-17:00", "fri": "09:00-17:00",
         "sat": "09:00-17:00", "sun": "09:00-17:00", "mon": "闭馆"}


class FieldWindowTest(WindowTest):
    window_size = (1280, 720)

    def start(self, **overrides: object) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="kiosk-ui-field-"))
        content = make_content(self.tmp / "content", zones=2, boards=2)
        (self.tmp / "data").mkdir()
        self.config = load_config(self.tmp / "kiosk.toml").with_overrides(
            data_dir=str(self.tmp / "data"), content_dir=str(content), hall_id="test-hall", device_id="field",
            idle_timeout=10, idle_warning=5, **overrides)
        self.clock = FakeClock()
        self.services = build_services(self.config, clock=self.clock)
        self.power = RecordingDisplayPower()  # the port's fake: this machine's X is Xvfb
        with patch("kiosk.display_power.display_power", lambda _enabled: self.power):
            self.launch()

    def test_a_quiz_kiosk_starts_in_the_quiz_zone_and_home_leads_back_there(self) -> None:
        self.start(role="quiz")
        self.tap(self.screen("attract"))
        self.screen("quiz_home")
        self.vm.go_home()
        assert self.vm.screen == "quiz_home"
        self.vm.open_area("exhibition")  # not on this kiosk: its description only
        assert self.vm.screen == "area"

    def test_a_checkin_kiosk_starts_on_check_in_and_shows_the_map(self) -> None:
        self.start(role="checkin")
        self.tap(self.screen("attract"))
        self.screen("checkin")
        self.vm.go_home()
        home = self.screen("home")
        assert all(not a["live"] for a in self.vm.content.areas)  # the hall's map; the areas are elsewhere
        assert home is not None
        self.vm.open_area("exhibition")  # a card's button: the area's description, not its screens
        assert self.vm.screen == "area"

    def test_the_whole_hall_by_default(self) -> None:
        self.start()
        self.tap(self.screen("attract"))
        self.screen("home")
        assert {a["id"] for a in self.vm.content.areas if a["live"]} == {"exhibition", "quiz", "theatre"}

    def test_after_hours_the_closed_screen_dims_wakes_on_touch_and_opens_in_the_morning(self) -> None:
        self.start(opening_hours=HOURS)
        self.advance_frames(3)
        self.vm.tick()
        closed = self.screen("closed")
        assert closed.ids.hours.text == "本馆开放时间 周二至周日 09:00–17:00，周一闭馆"
        assert closed.ids.reopen.text == "下次开放：11月22日（周日）09:00"
        assert self.power.calls == ["sleep"]
        self.tap(closed)
        assert self.power.calls == ["sleep", "wake"]
        self.clock.advance(61)
        self.vm.tick()
        assert self.power.calls[-1] == "sleep"  # dark again after a minute without touches
        self.clock.advance(3600)  # no idle reset, no attract loop overnight
        self.vm.tick()
        assert self.vm.screen == "closed"
        self.clock.advance(15 * 3600)  # Sunday 09:00 in the hall
        self.vm.tick()
        self.screen("attract")
        assert self.power.calls[-1] == "wake"

    def test_a_visit_under_way_at_closing_time_ends_by_its_idle_reset_on_the_closed_screen(self) -> None:
        self.start(opening_hours={**HOURS, "sat": "09:00-17:02"})
        self.tap(self.screen("attract"))  # 17:00, open
        self.screen("home")
        self.clock.advance(180)  # 17:03, the visitor walked away
        for _ in range(4):
            self.vm.tick()
            self.clock.advance(6)
        self.screen("closed")

    def test_elder_mode_from_the_top_bar_for_the_rest_of_the_visit(self) -> None:
        from kiosk.ui.theme import ELDER_PALETTE, INK, theme

        self.start()
        self.tap(self.screen("attract"))
        home = self.screen("home")
        bar = self.find(home, "TopBar")
        assert bar.elder_shown and bar.ids.elder.text == "长辈模式"
        title = self.find(bar, "Label", bar.title)
        size_before = title.font_size
        self.tap(bar.ids.elder)
        assert self.vm.field.elder and bar.ids.elder.text == "标准字体"
        assert title.font_size == pytest.approx(size_before * 1.4)
        assert list(theme.ink) == list(ELDER_PALETTE["ink"])
        self.vm.exhibition.open_zones()
        zones_bar = self.find(self.screen("zones"), "TopBar")
        assert zones_bar.elder_on  # it stays on for the whole visit
        self.vm.reset_visit()  # the idle reset: the next visitor starts in the standard mode
        assert not self.vm.field.elder and theme.font_scale == 1.0 and list(theme.ink) == list(INK)

    def test_no_elder_button_behind_the_staff_pin(self) -> None:
        self.start()
        self.services.pins.set_pin("2468")
        self.vm.open_pin_pad()
        self.vm.staff.pin_entry = "2468"
        self.vm.staff.submit_pin()
        bar = self.find(self.screen("staff"), "TopBar")
        assert not bar.elder_shown and bar.ids.elder.disabled
