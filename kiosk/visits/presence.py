"""Which groups are in the hall now: derived from today's check-ins (issue 8).

A group is in the hall from its (counted) check-in until its booked slot ends, or for
``stay`` (``group_stay_minutes``, 2 h) after checking in when the slot is unknown or already over.
A quiz or feedback taken while exactly one group is in belongs to it; with several, the screen offers
their names. Each kiosk reads its own database: until sync brings a hall's arrivals to every kiosk,
a kiosk with no check-ins today offers the organisations of today's bookings instead
(:meth:`GroupsInHall.choices`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from kiosk.clock import HALL_TIMEZONE, Clock, hall_date
from kiosk.reports.arrival_rules import ranked_pass_checkins
from kiosk.store.db import Database
from kiosk.store.visits_models import Booking, Checkin, Organisation


@dataclass(frozen=True)
class GroupInHall:
    organisation_id: uuid.UUID
    name: str
    since: datetime
    until: datetime


@dataclass(frozen=True)
class GroupChoices:
    """What a result screen offers: ``source`` is "checkins" (groups in now) or "bookings" (no check-ins here)."""

    groups: list[GroupInHall]
    source: str

    @property
    def to_offer(self) -> list[GroupInHall]:
        """The names a screen offers as buttons: several groups in, or today's bookings (never
        assumed); none when exactly one group is in (it is assumed) or nobody is."""
        if self.source == "bookings" or len(self.groups) >= 2:
            return list(self.groups)
        return []

    @property
    def only(self) -> uuid.UUID | None:
        """The organisation when exactly one group is in the hall (by check-ins), else None."""
        return self.groups[0].organisation_id if self.source == "checkins" and len(self.groups) == 1 else None


class GroupsInHall:
    def __init__(self, db: Database, clock: Clock, hall_id: str, stay_minutes: int = 120) -> None:
        self.db, self.clock, self.hall_id = db, clock, hall_id
        self.stay = timedelta(minutes=max(1, stay_minutes))

    def _slot_end(self, day_start: datetime, slot_end: str | None) -> datetime | None:
        if not slot_end:
            return None
        hours, minutes = (int(x) for x in slot_end.split(":"))
        local = day_start.astimezone(HALL_TIMEZONE).replace(hour=hours, minute=minutes)
        return local.astimezone(day_start.tzinfo)

    def now(self) -> list[GroupInHall]:
        """The groups in the hall at the clock's time, earliest check-in first."""
        now = self.clock.now()
        today = hall_date(now)
        ranked = ranked_pass_checkins(today, today, self.hall_id)
        with self.db.transaction() as session:
            rows = session.execute(
                select(ranked.c.org_key, Organisation.name, ranked.c.recorded_at, Booking.slot_end)
                .join(Organisation, Organisation.id == ranked.c.org_key)
                .outerjoin(Booking, Booking.id == ranked.c.booking_id)
                .where(ranked.c.rn == 1).order_by(ranked.c.recorded_at)
            ).all()
        groups: dict[uuid.UUID, GroupInHall] = {}
        for org, name, since, slot_end in rows:
            end = self._slot_end(since, slot_end)
            until = end if end is not None and end > since else since + self.stay
            if since <= now < until and org not in groups:
                groups[org] = GroupInHall(org, name, since, until)
        return list(groups.values())

    def only_group(self) -> uuid.UUID | None:
        """The organisation when exactly one group is in the hall now, else None."""
        groups = self.now()
        return groups[0].organisation_id if len(groups) == 1 else None

    def choices(self) -> GroupChoices:
        """Groups in now; when this database has no check-in today, today's booked organisations."""
        groups = self.now()
        if groups:
            return GroupChoices(groups, "checkins")
        now = self.clock.now()
        today = hall_date(now)
        with self.db.transaction() as session:
            any_today = session.execute(
                select(func.count()).where(Checkin.local_date == today, Checkin.hall_id == self.hall_id, Checkin.kind == "pass")
            ).scalar_one()
            if any_today:
                return GroupChoices([], "checkins")
            booked = session.execute(
                select(Organisation.id, Organisation.name, func.min(Booking.slot_start))
                .join(Booking, Booking.organisation_id == Organisation.id)
                .where(Booking.visit_date == today, Booking.cancelled_at.is_(None))
                .group_by(Organisation.id, Organisation.name).order_by(func.min(Booking.slot_start), Organisation.name)
            ).all()
        return GroupChoices([GroupInHall(oid, name, now, now) for oid, name, _slot in booked], "bookings")
