"""Fixtures for the online booking tests: a seeded booking world on a real SQLite file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kiosk.booking.demo import DemoWorld, seed_demo
from kiosk.booking.service import BookingRequest, KeysRoot, OnlineBookings
from kiosk.clock import FakeClock
from kiosk.store.db import Database

MONDAY = date(2026, 11, 23)  # the FakeClock starts on Saturday 2026-11-21


@pytest.fixture
def world(sqlite_db: Database, clock: FakeClock, tmp_path: Path) -> DemoWorld:
    return seed_demo(sqlite_db, clock, tmp_path / "keys")


@pytest.fixture
def bookings(sqlite_db: Database, clock: FakeClock, world: DemoWorld) -> OnlineBookings:
    return OnlineBookings(sqlite_db, clock, KeysRoot(world.keys_root))


def request(service: OnlineBookings, *, hall: str = "demo-hall", day: date = MONDAY, slot: int = 0,
            org: str = "中关村街道党工委", kind: str = "", headcount: str = "30", consent: bool = True,
            phone: str = "13812345678", name: str = "张三") -> BookingRequest:
    slot_id = service.schedules.slots(hall)[slot].id
    return BookingRequest(hall_id=hall, day=day.isoformat(), slot_id=str(slot_id), organisation=org, kind=kind,
                          purpose="参观学习", headcount=headcount, contact_name=name, contact_phone=phone,
                          consent=consent)
