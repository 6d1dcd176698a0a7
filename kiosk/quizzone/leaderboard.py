"""Leaderboards: the best score of each organisation (or kiosk) today or this month.

"Today" and "this month" are the hall's local dates (``kiosk.clock.hall_date``): the query
turns their bounds into UTC instants, so the same SQL runs on SQLite and PostgreSQL without
date functions. An attempt linked to a checked-in group counts for that organisation (on every
kiosk of the hall) — the one stored with it, or the one the visitor chose afterwards on the result
screen (``kiosk.quizzone.attempt_groups``); one without counts for the kiosk it was made on.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from kiosk.clock import hall_date, hall_day_start
from kiosk.quizzone.attempt_groups import attempt_organisation_id
from kiosk.quizzone.errors import QuizZoneError
from kiosk.store.db import Database
from kiosk.store.quiz_models import QuizAttempt
from kiosk.store.visits_models import Organisation

PERIODS = ("today", "month")


@dataclass(frozen=True)
class LeaderRow:
    """One line of a leaderboard; ``name`` is the organisation or ``本机 <device>``."""

    rank: int
    name: str
    score: int
    attempts: int


def period_bounds(period: str, now: datetime) -> tuple[datetime, datetime]:
    """The UTC ``[start, end)`` of the hall-local day or month containing ``now``."""
    today = hall_date(now)
    if period == "today":
        first, after = today, date.fromordinal(today.toordinal() + 1)
    elif period == "month":
        first = today.replace(day=1)
        after = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    else:
        raise QuizZoneError(f"排行榜的时间范围只能是 today（今天）或 month（本月），不能是“{period}”。")
    return hall_day_start(first), hall_day_start(after)


def leaderboard(
    db: Database, *, hall_id: str, device_id: str, period: str, mode: str, now: datetime, limit: int = 10
) -> list[LeaderRow]:
    """Rank by best score (ties share a rank, 1, 1, 3); then by attempts, then by name."""
    start, end = period_bounds(period, now)
    organisation = attempt_organisation_id()
    with db.transaction() as session:
        grouped = session.execute(
            select(organisation, QuizAttempt.device_id, func.max(QuizAttempt.score), func.count())
            .where(QuizAttempt.hall_id == hall_id, QuizAttempt.mode == mode,
                   QuizAttempt.finished_at >= start, QuizAttempt.finished_at < end)
            .group_by(organisation, QuizAttempt.device_id)
        ).all()
    best: dict[uuid.UUID | str, list[int]] = {}
    for organisation_id, device, score, count in grouped:
        key: uuid.UUID | str = organisation_id if organisation_id is not None else device
        entry = best.setdefault(key, [0, 0])
        entry[0] = max(entry[0], int(score))
        entry[1] += int(count)
    names = organisation_names(db, [k for k in best if isinstance(k, uuid.UUID)])

    def name_of(key: uuid.UUID | str) -> str:
        if isinstance(key, uuid.UUID):
            return names.get(key) or f"单位 {str(key)[:8]}"
        return f"本机 {key}" if key == device_id else f"终端 {key}"

    rows = sorted(((name_of(k), s, n) for k, (s, n) in best.items()), key=lambda r: (-r[1], -r[2], r[0]))
    ranked: list[LeaderRow] = []
    for index, (name, score, count) in enumerate(rows[:limit]):
        rank = ranked[-1].rank if ranked and ranked[-1].score == score else index + 1
        ranked.append(LeaderRow(rank, name, score, count))
    return ranked


def organisation_names(db: Database, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Names of the organisations (the arrivals area's table); a database error propagates."""
    if not ids:
        return {}
    with db.transaction() as session:
        return {oid: str(name) for oid, name in
                session.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids)))}
