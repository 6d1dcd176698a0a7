"""The revocation list: pass ids no kiosk may accept (their bookings were cancelled).

It is reference data (``revoked_passes``), written by the staff console or hub and read offline
by every kiosk. ``verify_pass`` takes any ``Container`` of revoked ids; :class:`RevokedLookup`
answers membership with one primary-key lookup, so a kiosk never loads ten years of
cancellations into memory to check one pass.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.store.db import Database
from kiosk.store.visits_models import RevokedPass

REASON_CANCELLED = "booking_cancelled"


class RevokedLookup:
    """A ``Container`` view of the revocation list inside an open session (UUID or its str form)."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._known: dict[uuid.UUID, bool] = {}  # verify_pass asks for the UUID and its str form

    def __contains__(self, item: object) -> bool:
        if isinstance(item, str):
            try:
                item = uuid.UUID(item)
            except ValueError:
                return False
        if not isinstance(item, uuid.UUID):
            return False
        if item not in self._known:
            found = self._session.execute(select(RevokedPass.pass_id).where(RevokedPass.pass_id == item)).first()
            self._known[item] = found is not None
        return self._known[item]


class RevocationList:
    """Revokes passes and lists what is revoked."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @staticmethod
    def revoke(session: Session, *, pass_id: uuid.UUID, booking_id: uuid.UUID, at: datetime,
               reason: str = REASON_CANCELLED) -> None:
        """Add pass_id to the list inside the caller's transaction (idempotent: a second call changes nothing)."""
        if session.get(RevokedPass, pass_id) is None:
            session.add(RevokedPass(pass_id=pass_id, booking_id=booking_id, revoked_at=at, reason=reason))

    def pass_ids(self) -> frozenset[uuid.UUID]:
        """Every revoked pass id (for export to kiosks and for tests)."""
        with self.db.transaction() as session:
            return frozenset(session.scalars(select(RevokedPass.pass_id)).all())

    def is_revoked(self, pass_id: uuid.UUID) -> bool:
        """Whether pass_id is on the list."""
        with self.db.transaction() as session:
            return pass_id in RevokedLookup(session)
