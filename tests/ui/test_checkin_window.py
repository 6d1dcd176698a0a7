"""Arrivals in the real window (Xvfb): a scan typed by a keyboard-wedge scanner as key events into
the window opens its outcome screen from any visitor screen; double reads, headcount confirm,
walk-in by touch, today's bookings for staff, and the idle reset.

Everything behind the screens is real: the visits service on SQLite, keys made with
``init_keys``, bookings and passes made through the service (``make_arrivals_demo``). Only the
loudspeaker is a recording fake. Database work runs inline so each assertion sees it at once.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest

from kiosk.clock import FakeClock
from kiosk.config import load_config
from kiosk.services import build_services
from kiosk.store.models import BoardView
from kiosk.store.visits_models import Checkin, HeadcountConfirmation
from kiosk.tasks import InlineRunner
from kiosk.demo.scenes import make_arrivals_demo
from tests.content_factory import make_content
from tests.ui.window_test import KioskWindowTest as WindowTest

pytestmark = pytest.mark.ui

REFUSALS = {
    "not_valid_today": "通行证今天不能使用",
    "wrong_hall": "这不是本馆的通行证",
    "revoked": "这张通行证已作废",
    "forged": "通行证未通过验证",
    "unreadable": "没有识别出通行证",
}


class CheckinWindowTest(WindowTest):
    # The walk-in screen's letter pad and search list need a kiosk-shaped (16:9) window.
    window_size = (1280, 720)

    def setUp(self) -> None:
        super().setUp()
        self.tmp = Path(tempfile.mkdtemp(prefix="kiosk-ui-checkin-"))
        (self.tmp / "data").mkdir()  # a configured data dir must exist (issue 16)
        content = make_content(self.tmp / "content", zones=2, boards=2)
        self.config = load_config(self.tmp / "kiosk.toml").with_overrides(
            data_dir=str(self.tmp / "data"), content_dir=str(content), hall_id="test-hall", device_id="kiosk-2",
        )
        self.clock = FakeClock()
        self.services = build_services(self.config, clock=self.clock)
        self.demo = make_arrivals_demo(self.services)
        self.launch()

    # ----- helpers -------------------------------------------------------------------------
    def scan(self, label: str) -> Any:
        """A fresh scan of one of the demo passes (past the double-read window of the last one)."""
        self.clock.advance(4)
        self.type_like_a_scanner(self.demo.passes[label])
        return self.screen("checkin_result")

    def sounds(self) -> list[str]:
        return [p.name for p in self.player.played]

    # ----- tests ---------------------------------------------------------------------------
    def test_scan_on_the_attract_loop_checks_the_group_in(self) -> None:
        assert self.vm.screen == "attract"
        result = self.scan("accepted")
        assert self.vm.checkin.outcome == "accepted"
        assert result.ids.title.text == "签到成功，欢迎参观！"
        assert "中关村街道第一党支部" in result.ids.message.text and "32" in result.ids.message.text
        assert result.panel.parent == result.ids.side  # the headcount stepper is on screen
        assert result.panel.ids.arrived.text == "32"
        assert self.sounds() == ["checkin-accepted.wav"]
        [fact] = self.facts(Checkin)
        assert (fact.count, fact.device_id, fact.hall_id) == (32, "kiosk-2", "test-hall")
        self.tap(result.ids.done)
        self.screen("home")
        assert self.vm.checkin.outcome == ""

    def test_second_scan_later_says_when_and_where_and_counts_nothing(self) -> None:
        self.scan("accepted")
        self.clock.advance(25 * 60)
        result = self.scan("accepted")
        assert self.vm.checkin.outcome == "already_checked_in"
        assert result.ids.title.text == "本团队今天已经签到过了"
        assert result.panel.parent is None  # nothing to confirm again
        assert "首次签到" in result.ids.details.text and "今天 17:00" in result.ids.details.text  # 09:00 UTC
        assert "kiosk-2" in result.ids.details.text
        assert self.sounds() == ["checkin-accepted.wav", "checkin-already_checked_in.wav"]
        assert len(self.facts(Checkin)) == 1

    def test_every_refusal_has_its_own_screen_and_sound_and_writes_nothing(self) -> None:
        self.tap(self.screen("attract"))
        self.screen("home")
        seen_colours = set()
        for outcome, title in REFUSALS.items():
            result = self.scan(outcome)
            assert self.vm.checkin.outcome == outcome
            assert result.ids.title.text == title
            assert result.ids.message.text and result.ids.advice.text  # what happened, what to do
            assert result.panel.parent is None
            assert self.player.played[-1].name == f"checkin-{outcome}.wav" and self.player.played[-1].exists()
            seen_colours.add(tuple(self.vm.checkin.colour))
            if outcome == "not_valid_today":
                assert "有效日期" in result.ids.details.text and "2026年11月23日" in result.ids.details.text
            self.tap(result.ids.again)
            self.screen("checkin")
        assert len(seen_colours) == len(REFUSALS)
        assert self.facts(Checkin) == []

    def test_a_scan_on_a_board_closes_the_board_and_opens_the_outcome(self) -> None:
        self.tap(self.screen("attract"))
        self.vm.exhibition.open_zone(self.vm.content.zones[0]["id"])
        self.screen("board")
        self.scan("accepted")
        assert self.vm.exhibition.views.current_board is None  # the board view was closed ...
        assert [v.board_id for v in self.facts(BoardView)] == ["z1-b1"]  # ... and became a fact

    def test_same_code_within_three_seconds_is_a_double_read(self) -> None:
        result = self.scan("accepted")
        self.tap(result.ids.done)
        self.screen("home")
        self.clock.advance(2)
        self.type_like_a_scanner(self.demo.passes["accepted"])
        self.advance_frames(3)
        assert self.vm.screen == "home" and len(self.facts(Checkin)) == 1
        assert self.sounds() == ["checkin-accepted.wav"]
        self.scan("accepted")  # 4 s later: a real second scan
        assert self.vm.checkin.outcome == "already_checked_in"

    def test_slow_typing_on_a_keyboard_is_not_a_scan(self) -> None:
        self.tap(self.screen("attract"))
        self.screen("home")
        self.type_like_a_scanner(self.demo.passes["accepted"], seconds_between_keys=0.3)
        self.advance_frames(3)
        assert self.vm.screen == "home" and self.facts(Checkin) == []

    def test_scans_are_ignored_on_the_pin_pad_and_staff_screens(self) -> None:
        self.vm.open_pin_pad()
        self.screen("pin")
        self.scan_ignored()
        self.vm.open_staff()
        self.screen("staff")
        self.scan_ignored()
        assert self.facts(Checkin) == []

    def scan_ignored(self) -> None:
        before = self.vm.screen
        self.clock.advance(4)
        self.type_like_a_scanner(self.demo.passes["accepted"])
        self.advance_frames(3)
        assert self.vm.screen == before

    def test_headcount_confirm_writes_a_correction(self) -> None:
        result = self.scan("accepted")
        panel = result.panel
        self.vm.checkin.change_arrived(1000)  # the stepper stays within twice the booking
        assert self.vm.checkin.arrived == 64
        self.advance_frames(1)
        assert panel.ids.plus.disabled
        self.vm.checkin.change_arrived(-1000)
        assert self.vm.checkin.arrived == 1
        self.advance_frames(1)
        assert panel.ids.minus.disabled
        self.vm.checkin.change_arrived(31)
        for _ in range(3):
            self.tap(panel.ids.minus)
        assert panel.ids.arrived.text == "29"
        self.tap(panel.ids.confirm)
        assert "29" in panel.ids.confirm_message.text
        assert panel.ids.confirm.disabled and panel.ids.plus.disabled  # confirmed once
        [checkin] = self.facts(Checkin)
        [correction] = self.facts(HeadcountConfirmation)
        assert (correction.corrects_id, correction.arrived, correction.device_id) == (checkin.id, 29, "kiosk-2")

    def test_walk_in_by_touch_with_pinyin_initials(self) -> None:
        self.tap(self.screen("attract"))
        home = self.screen("home")
        self.tap(home.ids.checkin)
        checkin = self.screen("checkin")
        self.tap(checkin.ids.walkin)
        walkin = self.screen("walkin")
        self.tap(walkin.ids.submit)
        assert walkin.ids.message.text == "请先选择“党员”或“群众”。"  # nothing written without a choice
        self.tap(walkin.ids.member)
        self.tap(walkin.ids.plus)
        self.tap(walkin.ids.plus)
        assert walkin.ids.count.text == "3"
        for letter in "ZGB":
            self.tap(self.find(walkin.ids.pad, "LetterKey", letter))
        assert walkin.ids.query.text == "ZGB"
        names = [b.text for b in walkin.ids.results.children[::-1]]
        assert "中关村街道第一党支部" in names
        assert "中关村科技园区党委" not in names  # no B in its initials
        self.tap(self.find(walkin.ids.results, "OrgButton", "中关村街道第一党支部"))
        assert "已选：中关村街道第一党支部" in walkin.ids.chosen.text
        self.tap(walkin.ids.submit)
        result = self.screen("checkin_result")
        assert self.vm.checkin.outcome == "walkin" and "3 名党员" in result.ids.message.text
        [fact] = self.facts(Checkin)
        assert (fact.kind, fact.visitor_kind, fact.count) == ("walk_in", "member", 3)
        assert fact.organisation_id is not None
        assert self.sounds() == ["checkin-walkin.wav"]

    def test_staff_sees_todays_bookings_with_masked_phones(self) -> None:
        self.scan("accepted")
        self.vm.open_staff()
        staff = self.screen("staff")
        self.tap(staff.ids.bookings)
        page = self.screen("staff_bookings")
        rows = page.ids.rows.children[::-1]
        texts = [[cell.text for cell in row.children[::-1]] for row in rows]
        assert [t[1] for t in texts] == ["中关村街道第一党支部", "中关村科技园区党委", "北京市第三建筑公司党支部",
                                         "星火软件有限公司党支部"]
        assert texts[0][3:] == ["张** 138****5678", "32", "32", "已到"]
        assert texts[1][-1] == "已取消" and texts[2][-1] == "未到"
        every_text = " ".join(" ".join(t) for t in texts) + page.ids.summary.text
        assert "13812345678" not in every_text and "张建国" not in every_text
        assert "已到 32 人" in page.ids.summary.text

    def test_idle_reset_clears_the_checkin_state(self) -> None:
        result = self.scan("accepted")
        self.vm.checkin.change_arrived(-2)
        self.clock.advance(self.config.idle_timeout + self.config.idle_warning + 1)
        self.vm.tick()
        self.vm.tick()
        self.screen("attract")
        assert self.vm.checkin.outcome == "" and self.vm.checkin.organisation == ""
        assert result.ids.title.text == "" and result.ids.message.text == "" and result.ids.details.text == ""
        assert result.panel.parent is None
        self.vm.checkin.open_walkin()
        walkin = self.screen("walkin")
        assert walkin.ids.count.text == "1" and walkin.ids.query.text == "例如 ZGB"


def test_camera_frames_are_decoded_off_the_ui_thread_into_scans() -> None:
    """The camera path without a camera (this machine has none): a frame as Kivy's texture
    holds it (RGBA, bottom row first) goes through the runner and the decoder to ``on_code``."""
    import qrcode
    from PIL import Image

    from kiosk.ui.camera_scan import CameraScanner

    code = qrcode.QRCode(border=4, box_size=6)
    code.add_data("HK1:CAMERA-TEST")
    frame = code.make_image().get_image().convert("RGBA").transpose(Image.Transpose.FLIP_TOP_BOTTOM)

    class Texture:
        size = frame.size
        pixels = frame.tobytes()

    class FakeCamera:
        texture = Texture()

    class RecordingRunner(InlineRunner):
        jobs = 0

        def submit(self, work: Any, on_success: Any, on_failure: Any) -> None:
            RecordingRunner.jobs += 1
            super().submit(work, on_success, on_failure)

    found: list[str] = []
    scanner = CameraScanner(found.append, runner=RecordingRunner())
    scanner._camera = FakeCamera()
    scanner._grab()
    assert found == ["HK1:CAMERA-TEST"] and RecordingRunner.jobs == 1
