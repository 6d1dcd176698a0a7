"""The tables of arrivals (issue 3): organisations, bookings, revoked passes, check-in facts.

Organisations, bookings and revoked passes are reference data: they belong to the hall (its staff
console or the hub) and are edited in place. Check-ins and headcount confirmations are facts
(contract 2): immutable rows written by the kiosk that scanned the pass.

A check-in deliberately has no foreign key to ``bookings``: a kiosk accepts a validly signed pass
offline even when the booking has not reached its database yet, and facts travel to the hub in
batches in any order.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.store.models import Base, FactMixin
from kiosk.store.types import UTCDateTime


class Organisation(Base):
    """A party organisation that visits as a group (reference data)."""

    __tablename__ = "organisations"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("organisations.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    hall_id: Mapped[str] = mapped_column(String(64), default="")
    hub_seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True)

    # Names are unique within a hall (issue 9): on the district hub two halls may both know "第一党支部".
    __table_args__ = (UniqueConstraint("hall_id", "name", name="uq_organisations_hall_name"),
                      Index("ix_organisations_hall_seq", "hall_id", "hub_seq"))


class Booking(Base):
    """A group's (or a single member's) booked visit: the slot, the expected headcount, a contact.

    Contact name and phone are the only personal data; ``kiosk privacy purge`` empties them once
    the visit is old enough (``contact_purged_at``), keeping the counts.
    """

    __tablename__ = "bookings"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("organisations.id"), index=True)
    visit_date: Mapped[date] = mapped_column(Date, index=True)
    slot_start: Mapped[str] = mapped_column(String(5))  # "HH:MM", hall-local; sorts as text
    slot_end: Mapped[str] = mapped_column(String(5))
    expected_headcount: Mapped[int] = mapped_column(Integer)
    purpose: Mapped[str] = mapped_column(String(16))
    contact_name: Mapped[str | None] = mapped_column(String(64), nullable=True)
    contact_phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    pass_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    contact_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    hall_id: Mapped[str] = mapped_column(String(64), default="")
    hub_seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True)

    __table_args__ = (Index("ix_bookings_hall_seq", "hall_id", "hub_seq"),
                      Index("ix_bookings_hall_day", "hall_id", "visit_date"))  # reports: a range of one hall (0013)


class RevokedPass(Base):
    """A pass id no kiosk may accept any more (its booking was cancelled); reference data."""

    __tablename__ = "revoked_passes"

    pass_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    booking_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    revoked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(String(32))
    hall_id: Mapped[str] = mapped_column(String(64), default="")
    hub_seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True)

    __table_args__ = (Index("ix_revoked_passes_hall_seq", "hall_id", "hub_seq"),)


class Checkin(FactMixin, Base):
    """One arrival, a fact: a pass scanned (``kind='pass'``) or a walk-in by touch (``'walk_in'``).

    ``count`` is the people it admits: for a pass the headcount cap on the pass (the group leader
    may confirm a different number later, as a :class:`HeadcountConfirmation`); for a walk-in the
    number chosen. ``local_date`` is the hall-local day of the arrival, stored so that "today" and
    date-range statistics are plain comparisons on SQLite and PostgreSQL alike.
    """

    __tablename__ = "checkins"

    # no index of its own: the (hall_id, kind, local_date, …) indexes below begin with it (revision 0016)
    hall_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # "pass" | "walk_in"
    local_date: Mapped[date] = mapped_column(Date)
    booking_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    pass_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    visitor_kind: Mapped[str] = mapped_column(String(16))  # "group" | "member" (党员) | "public" (群众)
    count: Mapped[int] = mapped_column(Integer)
    headcount_cap: Mapped[int | None] = mapped_column(Integer, nullable=True)

    __table_args__ = (
        Index("ix_checkins_booking_day", "booking_id", "local_date"),
        Index("ix_checkins_day", "local_date"),
        # (hall_id, kind, local_date) of reports (0004) dropped in 0016: both below begin with it
        Index("ix_checkins_walk_ins", "hall_id", "kind", "local_date", "visitor_kind", "count"),  # covers walk-ins (0010)
        # covers the arrival rules' pass check-ins of a range and their per-booking probe (0013)
        Index("ix_checkins_pass_report", "hall_id", "kind", "local_date", "booking_id", "recorded_at", "id", "count",
              "organisation_id", "device_id"),
    )


class HeadcountConfirmation(FactMixin, Base):
    """The group leader's count of who actually arrived: a correction fact whose ``corrects_id``
    is the check-in it confirms. The newest confirmation of a check-in wins."""

    __tablename__ = "headcount_confirmations"

    arrived: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_headcount_confirmations_checkin", "corrects_id"),)


__all__ = ["Booking", "Checkin", "HeadcountConfirmation", "Organisation", "RevokedPass"]
