"""Forgetting contacts once a visit is past (PIPL: shortest retention).

A contact name and phone are needed only to reach the group around its visit. After that the
hall keeps the booking (organisation, day, slot, headcount, purpose) for its yearly report and
drops the person. Check-in facts never held personal data, so they stay as they are.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import or_, update

from kiosk.clock import Clock, hall_date
from kiosk.store.db import Database
from kiosk.store.visits_models import Booking
from kiosk.visits.errors import VisitsError


class ContactPurger:
    """Empties contact names and phones of bookings whose visit lies far enough in the past."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def purge(self, older_than_days: int) -> int:
        """Purge bookings visited more than ``older_than_days`` days before today (hall-local).

        Returns how many bookings had a contact removed. Counts, dates and purposes are kept.
        """
        if type(older_than_days) is not int or older_than_days < 0:
            raise VisitsError("天数应为 0 或更大的整数。")
        cutoff = hall_date(self.clock.now()) - timedelta(days=older_than_days)
        with self.db.transaction() as session:
            result = session.execute(
                update(Booking)
                .where(Booking.visit_date < cutoff)
                .where(or_(Booking.contact_name.is_not(None), Booking.contact_phone.is_not(None)))
                .values(contact_name=None, contact_phone=None, contact_purged_at=self.clock.now())
                .execution_options(synchronize_session=False)
            )
            return int(result.rowcount or 0)  # type: ignore[attr-defined]
