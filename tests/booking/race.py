"""Two bookings for the last places of one slot at the same moment, from two connections."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from kiosk.booking.errors import SlotFull
from kiosk.booking.service import BookingRequest, KeysRoot, OnlineBookings
from kiosk.clock import FakeClock
from kiosk.store.db import Database


def race_for_last_place(dbs: tuple[Database, Database], keys_root: Path, hall_id: str, slot_id: str,
                        day: date, orgs: tuple[str, str], headcount: int) -> list[str]:
    """Book from two threads (one database handle each) released together; returns each outcome."""
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(db: Database, org: str) -> None:
        service = OnlineBookings(db, FakeClock(), KeysRoot(keys_root))
        req = BookingRequest(hall_id=hall_id, day=day.isoformat(), slot_id=slot_id, organisation=org, kind="机关",
                             purpose="参观学习", headcount=str(headcount), contact_name="李四",
                             contact_phone="13912345678", consent=True)
        barrier.wait()
        try:
            service.book(req)
            outcomes.append("booked")
        except SlotFull:
            outcomes.append("full")
        except Exception as exc:  # noqa: BLE001 - any other end is a failure the test shows
            outcomes.append(f"error: {exc!r}")

    threads = [threading.Thread(target=attempt, args=(db, org)) for db, org in zip(dbs, orgs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return sorted(outcomes)
