"""Writing facts: stamps every new row with a UUIDv7, the hall, the device and the UTC time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

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

    def stamp_values(self, now: datetime | None = None) -> dict[str, Any]:
        """The fact columns (id, hall_id, device_id, recorded_at) as a dict, for a Core ``insert``.

        ``now`` is the moment the caller already took from the clock: pass it when the same
        instant also decides something else (the hall-local "today" of a check-in), so the two
        can never fall on different sides of midnight. Without it the writer's clock is read.
        """
        return {
            "id": new_fact_id(),
            "hall_id": self.hall_id,
            "device_id": self.device_id,
            "recorded_at": self.clock.now() if now is None else now,
        }

    def stamp(self, fact: F, now: datetime | None = None) -> F:
        """Stamp ``fact`` (UUIDv7 id, hall, device, ``now`` or the clock's time) without writing it.

        The one place facts get their identity: :meth:`add` uses it, and so does every service
        that writes a fact inside its own transaction (read and write in one, e.g. a check-in).
        Returns the same object, so ``session.add(writer.stamp(Fact(...), now))`` reads well.
        """
        for name, value in self.stamp_values(now).items():
            setattr(fact, name, value)
        return fact

    def add(self, fact: F, now: datetime | None = None) -> F:
        """Stamp ``fact`` (see :meth:`stamp`) and commit it; once this returns the row is on disk."""
        self.stamp(fact, now)
        with self.db.transaction() as session:
            session.add(fact)
        return fact
