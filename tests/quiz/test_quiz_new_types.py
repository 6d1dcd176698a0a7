"""数值 and 连线 in the engine: number pad, pairing, grading, partial credit per mode, reveal,
contest, statistics and the stored form."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from quiz.clock import FakeClock
from quiz.contest import ContestSession, RoundKind, RoundSpec
from quiz.grading import grade, is_correct
from quiz.model import Bank, Question, QuestionType
from quiz.session import SessionState, challenge_session, daily_session, practice_session
from quiz.session.numberpad import press
from quiz.session.selection import Selection
from quiz.stats import item_statistics

YEAR = Question.create(QuestionType.NUMERICAL, "党的一大于哪一年召开？", (), ("1921",), feedback={"*": "是 1921 年"})
PI = Question.create(QuestionType.NUMERICAL, "圆周率？", (), ("3.14±0.01",))
MATCH = Question.create(QuestionType.MATCHING, "会议和年份", ("中共一大", "遵义会议", "古田会议"),
                        ("1921年", "1935年", "1929年"), distractors=("1949年",))


def typed(keys: str) -> str:
    text = ""
    for key in keys.split():
        text = press(text, key)
    return text


@pytest.mark.parametrize("keys, text", [
    ("1 9 2 1", "1921"), ("0 0 7", "7"), (". 5", "0.5"), ("3 . 1 . 4", "3.14"), ("- 5", "-5"),
    ("5 -", "-5"), ("5 - -", "5"), ("1 2 del", "1"), ("del", ""), ("1 2 clear", ""), ("- .", "-0."),
])
def test_number_pad(keys: str, text: str) -> None:
    assert typed(keys) == text


def test_number_pad_refuses_unknown_keys_and_caps_length() -> None:
    with pytest.raises(ValueError):
        press("", "x")
    assert len(typed(" ".join("1" * 40))) == 16


@pytest.mark.parametrize("given, right", [("1921", True), ("1921.0", True), ("１９２１", True), ("1920", False),
                                          ("一九二一", False), ("", False), ("1921.", True)])
def test_numerical_grading(given: str, right: bool) -> None:
    assert is_correct(YEAR, [given] if given else []) is right


def test_numerical_tolerance() -> None:
    assert is_correct(PI, ["3.13"]) and is_correct(PI, ["3.15"]) and not is_correct(PI, ["3.151"])


def test_matching_selection_arm_link_relink_unlink() -> None:
    s = Selection(MATCH)
    s.pick_left("A")
    assert s.armed == "A"
    s.pick_right("1921年")
    assert s.armed is None and s.chosen == ("A→1921年",)
    s.pick_left("B")
    s.pick_right("1921年")  # a partner taken by another item moves to the new one
    assert s.chosen == ("B→1921年",)
    s.pick_left("B")
    s.pick_right("1935年")  # tap again to change a pair
    assert s.chosen == ("B→1935年",)
    s.pick_right("1935年")  # tapping a linked partner with nothing armed unlinks it
    assert s.chosen == ()
    s.pick_left("C")
    s.pick_left("C")  # tapping the armed item again disarms it
    assert s.armed is None
    with pytest.raises(ValueError):
        s.pick_right("不存在")
    with pytest.raises(ValueError):
        s.select("A")


def test_matching_graded_per_pair() -> None:
    assert grade(MATCH, ["A→1921年", "B→1949年", "C→1929年"]).right == 2
    assert grade(MATCH, []).parts == 3
    assert is_correct(MATCH, ["A→1921年", "B→1935年", "C→1929年"])


def _answer_matching(session, pairs: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    for left, right in pairs.items():
        session.pick_left(left)
        session.pick_right(right)
    session.confirm()


def test_practice_gives_a_point_per_right_pair() -> None:
    clock = FakeClock()
    session = practice_session(Bank("b", (MATCH,)), rng=random.Random(1), clock=clock)
    session.start()
    assert session.snapshot().question.targets and set(session.snapshot().question.targets) == set(MATCH.targets)
    _answer_matching(session, {"A": "1921年", "B": "1929年", "C": "1935年"})
    view = session.snapshot()
    assert view.reveal is not None and not view.reveal.correct
    assert (view.reveal.right_parts, view.reveal.parts, view.reveal.points) == (1, 3, 1)
    session.next()
    summary = session.summary()
    assert (summary.score, summary.max_score, summary.correct) == (1, 3, 0)


def test_challenge_needs_every_pair_and_ends_otherwise() -> None:
    session = challenge_session(Bank("b", (MATCH, YEAR)), rng=random.Random(3), clock=FakeClock())
    session.start()
    while session.current is not MATCH:
        session.set_text("1921")
        session.confirm()
        session.next()
    _answer_matching(session, {"A": "1921年", "B": "1935年", "C": "1949年"})
    assert session.snapshot().reveal.points == 0  # type: ignore[union-attr]
    session.next()
    assert session.state is SessionState.FINISHED


def test_numerical_in_a_daily_set_with_the_number_pad() -> None:
    session = daily_session(Bank("b", (YEAR,)), dt.date(2024, 7, 1), clock=FakeClock())
    session.start()
    for key in ("1", "9", "2", "2", "del", "1"):
        assert session.press_key(key)
    assert session.snapshot().text == "1921"
    session.confirm()
    assert session.snapshot().reveal.correct  # type: ignore[union-attr]


def test_wrong_numerical_shows_the_other_answer_feedback() -> None:
    session = daily_session(Bank("b", (YEAR,)), dt.date(2024, 7, 1), clock=FakeClock())
    session.start()
    session.set_text("1949")
    session.confirm()
    assert session.snapshot().reveal.feedback == "是 1921 年"  # type: ignore[union-attr]


def test_contest_plays_numerical_and_matching_all_or_nothing() -> None:
    contest = ContestSession(["红队", "蓝队"], [RoundSpec(RoundKind.REQUIRED, turns_per_team=1)], [YEAR, MATCH],
                             rng=random.Random(0), clock=FakeClock())
    contest.start_round()
    for _ in range(2):
        q = contest.snapshot().question
        assert q is not None
        if q.type is QuestionType.NUMERICAL:
            contest.set_text("1921")
        else:
            contest.pick_left("A")
            contest.pick_right("1921年")
        contest.confirm()
        contest.next()
    scores = contest.scores()
    assert sorted(scores.values()) == [0, 10]  # the half-done matching question earns nothing


def test_statistics_distribution_of_the_new_types() -> None:
    class A:
        def __init__(self, qid: str, chosen: tuple[str, ...], correct: bool) -> None:
            self.question_id, self.chosen, self.correct = qid, chosen, correct

    attempts = [[A(MATCH.id, ("A→1921年", "B→1935年", "C→1929年"), True), A(YEAR.id, ("1921",), True)],
                [A(MATCH.id, ("A→1921年", "B→1929年"), False), A(YEAR.id, ("1920",), False)],
                [A(MATCH.id, (), False), A(YEAR.id, ("1921",), True)]]
    stats = item_statistics(attempts)
    match = stats.item(MATCH.id)
    assert match.facility == pytest.approx(100 / 3) and match.blank == 1
    assert match.choices == {"A→1921年": 2, "B→1929年": 1, "B→1935年": 1, "C→1929年": 1}
    assert stats.item(YEAR.id).choices == {"1920": 1, "1921": 2}


def test_new_types_survive_the_stored_form() -> None:
    bank = Bank("b", (YEAR, PI, MATCH))
    again = Bank.from_json(bank.to_json())
    assert again == bank
    assert again.questions[2].distractors == ("1949年",) and again.questions[0].feedback_for("*") == "是 1921 年"


def test_the_right_column_is_never_shown_in_the_left_column_order() -> None:
    from quiz.session.views import shuffled_targets

    for i in range(30):
        q = Question.create(QuestionType.MATCHING, f"题 {i}", ("甲", "乙"), ("一", "二"))
        assert shuffled_targets(q) == ("二", "一")
        assert shuffled_targets(q) == shuffled_targets(q)
