"""Online booking on the hub's PostgreSQL: the capacity race between two concurrent transactions,
rate limits and staff sessions through the same services as on SQLite."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from kiosk.booking.errors import TooManyRequests
from kiosk.booking.ratelimit import RateLimiter
from kiosk.booking.schedule import HallSchedules
from kiosk.booking.service import BookingRequest, KeysRoot, OnlineBookings
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
    # Its own hall and organisation names: the schema is shared by the whole session's PostgreSQL tests.
    db = open_database(pg_url)
    clock = FakeClock()
    hall = f"pg-{uuid.uuid4().hex[:8]}"
    schedules = HallSchedules(db, clock)
    schedules.set_hall(hall, name="取消测试馆")
    slot = schedules.add_slot(hall, "09:00-10:00", people=30, groups=3)
    init_keys(tmp_path / "keys" / hall)
    service = OnlineBookings(db, clock, KeysRoot(tmp_path / "keys"))
    receipt = service.book(BookingRequest(hall, MONDAY.isoformat(), str(slot.id), f"取消测试单位{hall}", "社区",
                                          "参观学习", "12", "王五", "13712345678", True))
    assert service.cancel_by_token(receipt.token).status == "cancelled"
    [day] = schedules.availability(hall, MONDAY, MONDAY)
    assert day.slots[0].people_left == 30
    limiter = RateLimiter(db, clock)
    key = f"book:{uuid.uuid4().hex}"
    for _ in range(3):
        limiter.check(key, limit=3, window_seconds=60)
    with pytest.raises(TooManyRequests):
        limiter.check(key, limit=3, window_seconds=60)
    clock.advance(60)  # the next window: the earlier hits still weigh (a sliding window)
    with pytest.raises(TooManyRequests):
        limiter.check(key, limit=3, window_seconds=60)
    clock.advance(61)  # a whole window with no hits in it
    limiter.check(key, limit=3, window_seconds=60)
    db.close()
