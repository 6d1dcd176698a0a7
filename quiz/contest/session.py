"""The 知识竞赛 state machine: 2–4 teams on one screen, run by a host.

    READY --start_round--> (per turn)  必答: ANSWERING
                                       抢答: OPEN --buzz--> ANSWERING
                                       风险: PICKING --pick--> ANSWERING
    ANSWERING --confirm / timeout--> REVEALED --next--> next turn ... --> ROUND_OVER
    ROUND_OVER --start_round--> next round ...; after the last round: FINISHED

The host can ``pause``/``resume`` at any time (timers freeze; answering actions are ignored
while paused), ``skip`` the question on screen (the same turn gets a replacement question),
``correct_score`` (recorded as a new event, never by editing history) and ``finish``.
Every step appends a ``ContestEvent``; scores are derived from the events.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from quiz.clock import Clock
from quiz.contest.deck import QuestionDeck, stake_level
from quiz.contest.events import ContestEvent, EventKind, team_scores
from quiz.contest.rounds import RoundKind, RoundSpec
from quiz.grading import grade
from quiz.model import Question
from quiz.session.records import AnswerRecord
from quiz.session.editing import AnswerEditing
from quiz.session.selection import Selection
from quiz.session.views import QuestionView, RevealView
from quiz.timer import Countdown

MIN_TEAMS, MAX_TEAMS = 2, 4
MAX_TEAM_NAME = 20
"""Characters in a team name: fits the big screen's team card and the stored event's team column."""


class ContestState(StrEnum):
    READY = "ready"
    PICKING = "picking"
    OPEN = "open"
    ANSWERING = "answering"
    REVEALED = "revealed"
    ROUND_OVER = "round_over"
    FINISHED = "finished"


@dataclass(frozen=True, slots=True)
class TeamScore:
    name: str
    score: int


@dataclass(frozen=True, slots=True)
class ContestView:
    """What the contest screen shows. ``team`` is whose turn it is or who buzzed."""

    state: str
    paused: bool
    round_number: int
    round_count: int
    round_kind: RoundKind | None
    round_title: str
    turn: int
    turns: int
    team: str | None
    locked_out: tuple[str, ...]
    stake: int | None
    stakes: tuple[int, ...]
    question: QuestionView | None
    selected: tuple[str, ...]
    text: str
    seconds_left: float | None
    teams: tuple[TeamScore, ...]
    reveal: RevealView | None
    event_count: int
    armed: str | None = None
    """Matching: the left item tapped and waiting for its partner."""


class ContestSession(AnswerEditing):
    def __init__(
        self,
        teams: Sequence[str],
        rounds: Sequence[RoundSpec],
        questions: Sequence[Question],
        *,
        rng: random.Random,
        clock: Clock,
    ) -> None:
        names = tuple(t.strip() for t in teams)
        if not MIN_TEAMS <= len(names) <= MAX_TEAMS:
            raise ValueError(f"知识竞赛需要 {MIN_TEAMS}–{MAX_TEAMS} 个队")
        if len(set(names)) != len(names) or not all(names):
            raise ValueError("队名不能为空，也不能重复")
        if any(len(n) > MAX_TEAM_NAME for n in names):
            raise ValueError(f"队名最多 {MAX_TEAM_NAME} 个字，请改短一些")
        if not rounds:
            raise ValueError("至少要有一轮")
        if not questions:
            raise ValueError("没有可用的题目")
        self.teams = names
        self.rounds = tuple(rounds)
        self._clock = clock
        self._deck = QuestionDeck(questions, rng)
        self._events: list[ContestEvent] = []
        self._records: list[AnswerRecord] = []
        self._state = ContestState.READY
        self._paused = False
        self._round = -1
        self._turn = 0
        self._team: str | None = None
        self._locked: list[str] = []
        self._stake: int | None = None
        self._question: Question | None = None
        self._selection: Selection | None = None
        self._timer: Countdown | None = None
        self._reveal: RevealView | None = None
        self._emit(EventKind.CONTEST_STARTED, teams=names)

    # -- reading ---------------------------------------------------------------------------

    @property
    def state(self) -> ContestState:
        self._expire_if_due()
        return self._state

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def events(self) -> tuple[ContestEvent, ...]:
        return tuple(self._events)

    @property
    def records(self) -> tuple[AnswerRecord, ...]:
        return tuple(self._records)

    def scores(self) -> dict[str, int]:
        return team_scores(self._events, self.teams)

    @property
    def spec(self) -> RoundSpec | None:
        return self.rounds[self._round] if 0 <= self._round < len(self.rounds) else None

    def snapshot(self) -> ContestView:
        self._expire_if_due()
        spec = self.spec
        shown = self._state in (ContestState.OPEN, ContestState.ANSWERING, ContestState.REVEALED)
        q = self._question if shown else None
        sel = self._selection if self._state is ContestState.ANSWERING else None
        scores = self.scores()
        return ContestView(
            state=self._state.value,
            paused=self._paused,
            round_number=self._round + 1,
            round_count=len(self.rounds),
            round_kind=spec.kind if spec else None,
            round_title=spec.kind.label if spec else "",
            turn=self._turn + 1 if spec else 0,
            turns=spec.turns(len(self.teams)) if spec else 0,
            team=self._team,
            locked_out=tuple(self._locked),
            stake=self._stake,
            stakes=spec.stakes if spec and spec.kind is RoundKind.RISK else (),
            question=QuestionView.of(q) if q is not None else None,
            selected=sel.keys if sel else (),
            text=sel.text if sel else "",
            armed=sel.armed if sel else None,
            seconds_left=self._timer.remaining() if self._timer is not None and shown
            and self._state is not ContestState.REVEALED else None,
            teams=tuple(TeamScore(t, scores[t]) for t in self.teams),
            reveal=self._reveal if self._state is ContestState.REVEALED else None,
            event_count=len(self._events),
        )

    # -- host actions ----------------------------------------------------------------------

    def start_round(self) -> bool:
        if self._paused or self._state not in (ContestState.READY, ContestState.ROUND_OVER):
            return False
        self._round += 1
        self._turn = 0
        spec = self.rounds[self._round]
        self._emit(EventKind.ROUND_STARTED, note=spec.kind.value)
        self._begin_turn()
        return True

    def next(self) -> bool:
        self._expire_if_due()
        if self._paused or self._state is not ContestState.REVEALED:
            return False
        spec = self.rounds[self._round]
        self._turn += 1
        if self._turn < spec.turns(len(self.teams)):
            self._begin_turn()
        else:
            self._end_round()
        return True

    def skip(self) -> bool:
        """Drop the question on screen; the same turn gets another one."""
        self._expire_if_due()
        if self._paused or self._state not in (ContestState.OPEN, ContestState.ANSWERING):
            return False
        assert self._question is not None
        self._emit(EventKind.SKIPPED, team=self._turn_team(), question_id=self._question.id, stake=self._stake)
        spec = self.rounds[self._round]
        level = stake_level(self._stake, spec.stakes) if self._stake is not None else None
        self._show(self._deck.draw(level))
        return True

    def pause(self) -> bool:
        if self._paused or self._state is ContestState.FINISHED:
            return False
        self._expire_if_due()
        self._paused = True
        if self._timer is not None:
            self._timer.pause()
        self._emit(EventKind.PAUSED)
        return True

    def resume(self) -> bool:
        if not self._paused:
            return False
        self._paused = False
        if self._timer is not None:
            self._timer.resume()
        self._emit(EventKind.RESUMED)
        return True

    def correct_score(self, team: str, delta: int, reason: str = "") -> ContestEvent:
        """Add ``delta`` points to ``team`` as a new SCORE_CORRECTED event (history is kept)."""
        if team not in self.teams:
            raise ValueError(f"没有这个队：{team}")
        if delta == 0:
            raise ValueError("更正的分数不能为 0")
        return self._emit(EventKind.SCORE_CORRECTED, team=team, points=delta, note=reason)

    def finish(self) -> bool:
        if self._state is ContestState.FINISHED:
            return False
        self._finish()
        return True

    def tick(self) -> bool:
        return self._expire_if_due()

    # -- team actions (entered by the host or the teams' buzzers) --------------------------

    def buzz(self, team: str) -> bool:
        """First buzz wins; later buzzes (or buzzes out of turn) are ignored."""
        if team not in self.teams:
            raise ValueError(f"没有这个队：{team}")
        self._expire_if_due()
        if self._paused or self._state is not ContestState.OPEN or team in self._locked:
            return False
        spec = self.rounds[self._round]
        self._team = team
        self._emit(EventKind.BUZZED, team=team, question_id=self._question.id if self._question else None)
        self._start_answering(spec.answer_seconds)
        return True

    def pick(self, stake: int) -> bool:
        """风险: the team whose turn it is picks a stake."""
        spec = self.spec
        if spec is None or stake not in spec.stakes:
            raise ValueError(f"可选的分值是 {spec.stakes if spec else ()}")
        if self._paused or self._state is not ContestState.PICKING:
            return False
        self._stake = stake
        self._emit(EventKind.STAKE_PICKED, team=self._team, stake=stake)
        self._show(self._deck.draw(stake_level(stake, spec.stakes)))
        return True

    def confirm(self) -> bool:
        if not self._answering():
            return False
        assert self._selection is not None and self._timer is not None and self._question is not None
        chosen = self._selection.chosen
        self._settle(chosen, grade(self._question, chosen).correct, self._timer.elapsed(), timed_out=False)
        return True

    # -- internals -------------------------------------------------------------------------

    def _emit(
        self,
        kind: EventKind,
        *,
        team: str | None = None,
        question_id: str | None = None,
        chosen: tuple[str, ...] = (),
        correct: bool | None = None,
        points: int = 0,
        stake: int | None = None,
        seconds: float | None = None,
        note: str = "",
        teams: tuple[str, ...] = (),
    ) -> ContestEvent:
        event = ContestEvent(
            seq=len(self._events) + 1, at=self._clock.now(), kind=kind,
            round=self._round + 1 if self._round >= 0 else None, team=team, question_id=question_id,
            chosen=chosen, correct=correct, points=points, stake=stake, seconds=seconds, note=note, teams=teams,
        )
        self._events.append(event)
        return event

    def _turn_team(self) -> str | None:
        spec = self.spec
        if spec is None or spec.kind is RoundKind.BUZZER:
            return self._team
        return self.teams[self._turn % len(self.teams)]

    def _begin_turn(self) -> None:
        spec = self.rounds[self._round]
        self._stake = None
        self._locked = []
        self._reveal = None
        self._question = None
        self._timer = None
        self._team = None if spec.kind is RoundKind.BUZZER else self._turn_team()
        if spec.kind is RoundKind.RISK:
            if len(self._deck) == 0:
                self._end_round()
                return
            self._state = ContestState.PICKING
            return
        self._show(self._deck.draw())

    def _show(self, question: Question | None) -> None:
        if question is None:
            self._end_round()
            return
        spec = self.rounds[self._round]
        self._question = question
        self._locked = []
        self._reveal = None
        if spec.kind is RoundKind.BUZZER:
            self._team = None
        self._emit(EventKind.QUESTION_SHOWN, team=self._team, question_id=question.id, stake=self._stake)
        if spec.kind is RoundKind.BUZZER:
            self._selection = None
            self._timer = Countdown(self._clock, spec.buzz_seconds)
            self._state = ContestState.OPEN
        else:
            self._start_answering(spec.answer_seconds)

    def _start_answering(self, seconds: float) -> None:
        assert self._question is not None
        self._selection = Selection(self._question)
        self._timer = Countdown(self._clock, seconds)
        self._state = ContestState.ANSWERING

    def _answering(self) -> bool:
        self._expire_if_due()
        return not self._paused and self._state is ContestState.ANSWERING

    def _edit(self, change: Callable[[Selection], None]) -> bool:
        if not self._answering():
            return False
        assert self._selection is not None
        change(self._selection)
        return True

    def _points(self, correct: bool) -> int:
        spec = self.rounds[self._round]
        if spec.kind is RoundKind.RISK:
            assert self._stake is not None
            return self._stake if correct else -self._stake
        return spec.points if correct else -spec.wrong_penalty

    def _settle(self, chosen: tuple[str, ...], correct: bool, seconds: float, *, timed_out: bool) -> None:
        q, team = self._question, self._team
        assert q is not None and team is not None
        points = self._points(correct)
        seconds = round(seconds, 3)
        self._records.append(AnswerRecord(q.id, chosen, correct, seconds, timed_out, points, team))
        kind = EventKind.TIMED_OUT if timed_out else EventKind.ANSWERED
        self._emit(kind, team=team, question_id=q.id, chosen=chosen, correct=correct, points=points,
                   stake=self._stake, seconds=seconds)
        spec = self.rounds[self._round]
        if spec.kind is RoundKind.BUZZER and not correct and spec.rebound:
            self._locked.append(team)
            if len(self._locked) < len(self.teams):
                self._team = None
                self._selection = None
                self._timer = Countdown(self._clock, spec.buzz_seconds)
                self._state = ContestState.OPEN
                return
        self._reveal = RevealView.of(q, chosen, correct, timed_out, points, grade(q, chosen) if not timed_out else None)
        self._state = ContestState.REVEALED

    def _expire_if_due(self) -> bool:
        if self._paused or self._timer is None or not self._timer.expired():
            return False
        if self._state is ContestState.ANSWERING:
            assert self._selection is not None and self._timer.limit is not None
            self._settle(self._selection.chosen, False, self._timer.limit, timed_out=True)
            return True
        if self._state is ContestState.OPEN:
            q = self._question
            assert q is not None
            self._emit(EventKind.TIMED_OUT, question_id=q.id, note="无人抢答")
            self._reveal = RevealView.of(q, (), False, True, 0)
            self._state = ContestState.REVEALED
            return True
        return False

    def _end_round(self) -> None:
        self._emit(EventKind.ROUND_ENDED)
        self._question = None
        self._selection = None
        self._timer = None
        self._team = None
        self._stake = None
        if self._round + 1 >= len(self.rounds):
            self._finish()
        else:
            self._state = ContestState.ROUND_OVER

    def _finish(self) -> None:
        self._state = ContestState.FINISHED
        self._paused = False
        self._question = None
        self._selection = None
        self._timer = None
        self._emit(EventKind.CONTEST_FINISHED)
