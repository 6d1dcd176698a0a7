"""知识竞赛: rounds 必答/抢答/风险, host controls, events and scores derived from them."""

from __future__ import annotations

import random

import pytest

from quiz.clock import FakeClock
from quiz.contest import (
    ContestEvent,
    ContestSession,
    ContestState,
    EventKind,
    RoundKind,
    RoundSpec,
    default_rounds,
    team_scores,
)
from quiz.model import Question, QuestionType

from quiz_helpers import sample_questions

TEAMS = ["红队", "蓝队", "黄队"]


def tf(i: int, answer: str = "true", difficulty: str = "") -> Question:
    return Question.create(QuestionType.TRUEFALSE, f"判断 {i}", (), (answer,), difficulty=difficulty)


def make(rounds: list[RoundSpec], questions: list[Question] | None = None, teams: list[str] = TEAMS,
         clock: FakeClock | None = None) -> tuple[ContestSession, FakeClock]:
    clock = clock or FakeClock()
    contest = ContestSession(teams, rounds, questions or [tf(i) for i in range(30)], rng=random.Random(7),
                             clock=clock)
    return contest, clock


def kinds(contest: ContestSession) -> list[EventKind]:
    return [e.kind for e in contest.events]


def test_team_count_and_names_are_checked() -> None:
    for teams in (["一队"], ["1", "2", "3", "4", "5"], ["甲", "甲"], ["甲", " "]):
        with pytest.raises(ValueError):
            make([RoundSpec(RoundKind.REQUIRED)], teams=teams)
    make([RoundSpec(RoundKind.REQUIRED)], teams=["甲", "乙"])
    make([RoundSpec(RoundKind.REQUIRED)], teams=["甲", "乙", "丙", "丁"])


def test_required_round_each_team_in_turn() -> None:
    contest, clock = make([RoundSpec(RoundKind.REQUIRED, turns_per_team=1, points=10)])
    assert contest.state is ContestState.READY
    assert contest.start_round()
    seen = []
    for i in range(3):
        view = contest.snapshot()
        assert view.state == "answering" and view.round_title == "必答题" and view.turn == i + 1 and view.turns == 3
        seen.append(view.team)
        contest.select("true" if i != 1 else "false")
        clock.advance(5)
        assert contest.confirm()
        reveal = contest.snapshot().reveal
        assert reveal is not None and reveal.correct is (i != 1)
        contest.next()
    assert seen == TEAMS
    assert contest.state is ContestState.FINISHED
    assert contest.scores() == {"红队": 10, "蓝队": 0, "黄队": 10}
    assert [r.team for r in contest.records] == TEAMS and contest.records[0].seconds == 5.0


def test_required_timeout_and_penalty() -> None:
    contest, clock = make([RoundSpec(RoundKind.REQUIRED, turns_per_team=1, answer_seconds=20, wrong_penalty=5)])
    contest.start_round()
    clock.advance(20)
    assert contest.tick() and contest.state is ContestState.REVEALED
    event = contest.events[-1]
    assert (event.kind, event.team, event.points, event.seconds) == (EventKind.TIMED_OUT, "红队", -5, 20.0)
    assert contest.scores()["红队"] == -5


def test_buzzer_first_team_wins_and_wrong_costs_nothing_by_default() -> None:
    contest, clock = make([RoundSpec(RoundKind.BUZZER, questions=2, points=20)])
    contest.start_round()
    view = contest.snapshot()
    assert view.state == "open" and view.team is None and view.question is not None
    assert not contest.select("true")  # nobody has buzzed
    clock.advance(3)
    assert contest.buzz("蓝队")
    assert not contest.buzz("红队")  # too late
    assert contest.snapshot().team == "蓝队" and contest.snapshot().seconds_left == 30.0
    contest.select("false"); contest.confirm()
    assert contest.scores() == {"红队": 0, "蓝队": 0, "黄队": 0}
    contest.next()
    contest.buzz("黄队"); contest.select("true"); contest.confirm()
    assert contest.scores()["黄队"] == 20
    contest.next()
    assert contest.state is ContestState.FINISHED
    with pytest.raises(ValueError):
        contest.buzz("绿队")


def test_buzzer_configured_penalty_and_rebound() -> None:
    contest, clock = make([RoundSpec(RoundKind.BUZZER, questions=1, wrong_penalty=5, rebound=True)])
    contest.start_round()
    contest.buzz("红队"); contest.select("false"); contest.confirm()
    view = contest.snapshot()
    assert view.state == "open" and view.locked_out == ("红队",)  # others may try the same question
    assert not contest.buzz("红队")
    assert contest.buzz("蓝队")
    contest.select("true"); contest.confirm()
    assert contest.state is ContestState.REVEALED
    assert contest.scores() == {"红队": -5, "蓝队": 10, "黄队": 0}


def test_buzzer_nobody_buzzes() -> None:
    contest, clock = make([RoundSpec(RoundKind.BUZZER, questions=1, buzz_seconds=10)])
    contest.start_round()
    clock.advance(10)
    assert contest.state is ContestState.REVEALED
    assert contest.events[-1].kind is EventKind.TIMED_OUT and contest.events[-1].team is None
    reveal = contest.snapshot().reveal
    assert reveal is not None and reveal.timed_out
    assert contest.records == ()


def test_risk_round_stakes_and_difficulty() -> None:
    questions = [tf(1, difficulty="易"), tf(2, difficulty="中"), tf(3, difficulty="难"), tf(4, "false", "难")]
    contest, clock = make([RoundSpec(RoundKind.RISK, turns_per_team=1)], questions, teams=["甲", "乙"])
    contest.start_round()
    view = contest.snapshot()
    assert view.state == "picking" and view.team == "甲" and view.stakes == (10, 20, 30) and view.question is None
    with pytest.raises(ValueError):
        contest.pick(25)
    assert not contest.select("true")
    contest.pick(30)
    q = contest.snapshot().question
    assert q is not None and next(x for x in questions if x.id == q.id).difficulty == "难"
    correct = next(x for x in questions if x.id == q.id).answer[0]
    contest.select(correct); contest.confirm()
    contest.next()
    assert contest.snapshot().team == "乙"
    contest.pick(20)
    clock.advance(30)  # timeout loses the stake
    contest.tick()
    contest.next()
    assert contest.scores() == {"甲": 30, "乙": -20}
    assert contest.state is ContestState.FINISHED


def test_pause_freezes_timers_and_blocks_actions() -> None:
    contest, clock = make([RoundSpec(RoundKind.REQUIRED, turns_per_team=1, answer_seconds=30)])
    contest.start_round()
    clock.advance(10)
    assert contest.pause() and not contest.pause()
    clock.advance(300)
    assert not contest.tick() and contest.state is ContestState.ANSWERING
    assert not contest.select("true") and not contest.confirm() and not contest.skip() and not contest.next()
    view = contest.snapshot()
    assert view.paused and view.seconds_left == 20.0
    assert contest.resume() and not contest.resume()
    clock.advance(19)
    assert contest.state is ContestState.ANSWERING
    contest.select("true"); contest.confirm()
    assert contest.records[0].seconds == 29.0
    assert kinds(contest).count(EventKind.PAUSED) == 1 and kinds(contest).count(EventKind.RESUMED) == 1


def test_skip_gives_the_same_turn_a_new_question() -> None:
    contest, clock = make([RoundSpec(RoundKind.REQUIRED, turns_per_team=1)])
    contest.start_round()
    first = contest.snapshot().question
    assert contest.skip()
    view = contest.snapshot()
    assert view.question is not None and first is not None and view.question.id != first.id
    assert view.team == "红队" and view.turn == 1
    skipped = [e for e in contest.events if e.kind is EventKind.SKIPPED]
    assert len(skipped) == 1 and skipped[0].question_id == first.id
    assert contest.records == ()


def test_deck_running_out_ends_the_round() -> None:
    contest, clock = make([RoundSpec(RoundKind.REQUIRED, turns_per_team=5), RoundSpec(RoundKind.BUZZER)],
                          [tf(1), tf(2)], teams=["甲", "乙"])
    contest.start_round()
    contest.select("true"); contest.confirm(); contest.next()
    contest.skip()
    assert contest.state is ContestState.ROUND_OVER
    assert contest.start_round()
    assert contest.state is ContestState.FINISHED  # nothing left for the 抢答 round


def test_score_correction_is_a_new_event_and_history_is_kept() -> None:
    contest, clock = make([RoundSpec(RoundKind.REQUIRED, turns_per_team=1)])
    contest.start_round()
    contest.select("true"); contest.confirm()
    before = contest.events
    event = contest.correct_score("红队", -10, "裁判更正：答题超时")
    assert contest.events[: len(before)] == before  # nothing rewritten
    assert event.kind is EventKind.SCORE_CORRECTED and event.points == -10 and event.note == "裁判更正：答题超时"
    assert contest.scores()["红队"] == 0
    contest.correct_score("蓝队", 5)
    assert contest.scores() == {"红队": 0, "蓝队": 5, "黄队": 0}
    with pytest.raises(ValueError):
        contest.correct_score("绿队", 5)
    with pytest.raises(ValueError):
        contest.correct_score("红队", 0)
    contest.pause()
    contest.correct_score("黄队", 1)  # allowed while paused
    assert contest.snapshot().teams[2].score == 1


def test_scores_are_derived_from_stored_events() -> None:
    contest, clock = make(list(default_rounds()), sample_questions(40))
    contest.start_round()
    while contest.state is not ContestState.FINISHED:
        state = contest.state
        if state is ContestState.ROUND_OVER:
            contest.start_round()
        elif state is ContestState.PICKING:
            contest.pick(20)
        elif state is ContestState.OPEN:
            contest.buzz(TEAMS[len(contest.events) % 3])
        elif state is ContestState.ANSWERING:
            clock.advance(31)
            contest.tick()
        elif state is ContestState.REVEALED:
            contest.next()
    contest.correct_score("黄队", 7, "加分")
    stored = [e.to_dict() for e in contest.events]
    restored = [ContestEvent.from_dict(d) for d in stored]
    assert restored == list(contest.events)
    assert team_scores(restored) == contest.scores()
    assert [e.seq for e in restored] == list(range(1, len(restored) + 1))
    assert restored[0].kind is EventKind.CONTEST_STARTED and restored[0].teams == tuple(TEAMS)
    assert kinds(contest).count(EventKind.ROUND_STARTED) == 3
    assert EventKind.CONTEST_FINISHED in kinds(contest)


def test_host_can_finish_any_time() -> None:
    contest, clock = make(list(default_rounds()))
    contest.start_round()
    assert contest.finish() and contest.state is ContestState.FINISHED and not contest.finish()
    assert not contest.start_round()


def test_team_names_are_capped_to_fit_the_contest_record() -> None:
    with pytest.raises(ValueError, match="队名最多 20 个字"):
        make([RoundSpec(RoundKind.REQUIRED)], teams=["甲" * 21, "乙"])
    contest, _clock = make([RoundSpec(RoundKind.REQUIRED)], teams=[" " + "甲" * 20 + " ", "乙"])
    assert contest.teams == ("甲" * 20, "乙")
