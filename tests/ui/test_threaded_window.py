"""The real app on its real worker threads (``ThreadRunner``, as ``kiosk run`` has them), driven by
touches and scans: zone opening on the image worker, the PIN check, content reload, check-in, the
quiz and the contest on the database worker, and late results dropped after the visit was reset.

The other UI tests run background work inline, so each assertion sees a tap's result at once;
these wait for each result on a condition, as a visitor waits for the screen.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from kivy.tests.common import UnitTestTouch

from kiosk.clock import FakeClock
from kiosk.config import load_config
from kiosk.demo.scenes import make_arrivals_demo
from kiosk.services import build_services
from kiosk.store.models import BoardView, StaffEvent
from kiosk.store.quiz_models import QuizAttempt, QuizContestEvent
from kiosk.store.visits_models import Checkin, HeadcountConfirmation
from tests.content_factory import make_content
from tests.ui.test_quiz_window import bank_csv
from tests.ui.window_test import KioskWindowTest as WindowTest

pytestmark = [pytest.mark.ui, pytest.mark.threaded]
PIN = "2468"


class ThreadedWindowTest(WindowTest):
    window_size = (960, 540)
    threaded = True

    def setUp(self) -> None:
        super().setUp()
        self.tmp = Path(tempfile.mkdtemp(prefix="kiosk-ui-threaded-"))
        (self.tmp / "data").mkdir()  # a configured data dir must exist (issue 16)
        content = make_content(self.tmp / "content", zones=2, boards=2)
        banks = content / "quiz" / "banks"
        banks.mkdir(parents=True)
        (banks / "测试题库.csv").write_text(bank_csv(), encoding="utf-8")
        self.config = load_config(self.tmp / "kiosk.toml").with_overrides(
            data_dir=str(self.tmp / "data"), content_dir=str(content), hall_id="test-hall",
            device_id="ui-threaded", staff_corner_seconds=0.3,
        )
        self.clock = FakeClock()
        self.services = build_services(self.config, clock=self.clock)
        self.services.pins.set_pin(PIN)
        self.demo = make_arrivals_demo(self.services)
        self.launch()
        self.wait_until(lambda: self.vm.quiz.bank_name == "测试题库", 20)  # bank sync, then the quiz home's read

    def settled(self) -> None:
        """Every worker's queue is empty and its results were delivered."""
        self.wait_until(lambda: all(r.pending == 0 for r in self.app.runners), 20)

    def type_pin(self, pin_screen: Any, digits: str) -> None:
        for digit in digits:
            self.tap(self.find(pin_screen, "PinKey", digit))
        self.tap(self.find(pin_screen, "PinKey", "确定"))

    def test_zone_board_read_aloud_pin_gate_and_reload_on_the_workers(self) -> None:
        self.tap(self.screen("attract"))
        self.tap(self.find(self.screen("home"), "BigButton", "进入展区"))
        self.tap(self.find(self.screen("zones"), "ZoneCard"))
        board = self.screen("board")  # opens when the image worker has prepared the boards
        assert self.vm.exhibition.board_position == "1 / 2"
        self.tap(board.ids.read_aloud)
        self.wait_until(lambda: self.vm.narration.state == "speaking", 20)  # synthesised on the speech worker
        assert self.player.played[-1].stat().st_size > 10_000
        self.tap(self.find(board, "BigButton", "‹ 返回展区"))
        self.screen("zones")
        self.wait_until(lambda: len(self.facts(BoardView)) == 1)

        corner = self.root.ids.corner
        touch = UnitTestTouch(*corner.to_window(*corner.center))
        touch.touch_down()
        self.wait_until(lambda: self.vm.screen == "pin")
        touch.touch_up()
        pin = self.screen("pin")
        self.type_pin(pin, "1111")
        self.wait_until(lambda: pin.ids.message.text == "密码错误，还可以尝试 4 次")
        self.type_pin(pin, PIN)
        staff = self.screen("staff")
        self.tap(staff.ids.reload)
        self.wait_until(lambda: "内容已重新载入" in staff.ids.message.text, 20)
        self.settled()
        kinds = [e.kind for e in self.facts(StaffEvent)]
        assert kinds[-3:] == ["pin_wrong", "pin_ok", "content_reload"]

    def test_scan_and_headcount_on_the_database_worker(self) -> None:
        self.clock.advance(4)
        self.type_like_a_scanner(self.demo.passes["accepted"])
        result = self.screen("checkin_result")
        assert self.vm.checkin.outcome == "accepted"
        self.tap(result.panel.ids.minus)
        self.tap(result.panel.ids.confirm)
        self.wait_until(lambda: self.vm.checkin.confirmed)
        assert "31" in result.panel.ids.confirm_message.text
        assert [c.arrived for c in self.facts(HeadcountConfirmation)] == [31]
        assert len(self.facts(Checkin)) == 1

    def test_results_that_arrive_after_the_visit_was_reset_are_dropped_but_their_work_is_done(self) -> None:
        self.tap(self.screen("attract"))
        self.screen("home")
        self.clock.advance(4)
        self.vm.checkin.scan_arrived(self.demo.passes["accepted"])  # the answer comes later …
        self.vm.quiz.open_leaders("today")
        self.vm.reset_visit()  # … and the visitor is gone by then
        self.settled()
        self.advance_frames(3)
        assert self.vm.screen == "attract" and self.vm.checkin.outcome == ""
        assert self.vm.quiz.leader_message == "" and self.vm.quiz.leader_rows == []
        assert len(self.facts(Checkin)) == 1  # the check-in itself was stored

    def test_practice_result_and_contest_steps_are_stored_from_the_workers(self) -> None:
        self.tap(self.screen("attract"))
        self.tap(self.find(self.screen("home"), "BigButton", "开始答题"))
        home = self.screen("quiz_home")
        self.tap(home.ids.practice)
        categories = self.screen("quiz_categories")
        self.tap(self.find(categories, "CategoryCard", category={"name": None, "title": "全部题目", "count": 20}))
        question = self.screen("quiz_question")
        current = self.vm.quiz.session.current
        self.tap(self.find(question, "OptionButton", key=current.answer[0]))
        if current.type.value == "multiple":
            for key in current.answer[1:]:
                self.tap(self.find(question, "OptionButton", key=key))
        self.tap(question.ids.primary)
        self.tap(self.find(question, "BigButton", "‹ 结束答题"))
        result = self.screen("quiz_result")
        self.wait_until(lambda: result.ids.save_message.text == "用手机扫码保存成绩")
        attempt, = self.facts(QuizAttempt)
        assert attempt.correct_count == 1

        self.vm.open_staff()
        self.tap(self.screen("staff").ids.contest)
        setup = self.screen("contest_setup")
        self.tap(setup.ids.start)
        board = self.screen("contest_board")
        self.tap(board.ids.primary)  # 开始第一轮
        self.tap(board.ids.pause)
        self.settled()
        kinds = [e.kind for e in self.facts(QuizContestEvent)]
        assert kinds[0] == "contest_started" and "paused" in kinds

    def test_walk_in_search_answers_the_newest_query(self) -> None:
        self.tap(self.screen("attract"))
        self.screen("home")
        self.vm.checkin.open_walkin()
        walkin = self.screen("walkin")
        for letter in "ZGB":
            self.tap(self.find(walkin, "LetterKey", letter=letter))
        self.wait_until(lambda: bool(self.vm.checkin.walkin_results), 20)
        self.settled()
        assert self.vm.checkin.walkin_query == "ZGB"
        assert "中关村街道第一党支部" in [r["name"] for r in self.vm.checkin.walkin_results]
