"""Arrival statistics for the staff's arrivals commands and screens (contract 5).

The counting rules (a group once however many kiosks accepted its pass; the newest headcount
confirmation wins; hall-local dates) live in :mod:`kiosk.reports.arrival_rules`, and the totals in
:mod:`kiosk.reports.visits`; this module keeps the arrivals service's own report shape on top of them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.reports.arrival_rules import PASS, WALK_IN, DuplicateCheckin, latest_confirmations, ranked_pass_checkins
from kiosk.store.db import Database

__all__ = ["PASS", "WALK_IN", "ArrivalReport", "ArrivalStats", "DuplicateCheckin", "arrived_by_booking",
           "latest_confirmations", "ranked_pass_checkins"]


def arrived_by_booking(session: Session, day: date, hall_id: str | None = None,
                       booking_id: uuid.UUID | None = None) -> dict[uuid.UUID, int]:
    """People counted per booking on one day (each booking once), for the staff screen; one booking if given."""
    ranked = ranked_pass_checkins(day, day, hall_id, booking_id)
    rows = session.execute(select(ranked.c.booking_id, ranked.c.arrived).where(ranked.c.rn == 1)).all()
    return {row.booking_id: int(row.arrived) for row in rows}


@dataclass(frozen=True)
class ArrivalReport:
    """Totals for a date range (inclusive, hall-local days)."""

    start: date
    end: date
    organisations: int
    groups: int
    group_members: int
    walk_in_members: int
    public: int
    duplicates: list[DuplicateCheckin] = field(default_factory=list)

    @property
    def members(self) -> int:
        """党员: the groups' people plus walk-in members."""
        return self.group_members + self.walk_in_members

    def summary(self) -> str:
        """One line in Chinese, e.g. "2026-01-01 至 2026-12-31：265 个组织，8848 名党员"."""
        text = f"{self.start.isoformat()} 至 {self.end.isoformat()}：{self.organisations} 个组织，{self.members} 名党员"
        extra = f"（团体 {self.groups} 批 {self.group_members} 人，散客党员 {self.walk_in_members} 人）"
        return text + extra + (f"；群众 {self.public} 人" if self.public else "") + "。"

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "organisations": self.organisations,
            "members": self.members,
            "groups": self.groups,
            "group_members": self.group_members,
            "walk_in_members": self.walk_in_members,
            "public": self.public,
            "duplicates": [d.to_json() for d in self.duplicates],
        }


class ArrivalStats:
    """Computes :class:`ArrivalReport` s; read-only."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def arrivals(self, start: date, end: date, *, hall_id: str | None = None) -> ArrivalReport:
        """Organisations, groups, members and public visitors from start to end (inclusive)."""
        from kiosk.reports.scope import ReportScope
        from kiosk.reports.visits import duplicates, visit_totals

        scope = ReportScope.of(start, end, hall_id)
        with self.db.transaction() as session:
            totals = visit_totals(session, scope)
            found = duplicates(session, scope)
        return ArrivalReport(
            start=start,
            end=end,
            organisations=totals.organisations,
            groups=totals.groups,
            group_members=totals.group_members,
            walk_in_members=totals.walk_in_members,
            public=totals.public,
            duplicates=found,
        )
