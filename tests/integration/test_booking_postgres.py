"""Online booking on the hub's PostgreSQL: the capacity race between two concurrent transactions,
rate limits and staff sessions through the same services as on SQLite."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from kiosk.booking.demo import seed_demo
from kiosk.booking.errors import TooManyRequests
from kiosk.booking.ratelimit import RateLimiter
from kiosk.booking.schedule import HallSchedules
from kiosk.booking.service import KeysRoot, OnlineBookings
from kiosk.clock import FakeClock
from kiosk.passes.keys import init_keys
from kiosk.store.db import open_database
from tests.booking.conftest import MONDAY
from tests.booking.race import race_for_last_place

pytestmark = pytest.mark.postgres


def test_two_transactions_racing_for_the_last_place_give_exactly_one_booking(pg_url: str, tmp_path: Path) -> None:
    first, second = open_database(pg_url), open_database(pg_url)
    clock = FakeClock()
    hall = f"pg-{uuid.uuid4().hex[:8]}"
    schedules = HallSchedules(first, clock)
    schedules.set_hall(hall, name="并发测试馆")
    init_keys(tmp_path / "keys" / hall)
    for round_no in range(6):
        slot = schedules.add_slot(hall, f"{8 + round_no:02d}:00-{8 + round_no:02d}:50", people=30, groups=3)
        outcomes = race_for_last_place((first, second), tmp_path / "keys", hall, str(slot.id), MONDAY,
                                       (f"甲{hall}{round_no}", f"乙{hall}{round_no}"), 20)
        assert outcomes == ["booked", "full"], outcomes
        [day] = schedules.availability(hall, MONDAY, MONDAY)
        [left] = [s for s in day.slots if s.slot.id == slot.id]
        assert (left.people_left, left.groups_left) == (10, 2)
    first.close()
    second.close()


def test_booking_cancel_and_rate_limit_on_postgres(pg_url: str, tmp_path: Path) -> None:
    db = open_database(pg_url)
    clock = FakeClock()
    world = seed_demo(db, clock, tmp_path / "keys")
    service = OnlineBookings(db, clock, KeysRoot(world.keys_root))
    from tests.booking.conftest import request

    receipt = service.book(request(service, org=f"王府井社区党委{uuid.uuid4().hex[:6]}", kind="社区"))
    assert service.cancel_by_token(receipt.token).status == "cancelled"
    limiter = RateLimiter(db, clock)
    key = f"book:{uuid.uuid4().hex}"
    for _ in range(3):
        limiter.check(key, limit=3, window_seconds=60)
    with pytest.raises(TooManyRequests):
        limiter.check(key, limit=3, window_seconds=60)
    clock.advance(61)
    limiter.check(key, limit=3, window_seconds=60)
    db.close()
