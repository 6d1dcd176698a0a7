"""One check-in per booking and day, even when two writers scan the same pass at the same moment.

The "already checked in?" read and the insert must not interleave with another writer's. On SQLite
the scan's transaction begins with ``BEGIN IMMEDIATE`` (``Database.transaction(immediate=True)``),
which serialises all writers of the file. On PostgreSQL (the hub, several kiosks on one database)
a transaction-level advisory lock keyed on the booking serialises only scans of that booking; it
is released by the commit or rollback, so nothing can leak it.
"""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session


def booking_lock_key(booking_id: uuid.UUID) -> int:
    """A signed 64-bit key for ``pg_advisory_xact_lock`` from a booking id (both halves folded in:
    a UUIDv7's first half is mostly its timestamp)."""
    value = booking_id.int
    folded = (value >> 64) ^ (value & 0xFFFF_FFFF_FFFF_FFFF)
    return folded - (1 << 64) if folded >= 1 << 63 else folded


def lock_booking(session: Session, booking_id: uuid.UUID) -> None:
    """Hold the booking's check-in lock until this transaction ends (PostgreSQL); a no-op elsewhere,
    where the transaction itself was begun with the write lock."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(booking_lock_key(booking_id))))
