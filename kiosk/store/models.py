"""The tables. Facts are immutable rows (contract 2); local state is the device's own key/value.

Every fact carries a UUIDv7 id, the hall id, the device id and a UTC timestamp, and may point at an
earlier fact it corrects. Nothing updates a fact in place.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, String, Text, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kiosk.store.types import UTCDateTime


class Base(DeclarativeBase):
    """Declarative base of every table."""


class FactMixin:
    """The columns every fact has (brief contract 2)."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    hall_id: Mapped[str] = mapped_column(String(64), index=True)
    device_id: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    corrects_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)


class BoardView(FactMixin, Base):
    """A visitor looked at one board: when it opened, how long it stayed, whether it was read aloud."""

    __tablename__ = "board_views"

    # no index of its own: (hall_id, …) indexes below begin with it (revision 0015)
    hall_id: Mapped[str] = mapped_column(String(64))
    zone_id: Mapped[str] = mapped_column(String(64))
    board_id: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    dwell_seconds: Mapped[float] = mapped_column(Float)
    read_aloud: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        Index("ix_board_views_board", "hall_id", "board_id"),
        # covers the zone figures of a range (0010): no table lookups for 125,000 views a year; also
        # serves what (hall_id, opened_at) did (that index dropped in 0015)
        Index("ix_board_views_report", "hall_id", "opened_at", "zone_id", "dwell_seconds", "read_aloud"),
    )


class StaffEvent(FactMixin, Base):
    """A staff-gate event: a PIN tried (right or wrong), the console opened, the app exited."""

    __tablename__ = "staff_events"

    kind: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")


class LocalSetting(Base):
    """Device-local state that is not a fact: the staff PIN hash, the lockout deadline."""

    __tablename__ = "local_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


__all__ = ["Base", "BoardView", "FactMixin", "ForeignKey", "LocalSetting", "StaffEvent"]


# The tables of the later areas live in their own modules; importing them here registers them on
# Base.metadata wherever the store is used. (Imported last: they subclass Base and FactMixin above.)
from kiosk.store import visits_models as _visits_models  # noqa: E402,F401
from kiosk.store import quiz_models as _quiz_models  # noqa: E402,F401
from kiosk.store import theatre_models as _theatre_models  # noqa: E402,F401
from kiosk.store import sync_models as _sync_models  # noqa: E402,F401 - issue 9: device, outbox
from kiosk.store import hub_models as _hub_models  # noqa: E402,F401 - issue 9: the hub's own tables
from kiosk.store import feedback_models as _feedback_models  # noqa: E402,F401
from kiosk.store import quiz_totals_models as _quiz_totals_models  # noqa: E402,F401 - issue 8: item totals
from kiosk.store import report_rollup_models as _report_rollup_models  # noqa: E402,F401 - issue 8: per-day rollups
from kiosk.booking import models as _booking_models  # noqa: E402,F401
