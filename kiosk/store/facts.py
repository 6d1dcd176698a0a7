"""Writing facts: stamps every new row with a UUIDv7, the hall, the device and the UTC time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from kiosk.clock import Clock
from kiosk.ids import new_fact_id
from kiosk.store.db import Database
from kiosk.store.models import FactMixin

F = TypeVar("F", bound=FactMixin)


@dataclass(frozen=True)
class FactWriter:
    """Knows who is writing (hall, device) and when; every fact goes through :meth:`add`."""

    db: Database
    hall_id: str
    device_id: str
    clock: Clock

    def add(self, fact: F) -> F:
        """Stamp ``fact`` and commit it; once this returns the row is on disk."""
        fact.id = new_fact_id()
        fact.hall_id = self.hall_id
        fact.device_id = self.device_id
        fact.recorded_at = self.clock.now()
        with self.db.transaction() as session:
            session.add(fact)
        return fact
