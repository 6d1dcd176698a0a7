"""The theatre's figures for the hall's reports: batches and people per activity.

"观看红色影片 N 场 M 人次，重温入党誓词 N 批 M 人次" (and 专题讲座 N 场 M 人次) for a hall-local
date range and, optionally, a set of halls. One SQLAlchemy query that runs the same on a kiosk's
SQLite and on the hub's PostgreSQL (contract 5). Every recorded run counts as a batch (false
starts and failed films are never recorded); its people are the audience counted when it started.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.store.theatre_models import TheatreSession
from kiosk.theatre.model import CEREMONY, FILM, LECTURE

ACTIVITIES: tuple[tuple[str, str, str], ...] = (
    (FILM, "观看红色影片", "场"),
    (CEREMONY, "重温入党誓词", "批"),
    (LECTURE, "专题讲座", "场"),
)
"""(kind, activity as the reports name it, the unit of a batch), in report order."""


@dataclass(frozen=True)
class ActivityTotal:
    kind: str
    activity: str
    unit: str
    batches: int
    people: int

    @property
    def text(self) -> str:
        return f"{self.activity} {self.batches} {self.unit} {self.people} 人次"


@dataclass(frozen=True)
class TheatreActivity:
    start: date
    end: date
    rows: tuple[ActivityTotal, ...]

    def of(self, kind: str) -> ActivityTotal:
        return next(r for r in self.rows if r.kind == kind)

    def summary(self) -> str:
        """"观看红色影片 3 场 120 人次，重温入党誓词 2 批 80 人次，专题讲座 0 场 0 人次"."""
        return "，".join(r.text for r in self.rows)

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "activities": [
                {"kind": r.kind, "activity": r.activity, "unit": r.unit, "batches": r.batches, "people": r.people}
                for r in self.rows
            ],
        }


def theatre_activity(
    session: Session, start: date, end: date, hall_ids: Collection[str] | None = None
) -> TheatreActivity:
    """Batches and people per theatre activity with ``start <= local_date <= end``.

    Args:
        session: an open SQLAlchemy session (kiosk SQLite or hub PostgreSQL).
        start, end: hall-local dates, both included.
        hall_ids: only these halls; None for every hall the database holds.
    """
    query = (
        select(TheatreSession.kind, func.count(), func.coalesce(func.sum(TheatreSession.people), 0))
        .where(TheatreSession.local_date >= start, TheatreSession.local_date <= end)
        .group_by(TheatreSession.kind)
    )
    if hall_ids is not None:
        query = query.where(TheatreSession.hall_id.in_(list(hall_ids)))
    found = {kind: (int(n), int(people)) for kind, n, people in session.execute(query)}
    rows = tuple(
        ActivityTotal(kind, activity, unit, *found.get(kind, (0, 0))) for kind, activity, unit in ACTIVITIES
    )
    return TheatreActivity(start, end, rows)
