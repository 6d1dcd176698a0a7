"""数值 (number pad) and 连线 (matching) in the real window (Xvfb), driven by taps, on the real quiz
service: practice with partial credit per pair, challenge all-or-nothing, the daily set, and the
contest board's flat number pad. The bank holds only the two new types, so every question drawn is one."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest

from kiosk.clock import FakeClock
from kiosk.config import load_config
from kiosk.services import build_services
from kiosk.store.quiz_models import QuizAnswer, QuizAttempt
from kiosk.ui.theme import theme
from tests.content_factory import make_content
from tests.ui.window_test import KioskWindowTest as WindowTest

pytestmark = pytest.mark.ui

HEADER = ["题型", "题干", "选项A", "选项B", "选项C", "答案", "解析", "分类", "误差"]
ROWS = [
    ["数值", "党的一大于哪一年召开？", "", "", "", "1921", "1921 年 7 月。", "新题型", ""],
    ["数值", "红军长征约走了多少万里？", "", "", "", "2.5", "二万五千里。", "新题型", "0.1"],
    ["连线", "把会议和年份连起来。", "中共一大 → 1921年", "遵义会议 → 1935年", "古田会议 → 1929年", "1949年",
     "一大 1921，古田 1929，遵义 1935。", "新题型", ""],
]


def bank_csv() -> str:
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *ROWS])
    return out.getvalue()


class NewTypesWindowTest(WindowTest):
    window_size = (960, 540)

    def setUp(self) -> None:
        super().setUp()
        self.tmp = Path(tempfile.mkdtemp(prefix="kiosk-newtypes-ui-"))
        (self.tmp / "data").mkdir()  # a configured data dir must exist (issue 16)
        content = make_content(self.tmp / "content", zones=1, boards=1)
        banks = content / "quiz" / "banks"
        banks.mkdir(parents=True)
        (banks / "新题型.csv").write_text(bank_csv(), encoding="utf-8")
        self.config = load_config(self.tmp / "kiosk.toml").with_overrides(
            data_dir=str(self.tmp / "data"), content_dir=str(content), hall_id="test-hall",
            device_id="ui-test", staff_corner_seconds=0.3,
        )
        self.clock = FakeClock()
        self.services = build_services(self.config, clock=self.clock)
        self.launch()
        self.quiz = self.vm.quiz

    def start_mode(self, title: str) -> Any:
        self.tap(self.screen("attract"))
        self.tap(self.find(self.screen("home"), "BigButton", "开始答题"))
        home = self.screen("quiz_home")
        self.tap(self.find(self.find(home, "ModeCard", title=title), "BigButton", "开始"))
        if title == "练习":
            self.tap(self.find(self.screen("quiz_categories"), "CategoryCard",
                               category={"name": None, "title": "全部题目", "count": 3}))
        return self.screen("quiz_question")

    def until(self, question: Any, kind: str) -> None:
        """Answer (through the view model) until a question of ``kind`` is on show."""
        while self.quiz.answer_kind != kind:
            current = self.quiz.session.current
            self.quiz.session.set_text(current.answer[0].partition("±")[0]) if kind == "matching" else self._link_all(current)
            self.quiz.confirm()
            self.quiz.next_question()
        self.advance_frames(2)

    def _link_all(self, current: Any) -> None:
        for letter, partner in zip(current.letters, current.answer):
            self.quiz.pick_left(letter)
            self.quiz.pick_right(partner)

    def press(self, question: Any, keys: str) -> None:
        pad = question.pad
        for key in keys.split():
            self.tap(pad.keys[key])

    # ----- 数值 -------------------------------------------------------------------------------
    def test_number_pad_types_deletes_and_is_graded_by_tolerance(self) -> None:
        question = self.start_mode("练习")
        self.until(question, "number")
        pad = question.pad
        assert pad.parent is question.ids.answer_box.__self__  # the pad replaces the answer buttons
        assert not question.grid.parent
        assert all(b.height >= theme.u * 100 and b.width >= theme.u * 100 for b in pad.keys.values())
        assert question.ids.primary.disabled
        current = self.quiz.session.current
        if current.answer == ("1921",):
            self.press(question, "1 9 2 2 del 1")
            assert pad.display.ids.number.text == "1921"
        else:
            self.press(question, "2 . 5 9 del del . 4")  # a second "." is ignored: 2.4 is within 2.5 ± 0.1
            assert pad.display.ids.number.text == "2.4"
        self.tap(question.ids.primary)
        assert self.quiz.phase == "revealed" and self.quiz.reveal_correct
        self.tap(self.find(question, "BigButton", "‹ 结束答题"))
        self.screen("quiz_result")
        answer = self.facts(QuizAnswer)[-1]
        assert answer.correct and json.loads(answer.chosen) in (["1921"], ["2.4"])

    def test_minus_and_wrong_number(self) -> None:
        question = self.start_mode("每日答题")
        self.until(question, "number")
        self.press(question, "7 -")
        assert self.quiz.typed == "-7"
        self.tap(question.ids.primary)
        assert self.quiz.phase == "revealed" and not self.quiz.reveal_correct
        assert self.quiz.reveal_answer in ("1921", "2.5±0.1")

    # ----- 连线 -------------------------------------------------------------------------------
    def item(self, question: Any, side: str, key: str) -> Any:
        return question.board.items[(side, key)]

    def test_matching_tap_pairs_change_one_and_partial_credit_in_practice(self) -> None:
        question = self.start_mode("练习")
        self.until(question, "matching")
        board = question.board
        assert board.parent is question.ids.answer_box.__self__
        right_keys = [r["key"] for r in self.quiz.right_items]
        assert sorted(right_keys) == ["1921年", "1929年", "1935年", "1949年"]
        assert right_keys[:3] != ["1921年", "1935年", "1929年"]  # never in the left column's order
        self.tap(self.item(question, "left", "A"))
        assert self.item(question, "left", "A").armed
        self.tap(self.item(question, "right", "1921年"))
        self.tap(self.item(question, "left", "B"))
        self.tap(self.item(question, "right", "1929年"))  # wrong on purpose
        self.tap(self.item(question, "left", "C"))
        self.tap(self.item(question, "right", "1949年"))  # wrong too ...
        self.tap(self.item(question, "left", "C"))
        self.tap(self.item(question, "right", "1929年"))  # ... changed: 1929年 moves from B to C
        assert [(l["left"], l["right"]) for l in self.quiz.links] == [("A", "1921年"), ("C", "1929年")]
        assert question.ids.primary.disabled  # B is not linked yet
        assert self.item(question, "right", "1929年").colour == self.item(question, "left", "C").colour
        self.tap(self.item(question, "left", "B"))
        self.tap(self.item(question, "right", "1949年"))
        lines = [i for i in board.canvas.after.children if type(i).__name__ == "Line"]
        assert len(lines) == 3
        self.tap(question.ids.primary)
        assert self.quiz.phase == "revealed" and not self.quiz.reveal_correct
        assert "连对 2 / 3 对" in self.quiz.reveal_feedback
        assert [l["mark"] for l in self.quiz.links] == ["right", "wrong", "right"]
        assert self.item(question, "left", "B").mark == "wrong"
        self.tap(self.find(question, "BigButton", "‹ 结束答题"))
        self.screen("quiz_result")
        attempt, = self.facts(QuizAttempt)
        answers = self.facts(QuizAnswer)  # the number questions answered before it come first
        answer = answers[-1]
        assert answer.points == 2 and not answer.correct
        assert attempt.score == sum(a.points for a in answers)
        assert json.loads(answer.chosen) == ["A→1921年", "B→1949年", "C→1929年"]

    def test_matching_in_the_challenge_needs_every_pair(self) -> None:
        question = self.start_mode("挑战答题")
        self.until(question, "matching")
        for left, right in (("A", "1921年"), ("B", "1935年"), ("C", "1949年")):
            self.tap(self.item(question, "left", left))
            self.tap(self.item(question, "right", right))
        self.tap(question.ids.primary)
        assert not self.quiz.reveal_correct and question.ids.primary.text == "查看成绩 ›"

    # ----- the contest board ---------------------------------------------------------------------
    def test_contest_board_number_pad(self) -> None:
        self.vm.open_staff()
        contest = self.quiz.contest
        contest.open_setup()
        contest.set_team_count(2)
        contest.start()
        contest.primary()  # 第一轮 必答
        board = self.screen("contest_board")
        while contest.answer_kind != "number":
            contest.pick_left("A")
            contest.pick_right(self.quiz.contest.right_items[0]["key"])
            contest.skip()
        self.advance_frames(2)
        pad = board.pad
        assert pad.wide and pad.parent is board.question.ids.answer_box.__self__
        for key in "1921":
            self.tap(pad.keys[key])
        assert contest.typed == "1921" and contest.can_confirm
