"""The tables of online booking (issue 10): halls' schedules, slot usage, online bookings, staff web accounts.

All of it is hub-side reference data with one writer (the hub). A booking itself stays a row of the
arrivals table ``bookings`` (issue 3), made by ``BookingBook``; ``online_bookings`` adds what the
web needs beside it: the hall and slot it holds a place in, its approval status and the hash of
its private manage token.

Capacity lives in ``booking_slot_usage``: one row per slot and day with the people and groups
already holding a place. A booking takes its place with one conditional ``UPDATE … WHERE people +
n <= capacity`` on that row, so two concurrent bookings for the last place cannot both succeed:
the database's row lock serialises them and the second one's condition fails.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.store.models import Base
from kiosk.store.types import UTCDateTime


class BookingHall(Base):
    """A hall as the booking pages know it: its name, opening weekdays and booking rules."""

    __tablename__ = "booking_halls"

    hall_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    open_weekdays: Mapped[str] = mapped_column(String(7))  # digits of open weekdays, Monday = 0
    requires_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    max_headcount: Mapped[int] = mapped_column(Integer)
    horizon_days: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class BookingSlot(Base):
    """A time slot offered on every open day of a hall, with its capacity in people and in groups."""

    __tablename__ = "booking_slots"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    hall_id: Mapped[str] = mapped_column(String(64), ForeignKey("booking_halls.hall_id"), index=True)
    slot_start: Mapped[str] = mapped_column(String(5))
    slot_end: Mapped[str] = mapped_column(String(5))
    capacity_people: Mapped[int] = mapped_column(Integer)
    capacity_groups: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class BookingClosedDay(Base):
    """A day a hall is closed although its weekday is open (a holiday, maintenance)."""

    __tablename__ = "booking_closed_days"

    hall_id: Mapped[str] = mapped_column(String(64), ForeignKey("booking_halls.hall_id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    reason: Mapped[str] = mapped_column(String(64))


class BookingSlotUsage(Base):
    """People and groups holding a place in one slot on one day (pending and confirmed bookings)."""

    __tablename__ = "booking_slot_usage"

    slot_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("booking_slots.id"), primary_key=True)
    visit_date: Mapped[date] = mapped_column(Date, primary_key=True)
    people: Mapped[int] = mapped_column(Integer, default=0)
    groups: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        CheckConstraint("people >= 0", name="people_not_negative"),
        CheckConstraint("groups >= 0", name="groups_not_negative"),
    )


class OnlineBooking(Base):
    """What the web adds to a booking: its hall and slot, approval status, and the manage token's hash."""

    __tablename__ = "online_bookings"

    booking_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("bookings.id"), primary_key=True)
    hall_id: Mapped[str] = mapped_column(String(64), ForeignKey("booking_halls.hall_id"), index=True)
    slot_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("booking_slots.id"))
    status: Mapped[str] = mapped_column(String(16))  # pending | confirmed | declined | cancelled
    manage_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    decided_by: Mapped[str | None] = mapped_column(String(64), nullable=True)


class StaffAccount(Base):
    """A staff login for the hub's pages: one hall's staff, or a district admin (``hall_id`` NULL)."""

    __tablename__ = "staff_accounts"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    hall_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class StaffWebSession(Base):
    """A signed-in browser: the hash of its cookie token, its CSRF token and when it ends."""

    __tablename__ = "staff_web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("staff_accounts.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RateLimitHit(Base):
    """Requests counted per key (action and client) in a fixed time window; shared by every hub process."""

    __tablename__ = "rate_limit_hits"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    hits: Mapped[int] = mapped_column(Integer)


__all__ = [
    "BookingClosedDay", "BookingHall", "BookingSlot", "BookingSlotUsage", "OnlineBooking",
    "RateLimitHit", "StaffAccount", "StaffWebSession",
]
