"""The state machine of a one-visitor attempt (练习, 挑战答题, 每日答题).

    READY --start--> SHOWING --confirm / timeout--> REVEALED --next--> SHOWING ... --> FINISHED
                      (select / unselect / set_text freely until confirm)
    finish() from any state ends the attempt (the visitor walks away or taps 结束).

Timeouts are detected by ``tick()`` (the UI calls it on its frame clock) and, lazily, at the
start of every action, so a tap that arrives after the deadline is ignored rather than scored.
Actions return True when they took effect and False when the state did not allow them; an
impossible argument (an option letter that does not exist) raises ValueError.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from quiz.clock import Clock
from quiz.grading import Grade, grade
from quiz.model import Question, QuestionType
from quiz.session.records import AnswerRecord, MissedQuestion, Mode, ResultSummary
from quiz.session.scoring import Scoring
from quiz.session.editing import AnswerEditing
from quiz.session.selection import Selection
from quiz.session.views import QuestionView, RevealView, SessionView
from quiz.timer import Countdown


class SessionState(StrEnum):
    READY = "ready"
    SHOWING = "showing"
    REVEALED = "revealed"
    FINISHED = "finished"


@dataclass(frozen=True, slots=True)
class Rules:
    """What distinguishes the modes. ``end_on_miss``: a wrong answer or a timeout ends it."""

    mode: Mode
    time_limit: float | None = None
    end_on_miss: bool = False
    scoring: Scoring = field(default_factory=Scoring)
    partial_credit: bool = False
    """Matching questions earn points per right pair (练习); otherwise all pairs must be right."""


class SoloSession(AnswerEditing):
    def __init__(self, questions: Sequence[Question], rules: Rules, clock: Clock) -> None:
        if not questions:
            raise ValueError("没有可用的题目")
        self.questions: tuple[Question, ...] = tuple(questions)
        self.rules = rules
        self._clock = clock
        self._state = SessionState.READY
        self._index = -1
        self._selection: Selection | None = None
        self._timer: Countdown | None = None
        self._records: list[AnswerRecord] = []
        self._reveal: RevealView | None = None
        self._ending = False

    # -- reading ---------------------------------------------------------------------------

    @property
    def state(self) -> SessionState:
        self._expire_if_due()
        return self._state

    @property
    def current(self) -> Question | None:
        if self._state in (SessionState.SHOWING, SessionState.REVEALED):
            return self.questions[self._index]
        return None

    @property
    def records(self) -> tuple[AnswerRecord, ...]:
        return tuple(self._records)

    @property
    def score(self) -> int:
        return sum(r.points for r in self._records)

    @property
    def correct_count(self) -> int:
        return sum(1 for r in self._records if r.correct)

    def snapshot(self) -> SessionView:
        self._expire_if_due()
        q = self.current
        sel = self._selection
        return SessionView(
            mode=self.rules.mode,
            state=self._state.value,
            position=self._index + 1 if self._index >= 0 else 0,
            total=len(self.questions),
            question=QuestionView.of(q) if q is not None else None,
            selected=sel.keys if sel is not None and q is not None else (),
            text=sel.text if sel is not None and q is not None else "",
            seconds_left=self._timer.remaining() if self._timer is not None and q is not None else None,
            time_limit=self.rules.time_limit,
            paused=self._timer is not None and self._timer.paused and self._state is SessionState.SHOWING,
            score=self.score,
            correct_count=self.correct_count,
            answered=len(self._records),
            reveal=self._reveal if self._state is SessionState.REVEALED else None,
            ends_after_reveal=self._state is SessionState.REVEALED and self._is_last_step(),
            armed=sel.armed if sel is not None and q is not None and self._state is SessionState.SHOWING else None,
        )

    def summary(self) -> ResultSummary:
        by_id = {q.id: q for q in self.questions}
        missed = tuple(
            MissedQuestion(r.question_id, q.stem, r.chosen, q.answer, q.answer_text(), q.explanation, q.source,
                           r.timed_out)
            for r in self._records
            if not r.correct
            for q in (by_id[r.question_id],)
        )
        timed = self.rules.time_limit is not None
        return ResultSummary(
            mode=self.rules.mode,
            score=self.score,
            max_score=sum(self.rules.scoring.maximum(by_id[r.question_id], timed, self.rules.partial_credit)
                          for r in self._records),
            correct=self.correct_count,
            total=len(self._records),
            missed=missed,
            records=self.records,
        )

    # -- actions ---------------------------------------------------------------------------

    def start(self) -> bool:
        if self._state is not SessionState.READY:
            return False
        self._show(0)
        return True

    def confirm(self) -> bool:
        if not self._answerable():
            return False
        assert self._selection is not None and self._timer is not None
        q = self.questions[self._index]
        chosen = self._selection.chosen
        graded = grade(q, chosen)
        points = self.rules.scoring.award_grade(q, graded, self._timer.remaining(), self.rules.time_limit,
                                                self.rules.partial_credit)
        self._settle(q, chosen, graded.correct, self._timer.elapsed(), timed_out=False, points=points,
                     graded=graded)
        return True

    def tick(self) -> bool:
        """Apply a timeout if one is due; True when that changed the state."""
        return self._expire_if_due()

    def next(self) -> bool:
        self._expire_if_due()
        if self._state is not SessionState.REVEALED:
            return False
        if self._is_last_step():
            self._state = SessionState.FINISHED
        else:
            self._show(self._index + 1)
        return True

    def finish(self) -> bool:
        self._expire_if_due()
        if self._state is SessionState.FINISHED:
            return False
        self._state = SessionState.FINISHED
        self._selection = None
        return True

    def pause(self) -> bool:
        if not self._answerable():
            return False
        assert self._timer is not None
        self._timer.pause()
        return True

    def resume(self) -> bool:
        if self._state is not SessionState.SHOWING or self._timer is None or not self._timer.paused:
            return False
        self._timer.resume()
        return True

    # -- internals -------------------------------------------------------------------------

    def _show(self, index: int) -> None:
        self._index = index
        self._selection = Selection(self.questions[index])
        self._timer = Countdown(self._clock, self.rules.time_limit)
        self._reveal = None
        self._state = SessionState.SHOWING

    def _answerable(self) -> bool:
        self._expire_if_due()
        return (self._state is SessionState.SHOWING and self._timer is not None
                and not self._timer.paused)

    def _edit(self, change: Callable[[Selection], None]) -> bool:
        if not self._answerable():
            return False
        assert self._selection is not None
        change(self._selection)
        return True

    def _expire_if_due(self) -> bool:
        if self._state is not SessionState.SHOWING or self._timer is None or not self._timer.expired():
            return False
        assert self._selection is not None and self.rules.time_limit is not None
        q = self.questions[self._index]
        self._settle(q, self._selection.chosen, False, self.rules.time_limit, timed_out=True, points=0)
        return True

    def _settle(self, q: Question, chosen: tuple[str, ...], correct: bool, seconds: float,
                *, timed_out: bool, points: int, graded: Grade | None = None) -> None:
        self._records.append(AnswerRecord(q.id, chosen, correct, round(seconds, 3), timed_out, points))
        if graded is None:
            graded = Grade(0, len(q.options) if q.type is QuestionType.MATCHING else 1)
        self._reveal = RevealView.of(q, chosen, correct, timed_out, points, graded)
        if self.rules.end_on_miss and not correct:
            self._ending = True
        self._state = SessionState.REVEALED

    def _is_last_step(self) -> bool:
        return self._ending or self._index + 1 >= len(self.questions)
