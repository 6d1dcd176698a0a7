"""Arrival statistics: organisations and members for a date range, one query layer (contract 5).

The same SQLAlchemy queries run on a kiosk's SQLite and on the hub's PostgreSQL, for one hall or
(``hall_id=None``) the whole district. Window functions (SQLite >= 3.25) pick, per booking, the
check-in that counts:

* A group is counted ONCE however many check-in facts it has. Two kiosks that were both offline
  may each accept the same pass; both facts are kept (facts are never deleted) and the booking is
  listed as a flagged duplicate.
* The check-in that counts is the earliest (recorded_at, then id). Its people are the newest
  headcount confirmation made on ANY check-in of that booking that day (the leader may stand at
  the kiosk that accepted the pass second), or the earliest check-in's headcount cap if none was.
* Dates are the hall-local day stored on each check-in, so ranges need no time-zone arithmetic in SQL.

"Organisations" counts distinct organisations among the groups (a booking not known to this
database counts as its own organisation); "members" (党员) are the groups' people plus walk-in
members; walk-in public visitors (群众) are reported apart.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from kiosk.store.db import Database
from kiosk.store.visits_models import Booking, Checkin, HeadcountConfirmation, Organisation

PASS = "pass"
WALK_IN = "walk_in"


def _pass_checkins_in(query: Select[Any], start: date, end: date, hall_id: str | None,
                      booking_id: uuid.UUID | None) -> Select[Any]:
    """``query`` narrowed to pass check-ins in [start, end], of one hall and one booking if given."""
    query = query.where(Checkin.kind == PASS, Checkin.local_date >= start, Checkin.local_date <= end)
    if hall_id is not None:
        query = query.where(Checkin.hall_id == hall_id)
    if booking_id is not None:
        query = query.where(Checkin.booking_id == booking_id)
    return query


def latest_confirmations(start: date, end: date, hall_id: str | None = None,
                         booking_id: uuid.UUID | None = None) -> Any:
    """Subquery (booking_id, local_date, arrived): per booking and day, the newest headcount
    confirmation made on any of that booking's check-ins that day (whichever kiosk took it)."""
    ranked = _pass_checkins_in(
        select(
            Checkin.booking_id.label("booking_id"),
            Checkin.local_date.label("local_date"),
            HeadcountConfirmation.arrived.label("arrived"),
            func.row_number()
            .over(
                partition_by=(Checkin.booking_id, Checkin.local_date),
                order_by=(HeadcountConfirmation.recorded_at.desc(), HeadcountConfirmation.id.desc()),
            )
            .label("rn"),
        ).join(Checkin, Checkin.id == HeadcountConfirmation.corrects_id),
        start, end, hall_id, booking_id,
    ).subquery("ranked_confirmations")
    return (
        select(ranked.c.booking_id, ranked.c.local_date, ranked.c.arrived)
        .where(ranked.c.rn == 1)
        .subquery("latest_confirmations")
    )


def ranked_pass_checkins(start: date, end: date, hall_id: str | None = None,
                         booking_id: uuid.UUID | None = None) -> Any:
    """Subquery of pass check-ins in [start, end] (of one booking, if given) with their people
    (``arrived``), organisation key and rank within their booking (``rn`` = 1 is the one that counts).

    ``arrived`` is the booking's newest confirmation that day (:func:`latest_confirmations`), else
    the check-in's own headcount cap; only the ``rn`` = 1 row's value is ever summed.
    """
    confirmed = latest_confirmations(start, end, hall_id, booking_id)
    query: Select[Any] = (
        select(
            Checkin.id.label("checkin_id"),
            Checkin.booking_id.label("booking_id"),
            Checkin.device_id.label("device_id"),
            Checkin.recorded_at.label("recorded_at"),
            func.coalesce(confirmed.c.arrived, Checkin.count).label("arrived"),
            func.coalesce(Checkin.organisation_id, Booking.organisation_id, Checkin.booking_id).label("org_key"),
            func.row_number()
            .over(partition_by=Checkin.booking_id, order_by=(Checkin.recorded_at, Checkin.id))
            .label("rn"),
        )
        .outerjoin(
            confirmed,
            (confirmed.c.booking_id == Checkin.booking_id) & (confirmed.c.local_date == Checkin.local_date),
        )
        .outerjoin(Booking, Booking.id == Checkin.booking_id)
    )
    return _pass_checkins_in(query, start, end, hall_id, booking_id).subquery("ranked_checkins")


def arrived_by_booking(session: Session, day: date, hall_id: str | None = None,
                       booking_id: uuid.UUID | None = None) -> dict[uuid.UUID, int]:
    """People counted per booking on one day (each booking once), for the staff screen; one booking if given."""
    ranked = ranked_pass_checkins(day, day, hall_id, booking_id)
    rows = session.execute(select(ranked.c.booking_id, ranked.c.arrived).where(ranked.c.rn == 1)).all()
    return {row.booking_id: int(row.arrived) for row in rows}


@dataclass(frozen=True)
class DuplicateCheckin:
    """A booking checked in more than once (two offline kiosks): counted once, shown for review."""

    booking_id: uuid.UUID
    organisation: str | None
    checkins: int
    devices: tuple[str, ...]
    first_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "booking": str(self.booking_id),
            "organisation": self.organisation,
            "checkins": self.checkins,
            "devices": list(self.devices),
            "first_at": self.first_at.isoformat(),
        }


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
        ranked = ranked_pass_checkins(start, end, hall_id)
        with self.db.transaction() as session:
            groups, orgs, group_members = session.execute(
                select(
                    func.count(),
                    func.count(func.distinct(ranked.c.org_key)),
                    func.coalesce(func.sum(ranked.c.arrived), 0),
                ).where(ranked.c.rn == 1)
            ).one()
            walk_ins = select(Checkin.visitor_kind, func.coalesce(func.sum(Checkin.count), 0)).where(
                Checkin.kind == WALK_IN, Checkin.local_date >= start, Checkin.local_date <= end
            )
            if hall_id is not None:
                walk_ins = walk_ins.where(Checkin.hall_id == hall_id)
            by_kind = {kind: int(total) for kind, total in session.execute(walk_ins.group_by(Checkin.visitor_kind))}
            duplicates = self._duplicates(session, ranked)
        return ArrivalReport(
            start=start,
            end=end,
            organisations=int(orgs),
            groups=int(groups),
            group_members=int(group_members),
            walk_in_members=by_kind.get("member", 0),
            public=by_kind.get("public", 0),
            duplicates=duplicates,
        )

    @staticmethod
    def _duplicates(session: Session, ranked: Any) -> list[DuplicateCheckin]:
        """Bookings with more than one check-in fact in the range, with the devices involved."""
        repeated = select(ranked.c.booking_id).where(ranked.c.rn == 2).subquery("repeated")
        rows = session.execute(
            select(ranked.c.booking_id, ranked.c.device_id, ranked.c.recorded_at, Organisation.name)
            .join(repeated, repeated.c.booking_id == ranked.c.booking_id)
            .outerjoin(Booking, Booking.id == ranked.c.booking_id)
            .outerjoin(Organisation, Organisation.id == Booking.organisation_id)
            .order_by(ranked.c.booking_id, ranked.c.rn)
        ).all()
        grouped: dict[uuid.UUID, list[Any]] = defaultdict(list)
        for row in rows:
            grouped[row.booking_id].append(row)
        result = []
        for booking_id, items in grouped.items():
            devices = tuple(dict.fromkeys(item.device_id for item in items))
            result.append(DuplicateCheckin(booking_id, items[0].name, len(items), devices, items[0].recorded_at))
        result.sort(key=lambda d: d.first_at)
        return result
