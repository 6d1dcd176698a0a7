"""Hypothesis properties of the session engine."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.clock import FakeClock
from quiz.contest import ContestSession, ContestState, EventKind, default_rounds, team_scores
from quiz.model import Bank, QuestionType
from quiz.session import SessionState, SoloSession, challenge_session, daily_session, practice_session

from quiz_helpers import right_answer, sample_questions, wrong_answer

ACTIONS = st.lists(
    st.tuples(st.sampled_from(["right", "wrong", "touch", "confirm", "wait", "next", "tick", "pause", "resume",
                               "finish", "start"]),
              st.floats(min_value=0.0, max_value=45.0)),
    max_size=60,
)


def act(session: SoloSession, clock: FakeClock, action: str, seconds: float) -> None:
    q = session.current
    if action in ("right", "wrong", "touch"):
        if q is None or session.state is not SessionState.SHOWING or session.snapshot().paused:
            return
        keys = right_answer(q) if action == "right" else wrong_answer(q)
        if q.type is QuestionType.FILL:
            session.set_text(keys[0])
        else:
            for key in keys:
                session.select(key)
        if action != "touch":
            session.confirm()
    elif action == "wait":
        clock.advance(seconds)
    else:
        getattr(session, action)()


def build(kind: str, n: int, seed: int, clock: FakeClock) -> SoloSession:
    bank = Bank("prop-bank", sample_questions(n))
    rng = random.Random(seed)
    if kind == "practice":
        return practice_session(bank, rng=rng, clock=clock, time_limit=20.0)
    if kind == "challenge":
        return challenge_session(bank, rng=rng, clock=clock)
    return daily_session(bank, dt.date(2024, 7, 1), clock=clock, count=5, time_limit=15.0)


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(["practice", "challenge", "daily"]), n=st.integers(1, 12), seed=st.integers(0, 2**32),
       actions=ACTIONS)
def test_a_session_never_scores_more_than_its_questions(kind: str, n: int, seed: int,
                                                        actions: list[tuple[str, float]]) -> None:
    clock = FakeClock()
    session = build(kind, n, seed, clock)
    for action, seconds in actions:
        act(session, clock, action, seconds)
        view = session.snapshot()
        assert 0 <= view.score <= len(session.questions)
        assert view.correct_count <= view.answered <= len(session.questions)
        if view.seconds_left is not None and view.time_limit is not None:
            assert 0 <= view.seconds_left <= view.time_limit
    summary = session.summary()
    assert summary.score <= summary.max_score <= len(session.questions)
    assert summary.total == len(summary.records) and len(summary.missed) == summary.total - summary.correct
    assert len({r.question_id for r in summary.records}) == len(summary.records)  # no question scored twice


@settings(max_examples=300, deadline=None)
@given(n=st.integers(1, 15), seed=st.integers(0, 2**32), actions=ACTIONS)
def test_a_challenge_always_ends(n: int, seed: int, actions: list[tuple[str, float]]) -> None:
    clock = FakeClock()
    session = challenge_session(Bank("b", sample_questions(n)), rng=random.Random(seed), clock=clock)
    session.start()
    for action, seconds in actions:
        act(session, clock, action, seconds)
    # Whatever happened so far, a visitor who walks away ends it: time runs out on every question.
    for _ in range(n + 1):
        if session.state is SessionState.FINISHED:
            break
        session.resume()
        clock.advance(30.0)
        session.tick()
        session.next()
        session.start()
    assert session.state is SessionState.FINISHED
    records = session.records
    assert all(r.correct for r in records[:-1])  # it ended at the first miss, or ran out of questions
    assert len(records) <= n


@settings(max_examples=200, deadline=None)
@given(day=st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)), n=st.integers(1, 60), count=st.integers(1, 20),
       seed_a=st.integers(), seed_b=st.integers(), start_a=st.floats(0, 1e6), start_b=st.floats(0, 1e6))
def test_daily_set_is_the_same_for_two_visitors(day: dt.date, n: int, count: int, seed_a: int, seed_b: int,
                                                start_a: float, start_b: float) -> None:
    bank = Bank("hall-bank", sample_questions(n))
    random.seed(seed_a)
    visitor_a = daily_session(bank, day, clock=FakeClock(start_a), count=count)
    random.seed(seed_b)
    visitor_b = daily_session(Bank("hall-bank", tuple(reversed(bank.questions))), day, clock=FakeClock(start_b),
                              count=count)
    assert visitor_a.questions == visitor_b.questions
    assert len(visitor_a.questions) == min(n, count)


CONTEST_ACTIONS = st.lists(
    st.tuples(st.sampled_from(["start_round", "buzz", "pick", "right", "wrong", "wait", "next", "skip", "pause",
                               "resume", "correct", "tick"]),
              st.integers(0, 3), st.floats(0, 40)),
    max_size=80,
)


@settings(max_examples=200, deadline=None)
@given(teams=st.integers(2, 4), seed=st.integers(0, 2**32), actions=CONTEST_ACTIONS)
def test_contest_scores_always_equal_the_sum_of_events(teams: int, seed: int,
                                                       actions: list[tuple[str, int, float]]) -> None:
    names = ["红", "蓝", "黄", "绿"][:teams]
    clock = FakeClock()
    contest = ContestSession(names, default_rounds(), sample_questions(30), rng=random.Random(seed), clock=clock)
    by_id = {q.id: q for q in sample_questions(30)}
    for action, index, seconds in actions:
        team = names[index % teams]
        view = contest.snapshot()
        if action == "buzz":
            contest.buzz(team)
        elif action == "pick":
            if view.state == "picking":
                contest.pick((10, 20, 30)[index % 3])
        elif action in ("right", "wrong"):
            if view.question is None or view.state != "answering" or view.paused:
                continue
            q = by_id[view.question.id]
            keys = right_answer(q) if action == "right" else wrong_answer(q)
            if q.type is QuestionType.FILL:
                contest.set_text(keys[0])
            else:
                for key in keys:
                    contest.select(key)
            contest.confirm()
        elif action == "wait":
            clock.advance(seconds)
        elif action == "correct":
            contest.correct_score(team, index - 2 or 1, "更正")
        else:
            getattr(contest, action)()
        assert team_scores(contest.events) == contest.scores()
        assert [e.seq for e in contest.events] == list(range(1, len(contest.events) + 1))
    answered = [e for e in contest.events if e.kind in (EventKind.ANSWERED, EventKind.TIMED_OUT) and e.team]
    assert len(answered) == len(contest.records)
    assert contest.state in set(ContestState)
