"""The theatre's fact (issue 11): one screening, lecture or oath ceremony that was run.

A ``theatre_sessions`` row is written once, when the item ends (played to the end, or stopped
early by the host): the item, its kind, the group that watched (a checked-in booking, a walk-in
count, or none), the people counted, when it started and ended. Like every fact it is immutable,
carries no foreign key (a booking may not have reached this database; hub batches arrive in any
order) and stores its hall-local ``local_date`` so date-range statistics are plain comparisons.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, Date, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.store.models import Base, FactMixin
from kiosk.store.types import UTCDateTime


class TheatreSession(FactMixin, Base):
    """One programme item run in the theatre for an audience (a fact)."""

    __tablename__ = "theatre_sessions"

    item_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # "film" | "lecture" | "ceremony"
    title: Mapped[str] = mapped_column(String(128))
    mode: Mapped[str] = mapped_column(String(16), default="")  # ceremony: "led" | "guided"
    audience: Mapped[str] = mapped_column(String(16))  # "group" | "walk_in" | "none"
    booking_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    group_name: Mapped[str] = mapped_column(String(128), default="")
    people: Mapped[int] = mapped_column(Integer)
    local_date: Mapped[date] = mapped_column(Date)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime] = mapped_column(UTCDateTime)
    completed: Mapped[bool] = mapped_column(Boolean)  # False: stopped early by the host

    __table_args__ = (Index("ix_theatre_sessions_day", "local_date", "kind"),)
