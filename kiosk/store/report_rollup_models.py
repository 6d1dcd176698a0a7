"""Per-day pre-aggregates of the big fact tables (issue 8): the summary's additive figures read
these instead of every board view, quiz attempt, walk-in and feedback of a range.

Derived, not facts: every row is rebuilt from its facts by the ``INSERT … SELECT`` of revision 0013,
which also attaches the triggers that keep them (row triggers with an upsert on SQLite, statement
triggers over the inserted rows on PostgreSQL, so a hub's COPY + ``INSERT … SELECT`` ingest adds one
grouped upsert per batch, not one per fact). Triggers and not the write path: facts arrive through
the kiosk's ``FactWriter``, the seed's bulk writer, sync and the hub's ingest, and a trigger is the
one place all four pass. Keys are (hall, hall-local day, …): a day is additive, so any range of
days is a ``SUM … GROUP BY`` over at most 3,653 days per hall and key.

Distinct organisations over a range are not a sum of days: the group figures' rollup
(:class:`GroupDay`, revision 0014) keeps one row per hall, day and booking instead, from which a
range's groups, organisations and people are a ``GROUP BY`` (``kiosk.reports.group_figures``).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, Float, Index, Integer, String, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.store.models import Base
from kiosk.store.types import UTCDateTime


class BoardViewDay(Base):
    """Board views of one hall, hall-local day and zone: views, reads (≥ 10 s), read-aloud, dwell."""

    __tablename__ = "report_board_view_days"

    hall_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    local_date: Mapped[date] = mapped_column(Date, primary_key=True)
    zone_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    views: Mapped[int] = mapped_column(BigInteger)
    readers: Mapped[int] = mapped_column(BigInteger)
    read_aloud: Mapped[int] = mapped_column(BigInteger)
    dwell_seconds: Mapped[float] = mapped_column(Float)


class QuizAttemptDay(Base):
    """Quiz attempts of one hall, hall-local day (of ``finished_at``) and mode: count and score sums."""

    __tablename__ = "report_quiz_attempt_days"

    hall_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    local_date: Mapped[date] = mapped_column(Date, primary_key=True)
    mode: Mapped[str] = mapped_column(String(16), primary_key=True)
    attempts: Mapped[int] = mapped_column(BigInteger)
    score_sum: Mapped[int] = mapped_column(BigInteger)
    percent_sum: Mapped[float] = mapped_column(Float)


class WalkInDay(Base):
    """Walk-in people of one hall, day and visitor kind (member 党员 / public 群众)."""

    __tablename__ = "report_walk_in_days"

    hall_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    local_date: Mapped[date] = mapped_column(Date, primary_key=True)
    visitor_kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    people: Mapped[int] = mapped_column(BigInteger)


class FeedbackDay(Base):
    """Feedback of one hall, day and rating: how many, and how many with a suggestion."""

    __tablename__ = "report_feedback_days"

    hall_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    local_date: Mapped[date] = mapped_column(Date, primary_key=True)
    rating: Mapped[int] = mapped_column(Integer, primary_key=True)
    feedback: Mapped[int] = mapped_column(BigInteger)
    suggestions: Mapped[int] = mapped_column(BigInteger)


class FeedbackTagDay(Base):
    """How often a tag was tapped in one hall on one day."""

    __tablename__ = "report_feedback_tag_days"

    hall_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    local_date: Mapped[date] = mapped_column(Date, primary_key=True)
    tag: Mapped[str] = mapped_column(Text, primary_key=True)
    taps: Mapped[int] = mapped_column(BigInteger)


NO_BOOKING = uuid.UUID(int=0)
"""``GroupDay.booking_id`` of pass check-ins that name no booking (a key column cannot be NULL): the
arrival rules rank all of a range's booking-less passes together, as one group, and so does the
rollup; no confirmation is ever matched to them (the rules compare booking ids with ``=``)."""


class GroupDay(Base):
    """Pass check-ins of one hall, hall-local day and booking (revision 0014): the group figures'
    rollup. ``first_*`` is the earliest check-in (recorded_at, id) of the three keys, with its
    organisation (the check-in's own, resolved against the booking when read: a booking may arrive
    after its check-in) and headcount cap; ``checkins`` counts the pass facts; ``confirmed*`` is
    the newest headcount confirmation (recorded_at, id) made on any of them, whichever came first.

    The arrival rules over a range are then: per booking, the row with the earliest ``first_*`` of
    the range counts, with the newest confirmation among that booking's rows of that day (other
    halls' rows of the scope included), else its cap."""

    __tablename__ = "report_group_days"

    hall_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    local_date: Mapped[date] = mapped_column(Date, primary_key=True)
    booking_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    first_at: Mapped[datetime] = mapped_column(UTCDateTime)
    first_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    first_hour: Mapped[int] = mapped_column(Integer)
    """the hall-local hour of ``first_at`` (the busiest hours; stored: one function call per group saved)"""
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    cap: Mapped[int] = mapped_column(Integer)
    checkins: Mapped[int] = mapped_column(BigInteger)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    confirmation_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    confirmed: Mapped[int | None] = mapped_column(Integer, nullable=True)
    single: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    """the booking has no other row (any hall, any day): in any range it counts as it is"""

    __table_args__ = (Index("ix_report_group_days_booking", "booking_id", "local_date"),
                      Index("ix_report_group_days_day", "local_date"),
                      Index("ix_report_group_days_several", "local_date", postgresql_where=text("NOT single"),
                            sqlite_where=text("NOT single")))


class GroupBooking(Base):
    """How many rows of :class:`GroupDay` a booking has (revision 0014; kept by a trigger on them)."""

    __tablename__ = "report_group_bookings"

    booking_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    rows: Mapped[int] = mapped_column(BigInteger)
