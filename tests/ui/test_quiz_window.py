"""The quiz zone (智慧测试区) in the real window (Xvfb), driven by touches, on the real quiz service.

Each test starts the whole app on a temp data dir whose content folder carries a small bank (every
question type, answers known), so a test can tap the right or a wrong answer on purpose. Time is a
FakeClock (the challenge timeout without waiting); database work runs inline, so every assertion
sees what a tap stored.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image

from kiosk.clock import FakeClock
from kiosk.config import load_config
from kiosk.services import build_services
from kiosk.store.quiz_models import QuizAnswer, QuizAttempt, QuizContestEvent
from kiosk.store.visits_models import Checkin
from kiosk.demo.scenes import make_arrivals_demo
from tests.content_factory import make_content
from tests.ui.window_test import KioskWindowTest as WindowTest

pytestmark = pytest.mark.ui

HEADER = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "答案", "解析", "出处", "难度", "分类", "分值"]


def bank_csv() -> str:
    """20 touch-answerable questions (12 单选, 4 多选, 4 判断) and 2 填空 the touchscreen leaves out."""
    rows: list[list[str]] = []
    levels = ("易", "中", "难")
    for n in range(12):
        rows.append(["单选", f"单选题第{n + 1}题：正确的是（  ）。", f"甲{n}", f"乙{n}", f"丙{n}", f"丁{n}", "", "",
                     "ABCD"[n % 4], f"单选解析{n + 1}", f"出处文件第{n + 1}条", levels[n % 3],
                     "党章" if n < 6 else "党史", "1"])
    for n in range(4):
        rows.append(["多选", f"多选题第{n + 1}题：正确的有（  ）。", "子", "丑", "寅", "卯", "辰", "", "AC",
                     f"多选解析{n + 1}", "党章第二条", "中", "党章", "1"])
    for n in range(4):
        rows.append(["判断", f"判断题第{n + 1}题的说法。", "", "", "", "", "", "", "正确" if n % 2 else "错误",
                     f"判断解析{n + 1}", "", "易", "党史", "1"])
    for n in range(2):
        rows.append(["填空", f"填空题第{n + 1}题：____。", "", "", "", "", "", "", "实事求是", "填空解析", "", "中",
                     "党史", "1"])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue()


class QuizWindowTest(WindowTest):
    # The quiz screens are laid out for a kiosk panel: the 1920×1080 design at half scale.
    window_size = (960, 540)

    def setUp(self) -> None:
        super().setUp()
        self.tmp = Path(tempfile.mkdtemp(prefix="kiosk-quiz-ui-"))
        (self.tmp / "data").mkdir()  # a configured data dir must exist (issue 16)
        content = make_content(self.tmp / "content", zones=1, boards=1)
        banks = content / "quiz" / "banks"
        banks.mkdir(parents=True)
        (banks / "测试题库.csv").write_text(bank_csv(), encoding="utf-8")
        self.config = load_config(self.tmp / "kiosk.toml").with_overrides(
            data_dir=str(self.tmp / "data"), content_dir=str(content), hall_id="test-hall",
            device_id="ui-test", staff_corner_seconds=0.3,
        )
        self.clock = FakeClock()
        self.services = build_services(self.config, clock=self.clock)
        self.launch()
        self.quiz = self.vm.quiz

    # ----- helpers -------------------------------------------------------------------------
    def open_quiz_home(self) -> Any:
        self.tap(self.screen("attract"))
        home = self.screen("home")
        self.tap(self.find(home, "BigButton", "开始答题"))
        return self.screen("quiz_home")

    def start_mode(self, title: str) -> None:
        home = self.open_quiz_home()
        card = self.find(home, "ModeCard", title=title)
        self.tap(self.find(card, "BigButton", "开始"))

    def answer(self, question_screen: Any, right: bool) -> list[str]:
        """Tap the right answer (all keys of a 多选) or one wrong one, then 确认答案."""
        current = self.quiz.session.current
        keys = [row["key"] for row in self.quiz.options]
        chosen = [k for k in keys if k in current.answer] if right else [k for k in keys if k not in current.answer][:1]
        for key in chosen:
            self.tap(self.find(question_screen, "OptionButton", key=key))
        self.tap(question_screen.ids.primary)
        return chosen

    # ----- solo modes ----------------------------------------------------------------------
    def test_quiz_card_opens_the_quiz_home_with_modes_and_no_fill_in(self) -> None:
        home = self.open_quiz_home()
        assert self.quiz.bank_name == "测试题库"
        assert not self.find(home, "ModeCard", title="练习").disabled
        assert [c["title"] for c in self.quiz.categories] == ["全部题目", "党章", "党史"]
        assert self.quiz.categories[0]["count"] == 20  # the 2 填空 questions are not on the touchscreen
        self.tap(home.ids.practice)
        categories = self.screen("quiz_categories")
        assert len(self.find_all(categories, "CategoryCard")) == 3

    def test_practice_answer_can_change_until_confirmed_then_reveal_and_result_with_qr(self) -> None:
        self.start_mode("练习")
        categories = self.screen("quiz_categories")
        self.tap(self.find(categories, "CategoryCard", category={"name": "党章", "title": "党章", "count": 10}))
        question = self.screen("quiz_question")
        assert self.quiz.position_text == "第 1 / 10 题"
        assert question.ids.primary.disabled  # nothing chosen yet: 确认答案 waits

        outcomes = []
        for number in range(4):
            current = self.quiz.session.current
            assert current.category == "党章"
            if number == 0 and current.type.value == "single":
                wrong = next(row["key"] for row in self.quiz.options if row["key"] not in current.answer)
                self.tap(self.find(question, "OptionButton", key=wrong))
                assert self.quiz.selected == [wrong]
                assert self.find(question, "OptionButton", key=wrong).selected
            right = number % 3 != 2
            self.answer(question, right)  # a changed answer: only the last choice counts
            assert self.quiz.phase == "revealed"
            panel = question.ids.panel.children[0]
            assert type(panel).__name__ == "QuizRevealPanel"
            assert panel.ids.verdict.text == ("回答正确！" if right else "回答错误")
            assert "解析" in panel.ids.explanation.text
            if current.type.value == "single":
                assert panel.ids.source.text.startswith("出处文件")
            right_keys = [k for k, mark in self.quiz.marks.items() if mark == "right"]
            assert sorted(right_keys) == sorted(current.answer)
            outcomes.append(right)
            self.tap(question.ids.primary)  # 下一题
        self.tap(self.find(question, "BigButton", "‹ 结束答题"))  # the visitor stops after four

        result = self.screen("quiz_result")
        correct = sum(outcomes)
        assert result.ids.result_line.text == f"答对 {correct} 题，共答 4 题"
        missed = self.find_all(result, "MissedItem")
        assert len(missed) == 4 - correct and all("解析" in m.item["explanation"] for m in missed)

        attempt, = self.facts(QuizAttempt)
        assert (attempt.mode, attempt.bank, attempt.score, attempt.correct_count) == ("practice", "测试题库", correct, correct)
        assert attempt.device_id == "ui-test" and len(self.facts(QuizAnswer)) == 4
        # The QR on screen carries the signed card, and staff can verify it.
        assert result.ids.save_message.text == "用手机扫码保存成绩"
        texture = result.ids.qr.texture
        image = Image.frombytes("RGBA", texture.size, texture.pixels).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
        image = image.convert("L").resize((texture.width * 8,) * 2, Image.Resampling.NEAREST)
        decoded = zxingcpp.read_barcodes(image)
        assert [d.text for d in decoded] == [attempt.card_text]
        assert self.services.quiz.verify_card(attempt.card_text).valid

    def test_multiple_choice_toggles(self) -> None:
        self.start_mode("练习")
        self.tap(self.find(self.screen("quiz_categories"), "CategoryCard",  # all 4 多选 are in 党章's 10
                           category={"name": "党章", "title": "党章", "count": 10}))
        question = self.screen("quiz_question")
        while self.quiz.session.current.type.value != "multiple":  # skip ahead without the window
            self.quiz.choose(self.quiz.session.current.answer[0])
            self.quiz.confirm()
            self.quiz.next_question()
        self.advance_frames(1)
        self.tap(self.find(question, "OptionButton", key="A"))
        self.tap(self.find(question, "OptionButton", key="B"))
        self.tap(self.find(question, "OptionButton", key="C"))
        self.tap(self.find(question, "OptionButton", key="B"))  # a second tap takes B back
        assert self.quiz.selected == ["A", "C"]
        self.tap(question.ids.primary)
        assert self.quiz.reveal_correct

    def test_challenge_countdown_and_timeout_end_it_and_the_leaderboard_shows_it(self) -> None:
        self.start_mode("挑战答题")
        question = self.screen("quiz_question")
        assert self.quiz.timed and self.quiz.seconds_left == 30
        assert question.ask.ids.timer_box.children  # the countdown is on screen
        self.answer(question, right=True)
        self.tap(question.ids.primary)
        assert self.quiz.position_text == "第 2 题"
        self.clock.advance(12.2)
        self.vm.tick()
        assert self.quiz.seconds_left == 18
        self.clock.advance(18)
        self.vm.tick()
        assert self.quiz.phase == "revealed" and self.quiz.reveal_title == "时间到，本题未作答"
        assert question.ids.primary.text == "查看成绩 ›"
        self.tap(question.ids.primary)
        result = self.screen("quiz_result")
        assert result.ids.result_line.text == "答对 1 题，共答 2 题"
        attempt, = self.facts(QuizAttempt)
        assert (attempt.mode, attempt.score) == ("challenge", 1)
        assert [a.timed_out for a in self.facts(QuizAnswer)] == [False, True]

        self.tap(result.ids.leaders)
        leaders = self.screen("quiz_leaders")
        line, = self.find_all(leaders, "LeaderLine")
        assert line.row["rank"] == 1 and line.row["score"] == 1
        self.tap(leaders.ids.month)
        assert self.quiz.leader_period == "month" and len(self.find_all(leaders, "LeaderLine")) == 1

    def test_daily_set_is_the_same_for_the_next_visitor(self) -> None:
        self.start_mode("每日答题")
        self.screen("quiz_question")
        first = [q.id for q in self.quiz.session.questions]
        assert len(first) == 10 and all(q.type.value != "fill" for q in self.quiz.session.questions)
        self.vm.reset_visit()
        self.screen("attract")
        self.start_mode("每日答题")
        self.screen("quiz_question")
        assert [q.id for q in self.quiz.session.questions] == first

    def test_idle_reset_clears_the_attempt(self) -> None:
        self.start_mode("练习")
        self.tap(self.find(self.screen("quiz_categories"), "CategoryCard",
                           category={"name": "党史", "title": "党史", "count": 10}))
        question = self.screen("quiz_question")
        self.answer(question, right=False)
        self.tap(question.ids.primary)
        key = self.quiz.options[0]["key"]
        self.tap(self.find(question, "OptionButton", key=key))
        assert self.quiz.selected == [key]

        self.clock.advance(self.config.idle_timeout + 1)
        self.vm.tick()
        self.clock.advance(self.config.idle_warning)
        self.vm.tick()
        self.screen("attract")
        assert self.quiz.session is None and self.quiz.selected == [] and self.quiz.stem == ""
        assert question.ids.options.children == [] and question.ids.stem.text == ""
        assert self.facts(QuizAttempt) == []  # an abandoned attempt is not a result

        self.start_mode("练习")
        self.tap(self.find(self.screen("quiz_categories"), "CategoryCard",
                           category={"name": "党史", "title": "党史", "count": 10}))
        self.screen("quiz_question")
        assert self.quiz.position_text == "第 1 / 10 题" and self.quiz.selected == []
        assert self.quiz.score_text == "答对 0 / 0"

    def test_read_aloud_reads_the_question(self) -> None:
        self.start_mode("练习")
        self.tap(self.find(self.screen("quiz_categories"), "CategoryCard",
                           category={"name": "党章", "title": "党章", "count": 10}))
        question = self.screen("quiz_question")
        self.tap(question.ids.read_aloud)
        assert self.vm.narration.state == "speaking" and self.vm.narration.key.startswith("quiz:")
        assert question.ids.read_aloud.text == "停止朗读"
        assert self.player.played[-1].stat().st_size > 10_000  # real espeak-ng audio
        self.clock.advance(self.config.idle_timeout * 3)
        self.vm.tick()
        assert self.root.idle.parent is None  # reading aloud holds the idle reset
        self.tap(question.ids.read_aloud)
        assert self.vm.narration.state == "idle"

    # ----- the group contest -----------------------------------------------------------------
    def contest_answer(self, board: Any, right: bool) -> None:
        contest = self.quiz.contest
        question = contest.session._question  # the test knows the key; the board never shows it early
        keys = [row["key"] for row in contest.options]
        chosen = [k for k in keys if k in question.answer] if right else [k for k in keys if k not in question.answer][:1]
        for key in chosen:
            self.tap(self.find(board, "OptionButton", key=key))
        self.tap(board.ids.confirm)

    def test_contest_rounds_pause_skip_correction_and_record(self) -> None:
        self.vm.open_staff()
        staff = self.screen("staff")
        self.tap(staff.ids.contest)
        setup = self.screen("contest_setup")
        self.tap(setup.ids.count3)
        names = self.find_all(setup, "TeamNameRow")
        assert len(names) == 3
        self.tap(setup.ids.start)
        board = self.screen("contest_board")
        contest = self.quiz.contest
        cards = self.find_all(board, "TeamCard")
        assert [c.name for c in cards] == ["第一队", "第二队", "第三队"]

        self.tap(board.ids.primary)  # 开始第一轮: 必答, two turns per team
        assert contest.round_title == "知识竞赛 · 第一轮 必答题" and contest.team == "第一队"
        self.tap(board.ids.pause)
        assert contest.paused and contest.prompt == "比赛暂停" and board.ids.skip.disabled
        self.clock.advance(100)
        self.vm.tick()
        assert contest.state == "answering"  # the timer froze while paused
        self.tap(board.ids.pause)
        skipped = contest.question_id
        self.tap(board.ids.skip)
        assert contest.question_id != skipped and contest.team == "第一队"
        for turn in range(6):
            self.contest_answer(board, right=turn != 1)
            self.tap(board.ids.primary)
        assert [c.score for c in cards] == [20, 10, 20]
        assert contest.state == "round_over"

        self.tap(board.ids.primary)  # 第二轮: 抢答
        assert contest.state == "open"
        second = cards[1]
        self.tap(second.ids.buzz)
        assert contest.team == "第二队" and contest.state == "answering"
        self.contest_answer(board, right=True)
        assert second.score == 20

        self.tap(cards[2].ids.minus)  # the host corrects a score: a new fact, not an edit
        assert cards[2].score == 10
        stored = [e for e in self.facts(QuizContestEvent) if e.kind == "score_corrected"]
        assert len(stored) == 1 and stored[0].corrects_id is not None  # stored at once, pointing at what it corrects
        self.tap(board.ids.finish)
        assert contest.state == "finished" and "第一队、第二队并列第一" in contest.prompt

        events = self.facts(QuizContestEvent)
        kinds = [e.kind for e in events]
        assert kinds[0] == "contest_started" and kinds[-1] == "contest_finished"
        assert {"skipped", "paused", "resumed", "buzzed", "score_corrected"} <= set(kinds)
        correction = next(e for e in events if e.kind == "score_corrected")
        assert (correction.team, correction.points) == ("第三队", -10)
        assert len({e.contest_id for e in events}) == 1

        self.tap(board.ids.primary)  # 返回管理员界面
        self.screen("staff")
        assert len(self.facts(QuizContestEvent)) == len(events)  # stored once

    def test_contest_risk_round_stakes(self) -> None:
        self.vm.open_staff()
        self.tap(self.screen("staff").ids.contest)
        setup = self.screen("contest_setup")
        self.tap(setup.ids.count2)
        self.tap(setup.ids.start)
        board = self.screen("contest_board")
        contest = self.quiz.contest
        contest.primary()  # the first two rounds through the view model, quickly
        for _ in range(4):  # 必答: 2 teams × 2 turns, all right
            for key in contest.session._question.answer:
                contest.choose(key)
            contest.confirm()
            contest.primary()
        contest.primary()  # 抢答: nobody buzzes, time runs out five times
        for _ in range(5):
            self.clock.advance(16)
            self.vm.tick()
            assert contest.reveal_title == "时间到，无人抢答"
            contest.primary()
        self.advance_frames(1)
        self.tap(board.ids.primary)  # 风险
        assert contest.state == "picking" and contest.stakes == [10, 20, 30]
        self.tap(self.find(board, "BigButton", "30 分"))
        assert contest.type_label.endswith("30 分")
        self.contest_answer(board, right=False)
        cards = self.find_all(board, "TeamCard")
        assert cards[0].score == 20 - 30

    def test_a_pass_scanned_during_a_contest_is_ignored_and_the_idle_reset_follows_the_screen(self) -> None:
        """The bug: a scan on the contest screens jumped to the check-in result, and the orphaned
        contest then held off the idle reset for good (still not reset after 10 idle minutes)."""
        demo = make_arrivals_demo(self.services)
        self.vm.open_staff()
        self.tap(self.screen("staff").ids.contest)
        setup = self.screen("contest_setup")
        self.clock.advance(4)
        self.type_like_a_scanner(demo.passes["accepted"])
        self.advance_frames(3)
        assert self.vm.screen == "contest_setup"
        self.tap(setup.ids.start)
        board = self.screen("contest_board")
        self.tap(board.ids.primary)  # 开始第一轮
        self.clock.advance(4)
        self.type_like_a_scanner(demo.passes["accepted"])
        self.advance_frames(3)
        assert self.vm.screen == "contest_board" and self.facts(Checkin) == []
        assert self.vm.checkin.outcome == ""

        # Teams think as long as they need: no idle reset on the contest board.
        self.clock.advance(10 * 60)
        self.vm.tick()
        assert self.vm.screen == "contest_board" and not self.vm.idle_warning

        # Once the contest board is left for a visitor's screen, the idle reset runs as it does
        # there; the contest is finished and stored by the reset, never left holding the kiosk.
        self.vm.checkin.open_checkin()
        self.screen("checkin")
        self.clock.advance(self.config.idle_timeout + 1)
        self.vm.tick()
        assert self.vm.idle_warning
        self.clock.advance(self.config.idle_warning)
        self.vm.tick()
        self.screen("attract")
        assert not self.quiz.contest.active and self.quiz.contest.session is None
        kinds = [e.kind for e in self.facts(QuizContestEvent)]
        assert kinds[0] == "contest_started" and kinds[-1] == "contest_finished"
