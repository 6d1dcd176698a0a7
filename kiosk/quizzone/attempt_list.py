"""The attempts of one hall-local day, newest first: what staff read to find the id to correct
(``kiosk quiz attempts`` → ``kiosk quiz attempt-group ID --org NAME | --none``).

One range read of ``ix_quiz_attempts_hall_finished`` (hall, finished_at) backwards, stopped at the
limit; the group is the attempt's organisation as every other figure reads it
(:func:`kiosk.quizzone.attempt_groups.attempt_organisation_id`: the newest choice wins, a cleared one
counts for nobody), its name joined from the organisations.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from kiosk.clock import HALL_TIMEZONE, hall_day_start
from kiosk.quizzone.attempt_groups import attempt_organisation_id
from kiosk.store.db import Database
from kiosk.store.quiz_models import QuizAttempt
from kiosk.store.visits_models import Organisation


@dataclass(frozen=True)
class AttemptLine:
    id: uuid.UUID
    finished_at: datetime  # hall-local
    mode: str
    bank: str
    score: int
    max_score: int
    group: str  # the organisation's name, "" for none

    def to_json(self) -> dict[str, object]:
        return {"id": str(self.id), "finished_at": self.finished_at.strftime("%Y-%m-%d %H:%M:%S"),
                "mode": self.mode, "bank": self.bank, "score": self.score, "max_score": self.max_score,
                "group": self.group}


def day_attempts(db: Database, *, hall_id: str, day: date, limit: int = 20) -> list[AttemptLine]:
    """The hall's attempts finished on hall-local ``day``, newest first (ties by id), at most ``limit``."""
    start, end = hall_day_start(day), hall_day_start(day + timedelta(days=1))
    query = (
        select(QuizAttempt.id, QuizAttempt.finished_at, QuizAttempt.mode, QuizAttempt.bank, QuizAttempt.score,
               QuizAttempt.max_score, Organisation.name)
        .outerjoin(Organisation, Organisation.id == attempt_organisation_id())
        .where(QuizAttempt.hall_id == hall_id, QuizAttempt.finished_at >= start, QuizAttempt.finished_at < end)
        .order_by(QuizAttempt.finished_at.desc(), QuizAttempt.id.desc()).limit(limit)
    )
    with db.transaction() as session:
        rows = session.execute(query).all()
    return [AttemptLine(aid, at.astimezone(HALL_TIMEZONE).replace(tzinfo=None), mode, bank, int(score),
                        int(top), name or "")
            for aid, at, mode, bank, score, top, name in rows]
