"""Which group is in the hall, on the quiz result screen (issue 8), in the real window (Xvfb).

Two groups checked in: the result offers both names as big buttons and a skip; a tap records a
correction fact for the stored attempt (another tap changes it: the newest wins) and the leaderboard
then ranks the attempt under that organisation. One group in: nothing is asked, the attempt is its.
The group tapped on the result goes on to 留言评价 already chosen, until the visit ends.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from kiosk.clock import FakeClock, hall_date
from kiosk.config import load_config
from kiosk.passes.keys import init_keys
from kiosk.services import build_services
from kiosk.store.feedback_models import Feedback
from kiosk.store.quiz_models import QuizAttempt, QuizAttemptOrganisation
from tests.content_factory import make_content
from tests.ui.test_quiz_window import bank_csv
from tests.ui.window_test import KioskWindowTest as WindowTest
from tests.visits.helpers import book, make_service

pytestmark = pytest.mark.ui


class GroupsCheckedIn(WindowTest):
    """The app with ``groups`` checked in at 09:30 and a bank in the content folder (no tests here)."""

    window_size = (960, 540)
    groups: tuple[str, ...] = ()

    def setUp(self) -> None:
        super().setUp()
        self.tmp = Path(tempfile.mkdtemp(prefix="kiosk-ui-quiz-groups-"))
        (self.tmp / "data").mkdir()
        content = make_content(self.tmp / "content", zones=1, boards=1)
        (content / "quiz" / "banks").mkdir(parents=True)
        (content / "quiz" / "banks" / "测试题库.csv").write_text(bank_csv(), encoding="utf-8")
        self.config = load_config(self.tmp / "kiosk.toml").with_overrides(
            data_dir=str(self.tmp / "data"), content_dir=str(content), hall_id="test-hall", device_id="ui-test")
        self.clock = FakeClock(datetime(2026, 11, 21, 1, 30, tzinfo=UTC))  # 09:30 in the hall
        self.services = build_services(self.config, clock=self.clock)
        init_keys(self.config.keys_path)
        visits = make_service(self.services.db, self.clock, self.config.keys_path, hall="test-hall")
        for name in self.groups:
            _b, text = book(visits, org=name, kind="机关", day=hall_date(self.clock.now()), slot="09:00-11:00")
            assert visits.scan(text).accepted
        self.launch()

    def finish_one_question(self) -> Any:
        self.tap(self.screen("attract"))
        self.tap(self.find(self.screen("home"), "BigButton", "开始答题"))
        home = self.screen("quiz_home")
        self.tap(self.find(self.find(home, "ModeCard", title="挑战答题"), "BigButton", "开始"))
        question = self.screen("quiz_question")
        quiz = self.vm.quiz
        key = quiz.session.current.answer[0]
        self.tap(self.find(question, "OptionButton", key=key))
        self.tap(question.ids.primary)  # 确认答案
        self.tap(self.find(question, "BigButton", "‹ 结束答题"))
        return self.screen("quiz_result")

    def chip_names(self, result: Any) -> list[str]:
        return [c.text for c in result.ids.groups.children[::-1]]


class TwoGroupsWindowTest(GroupsCheckedIn):
    groups = ("甲党支部", "乙社区党委")

    def test_the_visitor_says_which_group_and_the_leaderboard_follows(self) -> None:
        result = self.finish_one_question()
        attempt, = self.facts(QuizAttempt)
        assert attempt.organisation_id is None  # two groups in: nobody is assumed
        assert self.chip_names(result) == ["甲党支部", "乙社区党委", "不选，跳过"]
        assert result.ids.group_row.height > 0 and "您是哪个单位的" in result.ids.group_note.text
        chip = self.find(result.ids.groups, "Chip", "乙社区党委")
        assert chip.height >= result.height * 0.1  # a big target: 110 of the 1080 design rows (over 1.5 cm)

        self.tap(chip)
        self.tap(self.find(result.ids.groups, "Chip", "甲党支部"))  # changed their mind: the newest wins
        choices = self.facts(QuizAttemptOrganisation)
        assert [c.attempt_id for c in choices] == [attempt.id, attempt.id]
        assert "成绩已记入“甲党支部”" in result.ids.group_note.text
        assert self.chip_names(result) == ["甲党支部", "乙社区党委"]  # chosen: no skip any more
        assert self.find(result.ids.groups, "Chip", "甲党支部").chosen
        board = self.services.quiz.leaderboard(period="today", mode="challenge")
        assert [r.name for r in board] == ["甲党支部"]
        assert self.facts(QuizAttempt)[0].organisation_id is None  # the attempt itself never changes

        self.tap(result.ids.leaders)
        leaders = self.screen("quiz_leaders")
        assert self.find_all(leaders, "LeaderLine")[0].row["name"] == "甲党支部"

    def test_the_group_chosen_on_the_result_goes_with_the_feedback_until_the_visit_ends(self) -> None:
        result = self.finish_one_question()
        self.tap(self.find(result.ids.groups, "Chip", "乙社区党委"))
        self.wait_until(lambda: self.find(result.ids.groups, "Chip", "乙社区党委").chosen)
        (choice,) = self.facts(QuizAttemptOrganisation)

        self.tap(result.ids.feedback)
        page = self.screen("feedback")
        chips = [(c.text, c.chosen) for c in page.ids.groups.children[::-1]]
        assert chips == [("乙社区党委", True)]  # not asked again: the result's choice, shown chosen
        assert "乙社区党委" in page.ids.group_row.children[-1].text
        face = next(w for w in page.walk() if type(w).__name__ == "Face" and w.rating == 5)
        self.tap(face)
        (feedback,) = self.facts(Feedback)
        assert feedback.organisation_id == choice.organisation_id

        self.vm.reset_visit()  # the idle reset: the next visitor is asked afresh
        self.vm.start_visit()
        self.tap(self.screen("home").ids.feedback)
        page = self.screen("feedback")
        self.wait_until(lambda: len(page.ids.groups.children) == 2)
        assert [(c.text, c.chosen) for c in page.ids.groups.children[::-1]] == [
            ("甲党支部", False), ("乙社区党委", False)]

    def test_skip_hides_the_question_and_records_nothing(self) -> None:
        result = self.finish_one_question()
        self.tap(self.find(result.ids.groups, "Chip", "不选，跳过"))
        assert self.chip_names(result) == [] and result.ids.group_row.height == 0
        assert self.facts(QuizAttemptOrganisation) == []
        self.vm.reset_visit()  # the next visitor's result starts without the old question
        assert self.vm.quiz.groups == [] and self.vm.quiz.groups_note == ""


class OneGroupWindowTest(GroupsCheckedIn):
    groups = ("丙学校党委",)

    def test_one_group_in_nothing_is_asked(self) -> None:
        result = self.finish_one_question()
        attempt, = self.facts(QuizAttempt)
        assert attempt.organisation_id is not None  # exactly one group in: the attempt is its, unasked
        assert self.chip_names(result) == [] and result.ids.group_row.height == 0
        assert [r.name for r in self.services.quiz.leaderboard(period="today", mode="challenge")] == ["丙学校党委"]
