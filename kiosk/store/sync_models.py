"""The kiosk's side of sync (issue 9): who this device is, what waits to go up, where pull stands.

* ``device_identity``: one row; the device UUID generated once (never the host name: kiosks
  cloned from one disk image would collide) and a readable label beside it.
* ``sync_outbox``: one row per fact of this device not yet acknowledged by the hub. It is written
  by an SQLite trigger in the same transaction as the fact (so "waiting" never depends on the
  wall clock) and the row is deleted only after the hub's reply acknowledged the fact. The
  ``seq`` is a local AUTOINCREMENT: push order, never reused.
* ``sync_state``: one row; the hub address, the pull cursor, the last push and the last error.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.store.models import Base
from kiosk.store.types import UTCDateTime


class DeviceIdentity(Base):
    """This device: its generated UUID and a label staff recognise (the host name at creation)."""

    __tablename__ = "device_identity"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    device_id: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(128), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SyncOutbox(Base):
    """One fact of this device waiting for the hub's acknowledgement."""

    __tablename__ = "sync_outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(64))
    fact_id: Mapped[uuid.UUID] = mapped_column(Uuid)

    __table_args__ = (Index("ix_sync_outbox_table", "table_name", "seq"), {"sqlite_autoincrement": True})


class SyncState(Base):
    """Where sync stands (one row): the hub, the enrolled hall, the pull cursor, the last outcome."""

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    hub_url: Mapped[str | None] = mapped_column(String(255), nullable=True)
    hall_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_pull_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    last_push_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_pull_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


__all__ = ["DeviceIdentity", "SyncOutbox", "SyncState"]
