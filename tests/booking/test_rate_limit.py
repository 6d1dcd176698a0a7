"""The hub's rate limiter on SQLite with a fake clock: a sliding window, so a client cannot double its
allowance by spending it at the end of one window and again at the start of the next (and a test's
twenty-first attempt is refused wherever the window edge falls)."""

from __future__ import annotations

import pytest

from kiosk.booking.errors import TooManyRequests
from kiosk.booking.ratelimit import RateLimiter
from kiosk.clock import FakeClock
from kiosk.store.db import Database


def test_a_burst_across_the_window_edge_is_still_refused(sqlite_db: Database, clock: FakeClock) -> None:
    limiter = RateLimiter(sqlite_db, clock)
    clock.advance(295)  # the fake clock starts on a 300 s edge: five seconds before the next
    for _ in range(20):
        limiter.check("login:198.51.100.7", limit=20, window_seconds=300)
    clock.advance(10)  # five seconds into the next fixed window
    with pytest.raises(TooManyRequests) as refused:
        limiter.check("login:198.51.100.7", limit=20, window_seconds=300)
    assert "秒后再试" in str(refused.value) and 0 < refused.value.retry_after <= 300
    limiter.check("login:198.51.100.8", limit=20, window_seconds=300)  # another client is not held up


def test_the_allowance_comes_back_once_a_whole_window_has_passed(sqlite_db: Database, clock: FakeClock) -> None:
    limiter = RateLimiter(sqlite_db, clock)
    for _ in range(3):
        limiter.check("book:x", limit=3, window_seconds=60)
    with pytest.raises(TooManyRequests):
        limiter.check("book:x", limit=3, window_seconds=60)
    clock.advance(30)
    with pytest.raises(TooManyRequests):  # half a window later, the earlier hits still count
        limiter.check("book:x", limit=3, window_seconds=60)
    clock.advance(91)
    for _ in range(3):
        limiter.check("book:x", limit=3, window_seconds=60)

