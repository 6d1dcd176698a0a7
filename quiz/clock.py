"""Time as the quiz engine sees it: an injected clock, so tests and replays control it.

Sessions only ever ask ``clock.now()`` for monotonic seconds; nothing reads the wall clock.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Monotonic seconds (any origin)."""
        ...


class MonotonicClock:
    """The real clock for the kiosk."""

    def now(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock that moves only when told to (tests, Hypothesis properties, demos)."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a monotonic clock cannot go back")
        self._now += seconds


class HasMonotonic(Protocol):
    def monotonic(self) -> float: ...


class MonotonicAdapter:
    """Adapts a clock whose ``now()`` is wall time and whose ``monotonic()`` gives seconds
    (the kiosk's clock, for one) to the quiz engine's ``now() -> float`` contract."""

    def __init__(self, source: HasMonotonic) -> None:
        self._source = source

    def now(self) -> float:
        return self._source.monotonic()
