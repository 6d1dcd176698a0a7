"""Solo state machines: practice, challenge and daily, driven by a FakeClock."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from quiz.clock import FakeClock
from quiz.model import Bank, Question, QuestionType
from quiz.session import (
    Mode,
    Rules,
    Scoring,
    SessionState,
    SoloSession,
    challenge_session,
    daily_questions,
    daily_session,
    practice_session,
)

from quiz_helpers import right_answer, sample_questions, wrong_answer


def cur(session: SoloSession) -> Question:
    q = session.current
    assert q is not None
    return q


def touch(session: SoloSession) -> None:
    """Choose something (right or wrong) without confirming."""
    q = cur(session)
    if q.type is QuestionType.FILL:
        session.set_text("随便")
    elif q.type is QuestionType.TRUEFALSE:
        session.select("true")
    else:
        session.select(q.letters[0])


def answer(session: SoloSession, keys: list[str]) -> None:
    q = session.current
    assert q is not None
    if q.type is QuestionType.FILL:
        assert session.set_text(keys[0] if keys else "")
    else:
        for key in keys:
            assert session.select(key)
    assert session.confirm()


# --- the state machine itself ---------------------------------------------------------------

def test_ready_showing_revealed_finished(bank: Bank, clock: FakeClock, rng: random.Random) -> None:
    s = practice_session(bank, rng=rng, clock=clock, limit=2)
    assert s.state is SessionState.READY and s.snapshot().question is None
    assert not s.confirm() and not s.next()
    assert s.start() and not s.start()
    view = s.snapshot()
    assert view.state == "showing" and view.position == 1 and view.total == 2 and view.reveal is None
    assert view.question is not None and not hasattr(view.question, "answer")
    answer(s, right_answer(cur(s)))
    assert s.state is SessionState.REVEALED and not s.select("A")
    s.next()
    answer(s, wrong_answer(cur(s)))
    view = s.snapshot()
    assert view.reveal is not None and not view.reveal.correct and view.ends_after_reveal
    assert s.next() and s.state is SessionState.FINISHED
    assert s.score == 1 and s.correct_count == 1


def test_answers_can_change_until_confirmed(clock: FakeClock) -> None:
    single = Question.create(QuestionType.SINGLE, "单", ("甲", "乙", "丙"), ("C",))
    multi = Question.create(QuestionType.MULTIPLE, "多", ("甲", "乙", "丙"), ("A", "C"))
    tf = Question.create(QuestionType.TRUEFALSE, "判", (), ("false",))
    fill = Question.create(QuestionType.FILL, "填", (), ("实事求是",))
    s = SoloSession([single, multi, tf, fill], Rules(Mode.PRACTICE), clock)
    s.start()
    s.select("A"); s.select("B")
    assert s.snapshot().selected == ("B",)  # single: a new choice replaces
    s.unselect("B"); s.select("c")  # lower case accepted
    assert s.snapshot().selected == ("C",)
    s.confirm(); s.next()
    s.select("A"); s.select("B"); s.toggle("B"); s.toggle("C")
    assert s.snapshot().selected == ("A", "C")
    s.confirm(); s.next()
    s.select("true"); s.select("false")
    assert s.snapshot().selected == ("false",)
    s.confirm(); s.next()
    s.set_text("实事"); s.set_text("实事求是")
    assert s.snapshot().text == "实事求是"
    s.confirm()
    assert [r.correct for r in s.records] == [True, True, True, True]
    assert [r.chosen for r in s.records] == [("C",), ("A", "C"), ("false",), ("实事求是",)]


def test_impossible_arguments_raise(clock: FakeClock) -> None:
    s = SoloSession([Question.create(QuestionType.SINGLE, "单", ("甲", "乙"), ("A",))], Rules(Mode.PRACTICE), clock)
    s.start()
    with pytest.raises(ValueError):
        s.select("C")
    with pytest.raises(ValueError):
        s.set_text("x")
    with pytest.raises(ValueError):
        SoloSession([], Rules(Mode.PRACTICE), clock)


def test_seconds_taken_and_snapshot_timer(clock: FakeClock) -> None:
    q = Question.create(QuestionType.TRUEFALSE, "判", (), ("true",))
    s = SoloSession([q], Rules(Mode.CHALLENGE, time_limit=30.0, end_on_miss=True), clock)
    s.start()
    clock.advance(12.5)
    assert s.snapshot().seconds_left == pytest.approx(17.5)
    s.select("true"); s.confirm()
    assert s.records[0].seconds == pytest.approx(12.5) and s.records[0].correct
    clock.advance(100)  # time after the reveal does not matter
    assert s.tick() is False and s.state is SessionState.REVEALED


def test_pause_freezes_the_timer(clock: FakeClock) -> None:
    q = Question.create(QuestionType.TRUEFALSE, "判", (), ("true",))
    s = SoloSession([q], Rules(Mode.DAILY, time_limit=10.0), clock)
    s.start(); clock.advance(4)
    assert s.pause() and not s.select("true")
    clock.advance(60)
    assert not s.tick() and s.snapshot().paused and s.snapshot().seconds_left == pytest.approx(6)
    assert s.resume(); clock.advance(1)
    s.select("true"); s.confirm()
    assert s.records[0].seconds == pytest.approx(5)


# --- practice -------------------------------------------------------------------------------

def test_practice_category_shuffle_and_reveal(bank: Bank, clock: FakeClock) -> None:
    s1 = practice_session(bank, rng=random.Random(1), clock=clock, category="党史")
    s2 = practice_session(bank, rng=random.Random(2), clock=clock, category="党史")
    s3 = practice_session(bank, rng=random.Random(1), clock=clock, category="党史")
    assert {q.category for q in s1.questions} == {"党史"} and len(s1.questions) == 4
    assert [q.id for q in s1.questions] == [q.id for q in s3.questions]  # the injected random decides
    assert sorted(q.id for q in s1.questions) == sorted(q.id for q in s2.questions)
    s1.start()
    q = s1.current
    assert q is not None
    answer(s1, wrong_answer(q))
    reveal = s1.snapshot().reveal
    assert reveal is not None and not reveal.correct and reveal.answer == q.answer
    assert reveal.explanation == q.explanation and reveal.source == q.source and reveal.answer_text == q.answer_text()
    with pytest.raises(ValueError):
        practice_session(bank, rng=random.Random(1), clock=clock, category="没有")


def test_practice_never_ends_by_failure_and_can_finish_anytime(bank: Bank, clock: FakeClock, rng: random.Random) -> None:
    s = practice_session(bank, rng=rng, clock=clock)
    s.start()
    for _ in range(3):
        answer(s, wrong_answer(cur(s)))
        assert not s.snapshot().ends_after_reveal
        s.next()
    assert s.state is SessionState.SHOWING
    assert s.finish() and s.state is SessionState.FINISHED and not s.finish()
    summary = s.summary()
    assert (summary.mode, summary.score, summary.correct, summary.total) == (Mode.PRACTICE, 0, 0, 3)
    assert len(summary.missed) == 3
    assert all(m.explanation == next(q for q in bank.questions if q.id == m.question_id).explanation
               for m in summary.missed)


# --- challenge ------------------------------------------------------------------------------

def test_challenge_ends_at_first_wrong_answer(bank: Bank, clock: FakeClock, rng: random.Random) -> None:
    s = challenge_session(bank, rng=rng, clock=clock)
    assert s.rules.time_limit == 30.0
    s.start()
    for _ in range(3):
        answer(s, right_answer(cur(s)))
        s.next()
    answer(s, wrong_answer(cur(s)))
    assert s.snapshot().ends_after_reveal
    s.next()
    assert s.state is SessionState.FINISHED
    summary = s.summary()
    assert (summary.score, summary.correct, summary.total, len(summary.missed)) == (3, 3, 4, 1)


def test_challenge_timeout_ends_it(bank: Bank, clock: FakeClock, rng: random.Random) -> None:
    s = challenge_session(bank, rng=rng, clock=clock, time_limit=30.0)
    s.start()
    answer(s, right_answer(cur(s)))
    s.next()
    touch(s)
    clock.advance(29.9)
    assert not s.tick() and s.state is SessionState.SHOWING
    clock.advance(0.1)
    assert s.tick() and s.state is SessionState.REVEALED
    record = s.records[-1]
    assert record.timed_out and not record.correct and record.seconds == 30.0
    reveal = s.snapshot().reveal
    assert reveal is not None and reveal.timed_out
    assert not s.confirm()  # too late
    s.next()
    assert s.state is SessionState.FINISHED and s.summary().score == 1


def test_a_late_tap_is_ignored_even_without_tick(clock: FakeClock) -> None:
    q = Question.create(QuestionType.TRUEFALSE, "判", (), ("true",))
    s = SoloSession([q, q], Rules(Mode.CHALLENGE, time_limit=5.0, end_on_miss=True), clock)
    s.start(); clock.advance(6)
    assert not s.select("true") and s.state is SessionState.REVEALED and s.records[0].timed_out


def test_challenge_all_right_runs_out_of_questions(clock: FakeClock, rng: random.Random) -> None:
    bank = Bank("b", sample_questions(5))
    s = challenge_session(bank, rng=rng, clock=clock)
    s.start()
    while s.state is not SessionState.FINISHED:
        answer(s, right_answer(cur(s)))
        s.next()
    assert s.summary().score == 5 and s.summary().missed == ()


def test_speed_bonus_only_when_turned_on(clock: FakeClock) -> None:
    q = Question.create(QuestionType.TRUEFALSE, "判", (), ("true",), points=3)
    plain = SoloSession([q], Rules(Mode.CHALLENGE, time_limit=10.0), clock)
    plain.start(); plain.select("true"); plain.confirm()
    assert plain.score == 1
    fast = SoloSession([q], Rules(Mode.CHALLENGE, time_limit=10.0, scoring=Scoring(use_points=True, speed_bonus=5)),
                       clock)
    fast.start(); clock.advance(2); fast.select("true"); fast.confirm()
    assert fast.score == 3 + 4  # 8 s of 10 left: floor(5 * 0.8)
    assert fast.summary().max_score == 8


# --- daily ----------------------------------------------------------------------------------

def test_daily_set_is_fixed_per_date_and_bank() -> None:
    bank = Bank("hall-bank", sample_questions(40))
    day = dt.date(2024, 7, 1)
    first = daily_questions(bank, day, 10)
    assert len(first) == 10 and len({q.id for q in first}) == 10
    assert daily_questions(bank, day, 10) == first
    reordered = Bank("hall-bank", tuple(reversed(bank.questions)))
    assert daily_questions(reordered, day, 10) == first  # row order of the file does not matter
    assert daily_questions(bank, day + dt.timedelta(days=1), 10) != first
    assert daily_questions(Bank("other-bank", bank.questions), day, 10) != first
    assert len(daily_questions(Bank("small", sample_questions(3)), day, 10)) == 3


def test_daily_session_ignores_any_random_state(clock: FakeClock) -> None:
    bank = Bank("hall-bank", sample_questions(40))
    random.seed(123)
    a = daily_session(bank, dt.date(2024, 7, 1), clock=clock, count=5)
    random.seed(456)
    b = daily_session(bank, dt.date(2024, 7, 1), clock=FakeClock(), count=5)
    assert a.questions == b.questions and a.rules.mode is Mode.DAILY
    a.start()
    while a.state is not SessionState.FINISHED:
        answer(a, right_answer(cur(a)))
        a.next()
    summary = a.summary()
    assert (summary.score, summary.total, summary.max_score) == (5, 5, 5)


def test_records_serialise(bank: Bank, clock: FakeClock, rng: random.Random) -> None:
    s = practice_session(bank, rng=rng, clock=clock, limit=1)
    s.start(); clock.advance(3)
    answer(s, right_answer(cur(s)))
    data = s.records[0].to_dict()
    assert data["correct"] is True and data["seconds"] == 3.0 and data["question_id"] == s.questions[0].id


@pytest.mark.parametrize("start", [0.1, 0.3, 1e6 + 0.7, 12345.678])
def test_deadline_is_exact_despite_float_sums(start: float) -> None:
    clock = FakeClock(start)
    q = Question.create(QuestionType.TRUEFALSE, "判", (), ("true",))
    s = SoloSession([q], Rules(Mode.CHALLENGE, time_limit=30.0, end_on_miss=True), clock)
    s.start()
    for _ in range(300):
        clock.advance(0.1)
    assert s.tick() and s.records[0].timed_out


def test_a_wall_clock_with_monotonic_can_drive_a_session() -> None:
    from quiz.clock import MonotonicAdapter

    class KioskLikeClock:
        """now() is wall time, monotonic() seconds: the shape of the kiosk's clock."""

        def __init__(self) -> None:
            self.mono = 500.0

        def now(self) -> dt.datetime:
            return dt.datetime(2024, 7, 1, tzinfo=dt.UTC)

        def monotonic(self) -> float:
            return self.mono

    kiosk_clock = KioskLikeClock()
    q = Question.create(QuestionType.TRUEFALSE, "判", (), ("true",))
    s = SoloSession([q], Rules(Mode.CHALLENGE, time_limit=10.0, end_on_miss=True), MonotonicAdapter(kiosk_clock))
    s.start()
    kiosk_clock.mono += 10
    assert s.tick() and s.records[0].timed_out
