"""Time as an injected object, so tests move time instead of sleeping or patching ``time``.

Services take a :class:`Clock`; the app passes :class:`SystemClock`, tests pass :class:`FakeClock`.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    """What services need to know about time."""

    def now(self) -> datetime:
        """The current instant, timezone-aware UTC (facts are stamped with it)."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back (for timeouts and dwell times)."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock that moves only when told to; both readings advance together."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
        self._mono = 1000.0

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float) -> None:
        """Move both readings forward by ``seconds``."""
        self._now += timedelta(seconds=seconds)
        self._mono += seconds


HALL_TIMEZONE = ZoneInfo("Asia/Shanghai")
"""The hall's time zone: "today" and "this month" are the hall's local dates, not UTC ones."""


def hall_date(instant: datetime) -> date:
    """The hall-local calendar date of an aware instant (``clock.now()``): the one place that
    turns UTC into "today", so every leaderboard, report and pass check agrees on it."""
    return instant.astimezone(HALL_TIMEZONE).date()


def hall_day_start(day: date) -> datetime:
    """The UTC instant at which the hall-local ``day`` begins (for range queries on UTC columns)."""
    return datetime(day.year, day.month, day.day, tzinfo=HALL_TIMEZONE).astimezone(UTC)
