"""题目统计 for staff in the real window (Xvfb): the PIN, the console's button, the table of item
statistics, flagged questions on top, and the mode switch.

Everything behind the screen is real: a bank in the content folder, attempts played through engine
sessions and stored with ``services.quiz.record_attempt`` in setUp, the statistics computed by the
quiz-zone service. Database work runs inline, so the table is filled when the tap is handled.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Any

import pytest

from kiosk.clock import FakeClock
from kiosk.config import load_config
from kiosk.services import build_services
from kiosk.demo.scenes import play_attempt
from quiz.session import Mode
from tests.content_factory import make_content
from tests.ui.window_test import KioskWindowTest as WindowTest

pytestmark = pytest.mark.ui

HEADER = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "解析", "出处", "难度", "分类"]
PIN = "2468"


def bank_csv() -> str:
    """Four single-choice questions, key B; 第 2 题's key is "wrong" in the attempts below."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for n in range(1, 5):
        writer.writerow(["单选", f"统计测试第 {n} 题：哪一项正确？", "甲", "乙", "丙", "丁", "B", "", "", "易", "党章"])
    return out.getvalue()


class QuizStatsWindowTest(WindowTest):
    # The 1920×1080 design at half scale.
    window_size = (960, 540)

    def setUp(self) -> None:
        super().setUp()
        self.tmp = Path(tempfile.mkdtemp(prefix="kiosk-ui-quizstats-"))
        (self.tmp / "data").mkdir()  # a configured data dir must exist (issue 16)
        content = make_content(self.tmp / "content", zones=1, boards=1)
        banks = content / "quiz" / "banks"
        banks.mkdir(parents=True)
        (banks / "统计题库.csv").write_text(bank_csv(), encoding="utf-8")
        self.config = load_config(self.tmp / "kiosk.toml").with_overrides(
            data_dir=str(self.tmp / "data"), content_dir=str(content), hall_id="test-hall", device_id="ui-test",
        )
        self.clock = FakeClock()
        self.services = build_services(self.config, clock=self.clock)
        self.services.pins.set_pin(PIN)
        quiz = self.services.quiz
        assert quiz.sync_content_banks(content) == []
        q1, q2, q3, q4 = quiz.bank("统计题库").questions
        self.questions = (q1, q2, q3, q4)
        # 练习: six visitors of rising ability. 第 2 题 is answered right only by the weaker four
        # (the two strongest pick C): negative discrimination, a likely wrong key.
        for ability in range(6):
            play_attempt(self.services, "统计题库", Mode.PRACTICE, (q1, q2, q3, q4),
                         [ability >= 1, True if ability < 4 else "C", ability >= 3, ability >= 2])
        # 每日: three visitors, all right on 第 1 题 (100 %: too easy), 第 4 题 right once.
        for ability in range(3):
            play_attempt(self.services, "统计题库", Mode.DAILY, (q1, q4), [True, ability >= 2])

        self.launch()

    # ----- helpers -------------------------------------------------------------------------
    def table(self, page: Any) -> list[list[str]]:
        """The rows as shown, top to bottom: number, stem, attempts, 答对率, 区分度, 选项分布, 提示."""
        return [[cell.text for cell in row.children[::-1]] for row in page.ids.rows.children[::-1]]

    def open_stats(self) -> Any:
        self.vm.open_pin_pad()
        pin = self.screen("pin")
        for digit in PIN:
            self.tap(self.find(pin, "PinKey", digit))
        self.tap(self.find(pin, "PinKey", "确定"))
        staff = self.screen("staff")
        self.tap(staff.ids.quiz_stats)
        return self.screen("staff_quiz_stats")

    # ----- tests ---------------------------------------------------------------------------
    def test_staff_see_facility_per_question_flagged_first_and_switch_modes(self) -> None:
        page = self.open_stats()
        assert self.vm.quiz_stats.mode == "practice"  # the mode with the most attempts
        rows = self.table(page)
        assert [r[0] for r in rows] == ["2", "1", "3", "4"]  # the flagged question first, then bank order
        number, stem, attempts, facility, discrimination, choices, flags = rows[0]
        assert stem.startswith("统计测试第 2 题") and attempts == "6" and facility == "67%"
        assert float(discrimination) < 0 and flags == "区分度为负，答案可能有误"
        assert "B 4" in choices and "C 2" in choices and "A 0" in choices
        assert [r[3] for r in rows[1:]] == ["83%", "50%", "67%"] and all(r[6] == "" for r in rows[1:])
        assert all(float(r[4]) > 0 for r in rows[1:])
        assert "练习：6 次作答" in page.ids.summary.text and "平均分" in page.ids.summary.text

        self.tap(self.find(page.ids.modes, "StatsChip", "每日（3）"))
        assert self.vm.quiz_stats.mode == "daily"
        rows = self.table(page)
        assert [r[0] for r in rows] == ["1", "4"]
        assert rows[0][2:4] == ["3", "100%"] and rows[0][6] == "太容易"
        assert rows[1][2:4] == ["3", "33%"] and rows[1][6] == ""
        assert "每日：3 次作答" in page.ids.summary.text

        # Attempts of another mode have nothing to show in 挑战 yet.
        self.tap(self.find(page.ids.modes, "StatsChip", "挑战（0）"))
        assert self.table(page) == [] and "挑战：还没有作答记录。" in page.ids.summary.text

    def test_scans_are_ignored_and_the_idle_reset_empties_the_table(self) -> None:
        from kivy.core.window import Window

        page = self.open_stats()
        assert self.table(page)
        for char in "HK1:NOTAPASS":
            Window.dispatch("on_textinput", char)
        Window.dispatch("on_key_down", 13, 40, None, [])
        Window.dispatch("on_key_up", 13, 40)
        self.advance_frames(3)
        assert self.vm.screen == "staff_quiz_stats"  # staff are not thrown out by a scan

        self.clock.advance(self.config.idle_timeout + self.config.idle_warning + 1)
        self.vm.tick()
        self.vm.tick()
        self.screen("attract")
        assert self.table(page) == [] and page.ids.summary.text == "" and self.vm.quiz_stats.rows == []
