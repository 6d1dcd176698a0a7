"""The feedback fact (issue 8): one visitor's 留言评价 at the exit, anonymous.

A feedback row holds a 1–5 rating (满意度), the tags tapped (a JSON list of the content folder's tag
texts), an optional suggestion and, when exactly one group was in the hall (or the visitor picked
theirs), that group's organisation. It names no person. ``local_date`` is the hall-local day, stored
like a check-in's so date-range figures are plain comparisons on SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Date, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.store.models import Base, FactMixin


class Feedback(FactMixin, Base):
    """One 留言评价 (a fact): rating 1–5, tags, suggestion, the group it belongs to if known."""

    __tablename__ = "feedback"

    # no index of its own: ix_feedback_hall_day begins with it (revision 0016)
    hall_id: Mapped[str] = mapped_column(String(64))
    local_date: Mapped[date] = mapped_column(Date)
    rating: Mapped[int] = mapped_column(Integer)
    tags: Mapped[str] = mapped_column(Text, default="[]")
    suggestion: Mapped[str] = mapped_column(Text, default="")
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    source: Mapped[str] = mapped_column(String(16), default="kiosk")  # "kiosk" | "web" (the hub's form)

    __table_args__ = (Index("ix_feedback_hall_day", "hall_id", "local_date"),)


__all__ = ["Feedback"]
