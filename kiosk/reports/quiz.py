"""Quiz figures for a range: attempts and average score per mode, participation per organisation,
contests held, the hardest questions.

The hardest questions use the *stored* grade (what the visitor was shown): a range report says what
happened. The staff's 题目统计 (``kiosk.quizzone.statistics``) regrades against the current key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from kiosk.quizzone.attempt_groups import attempt_organisation_id
from kiosk.reports.scope import ReportScope
from kiosk.store.quiz_models import QuizAnswer, QuizAttempt, QuizContestEvent, QuizQuestion
from kiosk.store.report_rollup_models import QuizAttemptDay
from kiosk.store.visits_models import Organisation

MODE_LABELS = {"practice": "练习", "challenge": "挑战答题", "daily": "每日答题"}
NO_ORGANISATION = "（未关联团体）"


def _attempts(scope: ReportScope, *columns):  # type: ignore[no-untyped-def]
    begin, end = scope.utc_bounds()
    return scope.narrow(select(*columns).where(QuizAttempt.finished_at >= begin, QuizAttempt.finished_at < end),
                        QuizAttempt.hall_id)


@dataclass(frozen=True)
class ModeRow:
    mode: str
    label: str
    attempts: int
    average_score: float
    average_percent: float


def _days(scope: ReportScope, *columns):  # type: ignore[no-untyped-def]
    """The per-day rollup of the range (revision 0013): a range is whole hall-local days."""
    return scope.narrow(select(*columns).where(QuizAttemptDay.local_date >= scope.start,
                                               QuizAttemptDay.local_date <= scope.end), QuizAttemptDay.hall_id)


def by_mode(session: Session, scope: ReportScope) -> list[ModeRow]:
    """Attempts and average score (points and percent of the maximum) per mode, from the rollup."""
    rows = session.execute(
        _days(scope, QuizAttemptDay.mode, func.sum(QuizAttemptDay.attempts), func.sum(QuizAttemptDay.score_sum),
              func.sum(QuizAttemptDay.percent_sum))
        .group_by(QuizAttemptDay.mode)
    ).all()
    return sorted((ModeRow(str(m), MODE_LABELS.get(str(m), str(m)), int(n), round(float(a or 0) / int(n), 2),
                           round(float(p or 0) / int(n), 1)) for m, n, a, p in rows if n),
                  key=lambda r: -r.attempts)


def attempt_count(session: Session, scope: ReportScope) -> int:
    return int(session.execute(_days(scope, func.coalesce(func.sum(QuizAttemptDay.attempts), 0))).scalar_one())


@dataclass(frozen=True)
class OrganisationQuizRow:
    organisation: str
    attempts: int
    average_percent: float


def by_organisation(session: Session, scope: ReportScope, limit: int = 20) -> list[OrganisationQuizRow]:
    percent = QuizAttempt.score * 100.0 / case((QuizAttempt.max_score > 0, QuizAttempt.max_score), else_=1)
    name = func.coalesce(Organisation.name, NO_ORGANISATION)
    rows = session.execute(
        _attempts(scope, name, func.count(), func.avg(percent))
        .outerjoin(Organisation, Organisation.id == attempt_organisation_id())  # a later choice wins
        .group_by(name).order_by(func.count().desc(), name).limit(limit)
    ).all()
    return [OrganisationQuizRow(str(n), int(c), round(float(p or 0), 1)) for n, c, p in rows]


def contests_held(session: Session, scope: ReportScope) -> int:
    begin, end = scope.utc_bounds()
    query = scope.narrow(
        select(func.count(func.distinct(QuizContestEvent.contest_id)))
        .where(QuizContestEvent.recorded_at >= begin, QuizContestEvent.recorded_at < end), QuizContestEvent.hall_id)
    return int(session.execute(query).scalar_one())


@dataclass(frozen=True)
class HardQuestionRow:
    question_id: str
    stem: str
    answers: int
    facility: float


def hardest_questions(session: Session, scope: ReportScope, limit: int = 10, min_answers: int = 20) -> list[HardQuestionRow]:
    """Questions answered at least ``min_answers`` times in the range, lowest share correct first."""
    begin, end = scope.utc_bounds()
    query = scope.narrow(
        select(QuizAnswer.question_id, func.count(), func.avg(case((QuizAnswer.correct, 1.0), else_=0.0)))
        .join(QuizAttempt, QuizAttempt.id == QuizAnswer.attempt_id)
        .where(QuizAttempt.finished_at >= begin, QuizAttempt.finished_at < end),
        QuizAttempt.hall_id,
    ).group_by(QuizAnswer.question_id).having(func.count() >= min_answers)
    rows = session.execute(query.order_by(func.avg(case((QuizAnswer.correct, 1.0), else_=0.0)), QuizAnswer.question_id)
                           .limit(limit)).all()
    stems = {qid: json.loads(data).get("stem", qid) for qid, data in session.execute(
        select(QuizQuestion.question_id, QuizQuestion.data).where(QuizQuestion.question_id.in_([r[0] for r in rows])))}
    return [HardQuestionRow(str(q), stems.get(q, "（题库中没有此题）"), int(n), round(float(f), 3)) for q, n, f in rows]
