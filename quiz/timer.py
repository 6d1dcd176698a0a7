"""A countdown that can be paused, on top of an injected clock.

Pausing matters for the group contest (the host freezes the screen while a dispute is
settled); the time a question took excludes paused time, so answer records stay fair.
"""

from __future__ import annotations

from quiz.clock import Clock

_EPSILON = 1e-6  # a microsecond: float sums of clock readings must not postpone a deadline


class Countdown:
    """Elapsed/remaining time of one question; ``limit`` None means untimed."""

    def __init__(self, clock: Clock, limit: float | None) -> None:
        if limit is not None and limit <= 0:
            raise ValueError("time limit must be positive")
        self._clock = clock
        self.limit = limit
        self._started = clock.now()
        self._paused_at: float | None = None
        self._paused_total = 0.0

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def elapsed(self) -> float:
        end = self._paused_at if self._paused_at is not None else self._clock.now()
        return max(0.0, end - self._started - self._paused_total)

    def remaining(self) -> float | None:
        if self.limit is None:
            return None
        return max(0.0, self.limit - self.elapsed())

    def expired(self) -> bool:
        return self.limit is not None and self.elapsed() >= self.limit - _EPSILON

    def pause(self) -> None:
        if self._paused_at is None:
            self._paused_at = self._clock.now()

    def resume(self) -> None:
        if self._paused_at is not None:
            self._paused_total += self._clock.now() - self._paused_at
            self._paused_at = None
