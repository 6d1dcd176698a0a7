"""Builders shared by the arrivals tests: a service on a database, a booking with its pass."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kiosk.clock import Clock
from kiosk.passes.decode import FakeDecoder, PassDecoder
from kiosk.store.db import Database
from kiosk.store.facts import FactWriter
from kiosk.visits.bookings import BookingInfo
from kiosk.visits.service import VisitsService, build_visits

HALL = "test-hall"
TODAY = date(2026, 11, 21)  # FakeClock's start, 2026-11-21 09:00 UTC, is 17:00 in the hall
ORG = "中关村科技园区第一党支部"


def make_service(db: Database, clock: Clock, keys_dir: Path, *, device: str = "kiosk-1", hall: str = HALL,
                 decoder: PassDecoder | None = None) -> VisitsService:
    return build_visits(db, FactWriter(db, hall, device, clock), clock, keys_dir=keys_dir,
                        decoder=decoder or FakeDecoder())


def book(service: VisitsService, *, org: str = ORG, kind: str = "机关", day: date = TODAY, slot: str = "09:00-10:30",
         headcount: int = 45, purpose: str = "参观学习", contact: str | None = "张三丰",
         phone: str | None = "13812345678") -> tuple[BookingInfo, str]:
    """An organisation (added if new), a booking for it, and the booking's pass text."""
    if not any(o.name == org for o in service.organisations.list_all()):
        service.organisations.add(org, kind)
    booking = service.bookings.add(organisation=org, visit_date=day, slot=slot, headcount=headcount,
                                   purpose=purpose, contact=contact, phone=phone)
    return booking, service.passes.text(booking.id)
